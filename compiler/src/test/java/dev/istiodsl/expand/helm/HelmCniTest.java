package dev.istiodsl.expand.helm;

import com.marcnuri.helm.Helm;
import dev.istiodsl.compiler.CompileResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cni} chart: rendered for a revision from charts when the environment turns the component on, as
 * {@code std/cni} does with {@code set components.cni.enabled = true}; one node agent per cluster, in {@code base},
 * from the newest revision; and in the same parts, names and bodies as istioctl's output of the same revisions.
 */
class HelmCniTest {

    private static final String MESH = """
            mesh shop {
              import std/cni
              kubernetes 1.29
              revision 1-24-6 { istio 1.24.6  %s }
              revision 1-26-8 { istio 1.26.8  %s }
              tag default -> 1-24-6
              environment test {
                revisions 1-24-6, 1-26-8
                overlays cni
                namespaces { payments -> default }
              }
              environment plain {
                revisions 1-24-6
                namespaces { payments -> default }
              }
            }
            """;

    /** What istioctl hands every chart of a revision in test, std/cni's values included. */
    private static final String ISTIOCTL_VALUES = """
            {"global": {"istioNamespace": "istio-system", "tag": "%1$s"}, "revision": "%2$s", %3$s
             "pilot": {"cni": {"enabled": true}},
             "cni": {"excludeNamespaces": ["kube-system", "istio-system"], "repair": {"enabled": true}}}""";

    @TempDir
    Path temp;

    @Test
    void anEnvironmentThatTurnsCniOnGetsOneNodeAgentInBaseFromTheNewestRevision() {
        Path project = chartsProject(temp.resolve("helm"));

        CompileResult result = HelmProjects.compile(project);

        assertThat(HelmProjects.errors(result)).isEmpty();
        SortedMap<String, String> tree = HelmProjects.tree(project);
        String daemonSet = tree.get("test/base/daemonset.apps/istio-system_istio-cni-node.yaml");
        assertThat(daemonSet).as("the node agent, once, in base").isNotNull()
                .contains("image: docker.io/istio/install-cni:1.26.8").contains("value: \"true\"");
        assertThat(tree.get("test/base/configmap/istio-system_istio-cni-config.yaml"))
                .contains("EXCLUDE_NAMESPACES: kube-system,istio-system");
        assertThat(tree.keySet()).filteredOn(path -> path.contains("istio-cni")).allMatch(path ->
                path.startsWith("test/base/"));
        assertThat(tree.keySet()).as("an environment without the overlay").noneMatch(path ->
                path.startsWith("plain/") && path.contains("istio-cni"));
    }

    @Test
    void theNodeAgentIsPartitionedExactlyLikeIstioctlsOutputForTheSameRevisions() throws IOException {
        Path helm = chartsProject(temp.resolve("helm"));
        Path istioctl = HelmProjects.mesh(temp.resolve("istioctl"), MESH.formatted(
                "manifest \"manifests/1-24-6.yaml\"", "manifest \"manifests/1-26-8.yaml\"")
                .replace("environment plain {\n    revisions 1-24-6", "environment plain {\n    revisions 1-24-6"));
        Files.createDirectories(istioctl.resolve("manifests"));
        Files.writeString(istioctl.resolve("manifests/1-24-6.yaml"), istioctlPrints("1.24.6", "1-24-6",
                "\"revisionTags\": [\"default\"], \"defaultRevision\": \"1-24-6\","));
        Files.writeString(istioctl.resolve("manifests/1-26-8.yaml"), istioctlPrints("1.26.8", "1-26-8", ""));
        // plain has no cni overlay: its 1-24-6 comes from the same manifest, so compare test alone.

        assertThat(HelmProjects.errors(HelmProjects.compile(helm))).isEmpty();
        assertThat(HelmProjects.errors(HelmProjects.compile(istioctl))).isEmpty();

        assertThat(only("test/", HelmProjects.tree(helm))).isEqualTo(only("test/", HelmProjects.tree(istioctl)))
                .containsKey("test/base/daemonset.apps/istio-system_istio-cni-node.yaml");
    }

    @Test
    void cniInItsOwnNamespaceWhenTheComponentSaysSo() {
        Path project = HelmProjects.mesh(temp.resolve("ns"), """
                mesh shop {
                  import std/cni
                  revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6"  set components.cni.namespace = "kube-system" }
                  environment test { kubernetes 1.29  revisions 1-24-6  overlays cni }
                }
                """);
        IstioShapedCharts.folders(project.resolve("charts/1.24.6"), "1.24.6");

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).isEmpty();
        assertThat(HelmProjects.tree(project)).containsKey("test/base/daemonset.apps/kube-system_istio-cni-node.yaml");
    }

    private static Path chartsProject(Path project) {
        HelmProjects.mesh(project, MESH.formatted("charts \"charts/1.24.6\"", "charts \"charts/1.26.8\""));
        IstioShapedCharts.folders(project.resolve("charts/1.24.6"), "1.24.6");
        IstioShapedCharts.folders(project.resolve("charts/1.26.8"), "1.26.8");
        return project;
    }

    /** istioctl's rendering: base, istiod and cni as release "istio", with one values tree, in istioctl's shape. */
    private String istioctlPrints(String version, String revision, String tags) throws IOException {
        Path scratch = Files.createDirectories(temp.resolve("istioctl-charts").resolve(version));
        Path charts = IstioShapedCharts.folders(scratch, version);
        String values = ISTIOCTL_VALUES.formatted(version, revision, tags);
        Path shared = Files.writeString(scratch.resolve("values.json"), values);
        Path base = Files.writeString(scratch.resolve("base.json"), values.replaceFirst("\\{",
                "{\"base\": {\"enableCRDTemplates\": true}, "));
        return IstioctlShape.of(template(charts.resolve("base"), base), template(charts.resolve("istiod"), shared),
                template(charts.resolve("cni"), shared));
    }

    private static String template(Path chart, Path values) {
        return new Helm(chart).template().withName("istio").withNamespace("istio-system").withKubeVersion("1.29.0")
                .withValuesFile(values).call();
    }

    private static SortedMap<String, String> only(String prefix, SortedMap<String, String> tree) {
        SortedMap<String, String> out = new java.util.TreeMap<>();
        tree.forEach((path, text) -> {
            if (path.startsWith(prefix)) {
                out.put(path, text);
            }
        });
        return out;
    }
}
