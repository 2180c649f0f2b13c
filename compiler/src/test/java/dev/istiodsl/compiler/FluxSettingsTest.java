package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.FluxCrd;
import dev.istiodsl.testing.SmallManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flux Kustomizations reconcile as the mesh's {@code flux { }} settings say, overridden per environment key by
 * key, and every one of them passes Flux's own v1 schema.
 */
class FluxSettingsTest {

    private static final String GATEWAY_MANIFEST = """
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: public-r1
              namespace: istio-ingress
              labels: {app: public, istio: public, istio.io/rev: r1}
            spec:
              selector:
                matchLabels: {app: public, istio: public}
              template:
                metadata:
                  labels: {app: public, istio: public, istio.io/rev: r1}
                spec:
                  containers:
                  - name: istio-proxy
                    image: docker.io/istio/proxyv2:1.22.8
                    resources:
                      requests: {cpu: 100m, memory: 128Mi}
            """;

    @TempDir
    Path project;

    @Test
    void withoutSettingsTheKustomizationsAreAsBefore_theBootstrapSource10mWaitAndPrune() throws Exception {
        CompileResult result = compile("", "");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        JsonNode revision = flux("test-revision-r1").path("spec");
        assertThat(revision.path("interval").asText()).isEqualTo("10m");
        assertThat(revision.path("wait").asBoolean()).isTrue();
        assertThat(revision.path("prune").asBoolean()).isTrue();
        assertThat(revision.path("sourceRef").toString()).isEqualTo(
                "{\"kind\":\"GitRepository\",\"name\":\"flux-system\"}");
        assertThat(revision.has("healthChecks") || revision.has("timeout") || revision.has("retryInterval")
                || revision.has("serviceAccountName")).isFalse();
        assertThat(flux("test-revision-r1").at("/metadata/namespace").asText()).isEqualTo("flux-system");
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    @Test
    void meshWideSettingsApplyToEveryEnvironment_andAnEnvironmentOverridesThemKeyByKey() throws Exception {
        compile("""
                flux { sourceRef: { kind: OCIRepository, name: fleet, namespace: flux-ops }, interval: 5m,
                       retryInterval: 1m, timeout: 3m, prune: false, serviceAccountName: istio-reconciler }
                """, "flux { interval: 1h30m }");

        JsonNode kustomization = flux("test-base");
        JsonNode spec = kustomization.path("spec");
        assertThat(kustomization.at("/metadata/namespace").asText()).isEqualTo("flux-ops");
        assertThat(spec.path("sourceRef").toString()).isEqualTo("{\"kind\":\"OCIRepository\",\"name\":\"fleet\"}");
        assertThat(spec.path("interval").asText()).isEqualTo("1h30m");
        assertThat(spec.path("retryInterval").asText()).isEqualTo("1m");
        assertThat(spec.path("timeout").asText()).isEqualTo("3m");
        assertThat(spec.path("prune").asBoolean()).isFalse();
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("istio-reconciler");
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    @Test
    void withoutWait_eachRevisionAndGatewayWaitsForItsDeployments_soATagMovesOnlyOnceItsControlPlaneIsHealthy()
            throws Exception {
        compile("flux { wait: false }", "");

        assertThat(flux("test-revision-r1").path("spec").path("healthChecks").toString()).isEqualTo(
                "[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"istiod-r1\","
                        + "\"namespace\":\"istio-system\"}]");
        assertThat(flux("test-revision-r1").at("/spec/wait").asBoolean()).isFalse();
        assertThat(flux("test-gateway-public-r1").path("spec").path("healthChecks").toString()).isEqualTo(
                "[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"public-r1\","
                        + "\"namespace\":\"istio-ingress\"}]");
        assertThat(flux("test-gateway-public-r1").at("/spec/dependsOn/0/name").asText()).isEqualTo("test-revision-r1");
        assertThat(flux("test-base").path("spec").has("healthChecks")).isFalse();
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    @Test
    void anExplicitHealthCheckGoesToThePartThatAppliesItsObject_andTurnsWaitOff() throws Exception {
        compile("", "flux { healthChecks: [ { kind: Service, name: public, namespace: istio-ingress } ] }");

        assertThat(flux("test-base").path("spec").path("healthChecks").toString()).isEqualTo(
                "[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"name\":\"public\",\"namespace\":\"istio-ingress\"}]");
        assertThat(flux("test-base").at("/spec/wait").asBoolean()).isFalse();
        assertThat(flux("test-revision-r1").path("spec").path("healthChecks").get(0).path("name").asText())
                .isEqualTo("istiod-r1");
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    @Test
    void aHealthCheckOnAnObjectTheTreeDoesNotApplyIsAnErrorAtItsLine() throws Exception {
        CompileResult result = compile("", "flux { healthChecks: [ { kind: Deployment, name: nowhere } ] }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::id,
                d -> d.location().line()).containsExactly(org.assertj.core.api.Assertions.tuple(
                        "Flux.HealthCheckNotInTree", 9));
    }

    @Test
    void theSopsKeysSecretIsASetting() throws Exception {
        Files.writeString(project.resolve("db.sops.yaml"), SopsSecretsTest.ENCRYPTED);
        compile("flux { decryption: { provider: sops, secretRef: { name: istio-age-keys } } }", "",
                "overlay db { resource from \"db.sops.yaml\" }", "overlays db");

        assertThat(flux("test-base").at("/spec/decryption").toString())
                .isEqualTo("{\"provider\":\"sops\",\"secretRef\":{\"name\":\"istio-age-keys\"}}");
        assertThat(flux("test-revision-r1").path("spec").has("decryption")).isFalse();
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    @Test
    void sopsWithoutASecretRef_decryptsWithTheControllersOwnKeys_andNamesNoSecret() throws Exception {
        Files.writeString(project.resolve("db.sops.yaml"), SopsSecretsTest.ENCRYPTED);
        CompileResult result = compile("flux { decryption: { provider: sops } }", "",
                "overlay db { resource from \"db.sops.yaml\" }", "overlays db");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(flux("test-base").at("/spec/decryption").toString()).isEqualTo("{\"provider\":\"sops\"}");
        assertThat(everyKustomizationAgainstFluxSchema()).isEmpty();
    }

    private JsonNode flux(String name) throws IOException, Yaml.Problem {
        return Yaml.readDocuments(Files.readString(project.resolve("deploy/istio/test/flux/" + name + ".yaml"),
                StandardCharsets.UTF_8)).get(0);
    }

    private List<String> everyKustomizationAgainstFluxSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(project.resolve("deploy/istio"))) {
            for (Path file : files.filter(f -> f.getParent().getFileName().toString().equals("flux")
                    && !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                problems.addAll(FluxCrd.problems(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            }
        }
        return problems;
    }

    /** Mesh settings go on line 2; the environment's lines after `revisions r1` (line 8). */
    private CompileResult compile(String meshLines, String environmentLines, String... more) throws Exception {
        Files.writeString(project.resolve("r1.yaml"), SmallManifest.istiod("1.22.8") + GATEWAY_MANIFEST);
        String extraMember = more.length > 0 ? more[0] : "";
        String extraEnv = more.length > 1 ? more[1] : "";
        Files.writeString(project.resolve("mesh.istiodsl"), "mesh m {\n"
                + "  " + meshLines.strip().replace("\n", " ") + "\n"
                + "  revision r1 { istio 1.22.8  manifest \"r1.yaml\" }\n"
                + "  gateway public { namespace istio-ingress  port http2 80 -> 8080 }\n"
                + "\n"
                + "  " + extraMember + "\n"
                + "  environment test {\n"
                + "    revisions r1  namespaces { payments -> r1 } " + extraEnv + "\n"
                + "    " + environmentLines + "\n"
                + "  }\n}\n");
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                project.resolve("target/cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
    }
}
