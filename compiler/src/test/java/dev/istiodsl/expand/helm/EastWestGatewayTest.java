package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway eastwest { kind eastwest }} in a mesh of clusters on two networks, as Istio's multicluster guide
 * installs it: in each cluster the gateway's Service carries the cluster's {@code topology.istio.io/network} and opens
 * 15021, 15443, 15012 and 15017, its pods are labelled with the network and ask for its view, and a Gateway passes
 * mTLS through on 15443 for the other network.
 */
class EastWestGatewayTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts" }
              gateway eastwest { kind eastwest }
              environment prod {
                revisions 1-24-6
                cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                cluster prod-us-1 { meshID shop  clusterName prod-us-1  network net-us }
              }
            }
            """;

    @TempDir
    Path project;

    @Test
    void eachClustersEastWestServiceIsOnItsNetwork_andOpensTheCrossNetworkPort() throws Exception {
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);

        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), project.resolve("target/cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        Path eu = project.resolve("deploy/istio/prod/clusters/prod-eu-1");
        assertThat(eu.resolve("base/service/istio-system_eastwest.yaml")).content()
                .contains("topology.istio.io/network: net-eu", "port: 15443", "port: 15012", "port: 15017",
                        "port: 15021");
        assertThat(project.resolve("deploy/istio/prod/clusters/prod-us-1/base/service/istio-system_eastwest.yaml"))
                .content().contains("topology.istio.io/network: net-us");
        assertThat(project.resolve("deploy/istio/prod/base/gateway.networking.istio.io/"
                + "istio-system_eastwest-cross-network.yaml")).content()
                .contains("number: 15443", "mode: AUTO_PASSTHROUGH", "\"*.local\"", "istio: eastwest");
    }

    @Test
    void theGatewayChartLabelsAnEastWestGatewaysPodsWithItsNetwork_andAsksForItsView() {
        ObjectNode shared = Json.NODES.objectNode();
        shared.putObject("global").put("network", "net-eu");
        Gateway eastwest = new Gateway("eastwest", new SourceLocation("mesh.istiodsl", 1, 1, 1), Gateway.Kind.EASTWEST,
                "istio-system", "LoadBalancer", OptionalInt.empty(), List.of(), Json.NODES.objectNode());

        dev.istiodsl.model.Revision revision = new dev.istiodsl.model.Revision("1-24-6", eastwest.at(),
                dev.istiodsl.model.IstioVersion.parse("1.24.6").orElseThrow(), "default", java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                Json.NODES.objectNode(), Json.NODES.objectNode(), java.util.Map.of(), List.of());

        ObjectNode values = HelmReleases.gatewayValues(shared, eastwest, revision);

        assertThat(values.at("/labels/topology.istio.io~1network").asText()).isEqualTo("net-eu");
        assertThat(values.at("/env/ISTIO_META_REQUESTED_NETWORK_VIEW").asText()).isEqualTo("net-eu");
    }
}
