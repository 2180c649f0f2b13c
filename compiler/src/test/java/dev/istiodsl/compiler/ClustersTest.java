package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.FluxCrd;
import dev.istiodsl.testing.Kubectl;
import dev.istiodsl.testing.RealCharts;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each cluster of an environment gets its own Flux entry point, {@code <env>/clusters/<cluster>/}. A cluster whose
 * settings change the render (its mesh identity, values, sets, overlays) gets its own expansion and keeps, under its
 * folder, only the parts that differ from the environment's; the others are read from the environment's folder.
 * Rendered from Istio's real 1.24.6 charts.
 */
class ClustersTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
              environment prod {
                revisions 1-24-6
                cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                cluster prod-us-1 { meshID shop  clusterName prod-us-1  network net-eu
                                    set values.pilot.env.PILOT_TRACE_SAMPLING = "5" }
                cluster prod-ap-1
                cluster prod-ca-1 { flux { interval: 1m } }
              }
            }
            """;

    @TempDir
    Path project;

    @BeforeEach
    void charts() {
        RealCharts.controlPlane("1.24.6", project.resolve("charts/1.24.6"));
    }

    @Test
    void aClusterThatChangesTheRenderHasItsOwnRevisionPart_andReadsTheUnchangedPartsFromTheEnvironment()
            throws Exception {
        CompileResult result = compile();
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();

        Path eu = out().resolve("prod/clusters/prod-eu-1");
        assertThat(eu.resolve("revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml")).content()
                .contains("value: prod-eu-1");
        assertThat(eu.resolve("revisions/1-24-6/configmap/istio-system_istio-sidecar-injector-1-24-6.yaml"))
                .content().contains("net-eu");
        assertThat(eu.resolve("crds")).doesNotExist();
        assertThat(flux("prod/clusters/prod-eu-1", "prod-crds").at("/spec/path").asText())
                .isEqualTo("./deploy/istio/prod/crds");
        assertThat(flux("prod/clusters/prod-eu-1", "prod-revision-1-24-6").at("/spec/path").asText())
                .isEqualTo("./deploy/istio/prod/clusters/prod-eu-1/revisions/1-24-6");
        assertThat(out().resolve("prod/revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml")).content()
                .doesNotContain("net-eu");
    }

    @Test
    void oneExpansionServesEveryClusterThatChangesNothing_andEachOtherClusterHasOneOfItsOwn() throws Exception {
        CompileResult first = compile();
        assertThat(first.summary().orElseThrow().helmRenders()).as("base and istiod for prod, prod-eu-1, prod-us-1")
                .isEqualTo(6);

        CompileResult second = compile();
        assertThat(second.summary().orElseThrow().helmRenders()).isZero();
        assertThat(second.summary().orElseThrow().cacheHits()).as("one per expansion").isEqualTo(3);
    }

    @Test
    void aPlainClusterIsTheEnvironmentsFlux_andAClusterWithOnlyFluxSettingsHasFluxObjectsOverTheEnvironmentsParts()
            throws Exception {
        compile();

        assertThat(out().resolve("prod/clusters/prod-ap-1/kustomization.yaml")).content().contains("- ../../flux");
        assertThat(out().resolve("prod/clusters/prod-ap-1/flux")).doesNotExist();
        JsonNode revision = flux("prod/clusters/prod-ca-1", "prod-revision-1-24-6");
        assertThat(revision.at("/spec/interval").asText()).isEqualTo("1m");
        assertThat(revision.at("/spec/path").asText()).isEqualTo("./deploy/istio/prod/revisions/1-24-6");
        assertThat(out().resolve("prod/clusters/prod-ca-1/revisions")).doesNotExist();
    }

    @Test
    void everyClusterEntryPointBuildsWithKustomize_intoKustomizationsFluxAccepts() throws Exception {
        compile();

        for (String cluster : new String[] {"prod-eu-1", "prod-us-1", "prod-ap-1", "prod-ca-1"}) {
            String built = Kubectl.kustomize(out().resolve("prod/clusters/" + cluster));
            assertThat(built).as(cluster).contains("name: prod-revision-1-24-6", "name: prod-crds");
            assertThat(FluxCrd.problems(built, cluster)).isEmpty();
        }
    }

    @Test
    void aClusterWithARenderOfItsOwnRunsItsEnvironmentsTags_soACommittedFleetPassesTheSoakGateWhenCompiledAgain()
            throws Exception {
        String mesh = """
                mesh shop {
                  revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
                  environment staging { revisions 1-24-6  tag stable -> 1-24-6 }
                  environment prod after staging soak 3d {
                    revisions 1-24-6
                    tag stable -> 1-24-6
                    cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                  }
                }
                """;
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            assertThat(compile(mesh, "deploy/istio").diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
            git.add().addFilepattern(".").call();
            git.commit().setMessage("staging and prod run 1-24-6 with tag stable").setSign(false).call();

            CompileResult again = compile(mesh + "# edited\n", "deploy/istio");

            assertThat(again.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        }
    }

    @Test
    void aRevisionThatHasNotSoakedUpstreamIsOneErrorForTheEnvironment_notOneMoreForEachClusterWithARenderOfItsOwn()
            throws Exception {
        RealCharts.controlPlane("1.26.8", project.resolve("charts/1.26.8"));
        String mesh = """
                mesh shop {
                  revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
                  revision 1-26-8 { istio 1.26.8  charts "charts/1.26.8" }
                  environment staging { revisions %s }
                  environment prod after staging soak 3d {
                    revisions %s
                    cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                    cluster prod-us-1 { meshID shop  clusterName prod-us-1  network net-eu }
                  }
                }
                """;
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            assertThat(compile(mesh.formatted("1-24-6", "1-24-6"), "deploy/istio").diagnostics())
                    .filteredOn(Diagnostic::isError).isEmpty();
            git.add().addFilepattern(".").call();
            git.commit().setMessage("staging and prod run 1-24-6").setSign(false).call();

            CompileResult canary = compile(mesh.formatted("1-24-6, 1-26-8", "1-24-6, 1-26-8"), "deploy/istio");

            assertThat(canary.diagnostics()).filteredOn(d -> d.id().equals("Promotion.SoakNotMet"))
                    .extracting(Diagnostic::message).singleElement().asString()
                    .startsWith("environment 'prod': revision '1-26-8' would reach prod on ");
        }
    }

    @Test
    void aClusterThatLeavesTheTreeIsAWarningOnce_andOneThatMovesNamesItsNewEntryPoint() throws Exception {
        compile();
        String moved = """
                    cluster prod-us-1 { meshID shop  clusterName prod-us-1  network net-eu
                                        set values.pilot.env.PILOT_TRACE_SAMPLING = "5" }
                """;
        assertThat(MESH).contains(moved);
        String without = MESH.replace("    cluster prod-ap-1\n", "").replace(moved, "")
                .replace("  }\n}", "  }\n  environment staging {\n    revisions 1-24-6\n" + moved + "  }\n}");

        CompileResult removed = compile(without, "deploy/istio");

        assertThat(removed.diagnostics()).filteredOn(d -> d.id().equals("Cluster.Removed"))
                .extracting(Diagnostic::severity, Diagnostic::message).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "cluster 'prod-ap-1' leaves environment"
                                + " 'prod': its entry point prod/clusters/prod-ap-1/ leaves the tree, and what that"
                                + " cluster's Flux applied from it stays as it is, unmanaged (Flux finds no path to"
                                + " reconcile and deletes nothing)"),
                        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "cluster 'prod-us-1' moves from"
                                + " environment 'prod' to 'staging': its entry point prod/clusters/prod-us-1/ leaves"
                                + " the tree, and what that cluster's Flux applied from it stays as it is, unmanaged"
                                + " (Flux finds no path to reconcile and deletes nothing)"));
        assertThat(compile(without, "deploy/istio").diagnostics()).as("said once")
                .noneMatch(d -> d.id().equals("Cluster.Removed"));
    }

    @Test
    void aWarningOfTheEnvironmentIsShownOnce_notAgainForEachClusterWithARenderOfItsOwn() throws Exception {
        CompileResult result = compile();

        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Support.EndOfLife"))
                .map(Diagnostic::toString).containsExactly("WARNING Support.EndOfLife mesh.istiodsl:4:15: environment"
                        + " 'prod' runs 1-24-6 (Istio 1.24), which reached end of life on 2025-06-24 and gets no more"
                        + " security fixes (hint: upgrade to Istio 1.29 or newer (supported on 2026-09-01), in canary"
                        + " steps of at most 2 minors)");
        assertThat(result.diagnostics()).filteredOn(d -> d.severity() == Severity.WARNING)
                .as("the webhooks' warnings too, each once").hasSize(3)
                .allSatisfy(d -> assertThat(d.environment()).isEqualTo("prod"))
                .noneSatisfy(d -> assertThat(d.message()).contains("cluster"));
    }

    @Test
    void aFindingOfOneClustersRenderIsShownOnce_namingTheCluster() throws Exception {
        CompileResult result = compile(MESH.replace("PILOT_TRACE_SAMPLING = \"5\"",
                "PILOT_TRACE_SAMPLING = \"5\"\n set values.pilot.resources.requests.cpu = true"), "deploy/istio");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).map(Diagnostic::toString)
                .containsExactly("ERROR Kubernetes.WrongType mesh.istiodsl:2:12: cluster 'prod-us-1' of environment"
                        + " 'prod', Deployment.apps istio-system/istiod-1-24-6 (revisions/1-24-6) at /spec/template/spec"
                        + "/containers/0/resources/requests/cpu: apps/v1 Deployment: /spec/template/spec/containers/0"
                        + "/resources/requests/cpu must be a quantity (such as 500m, 2, 128Mi or 1Gi), not the boolean"
                        + " true");
    }

    /**
     * Under {@code output helmfile}, each cluster is a Helmfile environment whose releases take the cluster's own chart
     * of every part it renders differently: rendered by Helm, each release in each environment gives exactly the
     * resources the cluster's Flux entry point applies for that part.
     */
    @Test
    void underHelmfileOutputEachClustersReleasesRenderWhatItsFluxEntryPointApplies() throws Exception {
        compile();
        CompileResult result = compile(MESH.replace("mesh shop {\n", "mesh shop {\n  output helmfile\n"),
                "deploy/helmfile");
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        Path prod = project.resolve("deploy/helmfile/prod");
        JsonNode helmfile = Yaml.readDocuments(Files.readString(prod.resolve("helmfile.yaml"))).get(0);
        assertThat(helmfile.path("environments").fieldNames()).toIterable()
                .containsExactly("default", "prod-ap-1", "prod-ca-1", "prod-eu-1", "prod-us-1");
        assertThat(prod.resolve("clusters/prod-eu-1/revisions/1-24-6/Chart.yaml")).exists();
        assertThat(prod.resolve("clusters/prod-eu-1/crds")).doesNotExist();

        int own = 0;
        for (String environment : List.of("default", "prod-eu-1", "prod-us-1", "prod-ap-1", "prod-ca-1")) {
            for (JsonNode release : helmfile.path("releases")) {
                String name = release.path("name").asText();
                String chart = chartIn(release.path("chart").asText(), environment);
                String fluxFolder = environment.equals("default")
                        || !Files.exists(out().resolve("prod/clusters/" + environment + "/flux"))
                        ? "prod" : "prod/clusters/" + environment;
                String path = flux(fluxFolder, name).at("/spec/path").asText();
                assertThat(chart).as("%s in %s", name, environment)
                        .isEqualTo(path.substring("./deploy/istio/prod/".length()));
                own += chart.startsWith("clusters/") ? 1 : 0;
                String rendered = new Helm(prod.resolve(chart)).template().withName(name)
                        .withNamespace("kube-system").call();
                assertThat(byIdentity(Yaml.readDocuments(rendered))).as("%s in %s", name, environment)
                        .isEqualTo(byIdentity(resources(out().resolve("prod/" + chart))));
            }
        }
        assertThat(own).as("revision charts of prod-eu-1 and prod-us-1").isEqualTo(2);
    }

    /**
     * The chart folder of a release's {@code chart:} in one Helmfile environment, as Helmfile renders it: Helmfile
     * executes every release's {@code chart} as a Go template, with sprig's functions, over data whose
     * {@code .Environment.Name} is the environment's (its {@code ExecuteTemplates}, on plain {@code helmfile.yaml}
     * too). Go's template engine runs here inside Helm: a one-template chart prints the field with the same dot.
     */
    private String chartIn(String chart, String environment) throws Exception {
        Path picker = project.resolve("chart-picker");
        Files.createDirectories(picker.resolve("templates"));
        Files.writeString(picker.resolve("Chart.yaml"), "apiVersion: v2\nname: picker\nversion: 0.1.0\n");
        Files.writeString(picker.resolve("templates/picked.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
                + "metadata:\n  name: picked\ndata:\n  chart: '{{ with .Values.helmfile }}" + chart
                + "{{ end }}'\n", StandardCharsets.UTF_8);
        String rendered = new Helm(picker).template().withName("picker").set("helmfile.Environment.Name",
                environment).call();
        String picked = Yaml.readDocuments(rendered).get(0).at("/data/chart").asText();
        assertThat(picked).as("%s in %s", chart, environment).startsWith("./").doesNotContain("{{");
        return picked.substring(2);
    }

    private static List<JsonNode> resources(Path folder) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    documents.addAll(Yaml.readDocuments(Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return documents;
    }

    private static Map<String, JsonNode> byIdentity(List<JsonNode> documents) {
        Map<String, JsonNode> byId = new TreeMap<>();
        documents.forEach(d -> byId.put(d.path("apiVersion").asText() + " " + d.path("kind").asText() + " "
                + d.at("/metadata/namespace").asText() + "/" + d.at("/metadata/name").asText(), d));
        assertThat(byId).hasSameSizeAs(documents).isNotEmpty();
        return byId;
    }

    private Path out() {
        return project.resolve("deploy/istio");
    }

    private JsonNode flux(String folder, String name) throws Exception {
        return Yaml.readDocuments(Files.readString(out().resolve(folder + "/flux/" + name + ".yaml"),
                StandardCharsets.UTF_8)).get(0);
    }

    private CompileResult compile() throws Exception {
        return compile(MESH, "deploy/istio");
    }

    private CompileResult compile(String mesh, String tree) throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of(tree),
                project.resolve("target/cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
    }
}
