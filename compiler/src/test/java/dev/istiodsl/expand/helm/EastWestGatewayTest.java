package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.RealCharts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway eastwest { kind eastwest }} in a mesh of clusters on two networks, rendered from Istio's real charts
 * ({@code base}, {@code istiod}, {@code gateway}) as Istio's multicluster guide installs it: in each cluster the
 * gateway's Service carries the cluster's {@code topology.istio.io/network} and opens 15021, 15443, 15012 and 15017,
 * its pods are labelled with the network and ask for its view, and a Gateway passes mTLS through on 15443 for the
 * other network.
 */
class EastWestGatewayTest {

    private static final String MESH = """
            mesh shop {
              revision rev { istio VERSION  charts "charts" }
              gateway eastwest { kind eastwest }
              environment prod {
                revisions rev
                cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                cluster prod-us-1 { meshID shop  clusterName prod-us-1  network net-us }
              }
            }
            """;

    @TempDir
    Path project;

    @ParameterizedTest(name = "Istio {0}")
    @ValueSource(strings = {"1.20.8", "1.22.8", "1.24.6", "1.26.8", "1.28.10", "1.30.3"})
    void eachClustersEastWestServiceIsOnItsNetwork_andOpensTheCrossNetworkPort(String version) throws Exception {
        compile(version);

        Path prod = project.resolve("deploy/istio/prod");
        JsonNode eu = only(prod.resolve("clusters/prod-eu-1"), "Service", "eastwest");
        assertThat(eu.at("/metadata/labels/topology.istio.io~1network").asText()).isEqualTo("net-eu");
        assertThat(eu.at("/spec/ports").findValuesAsText("port"))
                .contains("15021", "15443", "15012", "15017");
        JsonNode us = only(prod.resolve("clusters/prod-us-1"), "Service", "eastwest");
        assertThat(us.at("/metadata/labels/topology.istio.io~1network").asText()).isEqualTo("net-us");
    }

    @ParameterizedTest(name = "Istio {0}")
    @ValueSource(strings = {"1.20.8", "1.22.8", "1.24.6", "1.26.8", "1.28.10", "1.30.3"})
    void theGatewayChartLabelsEachClustersEastWestPodsWithItsNetwork_andTheyAskForItsView(String version)
            throws Exception {
        compile(version);

        Path prod = project.resolve("deploy/istio/prod");
        for (String[] cluster : new String[][] {{"prod-eu-1", "net-eu"}, {"prod-us-1", "net-us"}}) {
            JsonNode pod = only(prod.resolve("clusters/" + cluster[0]), "Deployment", "eastwest-rev")
                    .at("/spec/template");
            assertThat(pod.at("/metadata/labels/topology.istio.io~1network").asText()).as(cluster[0])
                    .isEqualTo(cluster[1]);
            JsonNode env = pod.at("/spec/containers/0/env");
            List<String> view = new ArrayList<>();
            env.forEach(e -> {
                if (e.path("name").asText().equals("ISTIO_META_REQUESTED_NETWORK_VIEW")) {
                    view.add(e.path("value").asText());
                }
            });
            assertThat(view).as(cluster[0]).containsExactly(cluster[1]);
        }
    }

    @ParameterizedTest(name = "Istio {0}")
    @ValueSource(strings = {"1.20.8", "1.22.8", "1.24.6", "1.26.8", "1.28.10", "1.30.3"})
    void theCrossNetworkGatewayPassesMtlsThroughOn15443_forTheServicesOfTheMesh(String version) throws Exception {
        compile(version);

        JsonNode gateway = only(project.resolve("deploy/istio/prod/clusters/prod-eu-1"), "Gateway", "eastwest-cross-network");
        assertThat(gateway.at("/spec/selector/istio").asText()).isEqualTo("eastwest");
        JsonNode server = gateway.at("/spec/servers/0");
        assertThat(server.at("/port/number").asInt()).isEqualTo(15443);
        assertThat(server.at("/tls/mode").asText()).isEqualTo("AUTO_PASSTHROUGH");
        assertThat(server.at("/hosts/0").asText()).isEqualTo("*.local");
    }

    @org.junit.jupiter.api.Test
    void aNetworkThatTheClustersValuesOrSetsWrite_isTheOneTheEastWestServiceIsLabelledWith() throws Exception {
        compile("1.24.6", MESH.replace("network net-eu }", "network net-x  values { global: { network: net-eu } } }")
                .replace("network net-us }", "set values.global.network = net-us }"));

        Path prod = project.resolve("deploy/istio/prod");
        assertThat(only(prod.resolve("clusters/prod-eu-1"), "Service", "eastwest")
                .at("/metadata/labels/topology.istio.io~1network").asText()).isEqualTo("net-eu");
        assertThat(only(prod.resolve("clusters/prod-us-1"), "Service", "eastwest")
                .at("/metadata/labels/topology.istio.io~1network").asText()).isEqualTo("net-us");
    }

    private void compile(String version) throws Exception {
        compile(version, MESH);
    }

    private void compile(String version, String mesh) throws Exception {
        RealCharts.copy(version, project.resolve("charts"), "base", "istio-control", "gateway");
        Files.writeString(project.resolve("mesh.istiodsl"), mesh.replace("VERSION", version));
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), project.resolve("target/cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    }

    /** The one resource of that kind and name in the tree's files under {@code folder}. */
    private static JsonNode only(Path folder, String kind, String name) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode document : Yaml.readDocuments(Files.readString(file, StandardCharsets.UTF_8))) {
                    if (document.path("kind").asText().equals(kind)
                            && document.at("/metadata/name").asText().equals(name)) {
                        found.add(document);
                    }
                }
            }
        }
        assertThat(found).as("%s %s under %s", kind, name, folder).hasSize(1);
        return found.get(0);
    }
}
