package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mesh's pull secrets reach each revision's gateway Deployment as Kubernetes takes them ({@code - name: x}),
 * from Istio's real gateway chart: 1.22's takes no global value, and 1.24's copies {@code global.imagePullSecrets}
 * (a list of names, istiod's shape) to its own {@code imagePullSecrets} unchanged, which no API server accepts.
 */
class GatewayPullSecretsTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.22.8", "1.24.6", "1.26.8"})
    void theGatewayDeploymentNamesEachPullSecret(String version) throws Exception {
        String revision = version.replace('.', '-');
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  hub docker.io/istio
                  pullSecrets regcred
                  revision %s { istio %s  charts "charts" }
                  gateway istio-ingressgateway { namespace istio-ingress }
                  environment test { revisions %s }
                }
                """.formatted(revision, version, revision));
        Path charts = Fixtures.resolve("istio-charts/" + version + "/charts");
        for (String chart : new String[] {"base", "istio-control", "gateway"}) {
            try (Stream<Path> walk = Files.walk(charts.resolve(chart))) {
                for (Path source : walk.toList()) {
                    Path target = project.resolve("charts").resolve(charts.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).isEmpty();

        Path deployment = project.resolve("deploy/istio/test/gateways/istio-ingressgateway/" + revision
                + "/deployment.apps/istio-ingress_istio-ingressgateway-" + revision + ".yaml");
        JsonNode body = Yaml.readDocuments(Files.readString(deployment)).get(0);
        assertThat(body.path("spec").path("template").path("spec").path("imagePullSecrets").toString())
                .isEqualTo("[{\"name\":\"regcred\"}]");
    }
}
