package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.StandInIstioctl;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every namespace the tree writes into is created by the tree, so Flux never fails a part with "namespace not found":
 * the namespaces of everything Istio renders get a Namespace in {@code base}, declared or not, except the ones every
 * cluster has. (What an overlay writes into a namespace nobody creates is the rule {@code Namespace.NotEmitted}, with
 * its cases under {@code rules/}.)
 */
class EveryNamespaceIsEmittedTest {

    @TempDir
    Path temp;

    /**
     * Istio's own Helm render of 1.24.6 holds the gateway {@code istio-ingressgateway-1-24-6} in {@code istio-ingress};
     * a mesh that runs it without declaring the gateway still deploys it there.
     */
    @Test
    void aGatewayRenderedButNotDeclaredGetsItsNamespace() throws Exception {
        Path project = project("""
                mesh m {
                  revision 1-24-6 { istio 1.24.6 }
                  environment prod { revisions 1-24-6  tag canary -> 1-24-6 }
                }
                """);

        CompileResult result = compile(project, "1.24.6", "1-24-6",
                "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SortedMap<String, byte[]> tree = TreeGolden.files(project.resolve("deploy/istio"));
        assertThat(tree.keySet())
                .contains("prod/revisions/1-24-6/deployment.apps/istio-ingress_istio-ingressgateway-1-24-6.yaml")
                .contains("prod/base/namespace/istio-ingress.yaml");
        TreeGolden.everyFolderBuilds(project.resolve("deploy/istio"), tree);
    }

    /**
     * knative's recorded istioctl 1.22.2 output starts with a Namespace istio-system of its own: one object remains, the
     * compiler's, with what the render's says.
     */
    @Test
    void aNamespaceTheRenderHoldsIsFoldedIntoTheCompilers() throws Exception {
        Path project = project("""
                mesh m {
                  revision r1 { istio 1.22.2 }
                  environment prod { revisions r1 }
                }
                """);

        CompileResult result = compile(project, "1.22.2", "r1", "istio-manifests/1.22.2/manifest.yaml");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SortedMap<String, byte[]> tree = TreeGolden.files(project.resolve("deploy/istio"));
        assertThat(new String(tree.get("prod/base/namespace/istio-system.yaml"), StandardCharsets.UTF_8))
                .contains("app.kubernetes.io/managed-by: istiodsl");
    }

    /**
     * istioctl before 1.6 printed a Namespace istio-system of its own (the real 1.4.2 output; 1.5 did the same), with
     * labels of its own. One Namespace remains: the labels of both, the manifest's where both set one, and a note says
     * so at the revision.
     */
    @Test
    void theNamespaceIstioctl14PrintsMergesWithTheCompilers_theManifestsLabelsWinning_andANoteSaysSo()
            throws Exception {
        Path project = project("""
                mesh m {
                  revision 1-4-2 { istio 1.4.2  manifest "istio-1.4.2.yaml" }
                  environment prod { revisions 1-4-2 }
                  suppress Secret.Plaintext Secret "kiali" "the demo login istioctl 1.4 renders for Kiali"
                }
                """);
        String manifest = Files.readString(Fixtures.resolve("istio-manifests/1.4.2/manifest.yaml"),
                StandardCharsets.UTF_8);
        // The label the compiler sets too, as a pipeline that stamps its objects would write it.
        String stamped = "  labels:\n    app.kubernetes.io/managed-by: istio-pipeline\n    istio-operator-managed";
        Files.writeString(project.resolve("istio-1.4.2.yaml"), manifest.replaceFirst(
                "(?m)(?<=^  name: istio-system\n)  labels:\n    istio-operator-managed", stamped));
        assertThat(Files.readString(project.resolve("istio-1.4.2.yaml"))).contains(stamped);

        CompileResult result = new Compiler().compile(request(project, IstioctlOptions.defaults()));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SortedMap<String, byte[]> tree = TreeGolden.files(project.resolve("deploy/istio"));
        assertThat(tree.keySet()).filteredOn(path -> path.contains("/namespace/istio-system"))
                .containsExactly("prod/base/namespace/istio-system.yaml");
        assertThat(new String(tree.get("prod/base/namespace/istio-system.yaml"), StandardCharsets.UTF_8))
                .contains("    app.kubernetes.io/managed-by: istio-pipeline\n")
                .contains("    istio-injection: disabled\n")
                .contains("    istio-operator-managed: Reconcile\n");
        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Partition.NamespaceMerged"))
                .singleElement().satisfies(note -> {
                    assertThat(note.severity()).isEqualTo(dev.istiodsl.diag.Severity.NOTE);
                    assertThat(note.location().line()).isEqualTo(2);
                    assertThat(note.message()).isEqualTo("environment 'prod': the Namespace istio-system from the "
                            + "manifest file of revision '1-4-2' is merged with the one istiodsl writes: the labels of"
                            + " both, the render's where both set one (app.kubernetes.io/managed-by: istio-pipeline, "
                            + "not istiodsl)");
                });
    }

    /** Istio's real 1.24.6 charts, rendered by the Helm expander with the CNI node agent in a namespace of its own. */
    @Test
    void theCniNamespaceOfARealChartRenderGetsItsNamespace() throws Exception {
        Path project = project("""
                mesh m {
                  revision 1-24-6 {
                    istio 1.24.6  charts "charts"
                    set components.cni.enabled = true
                    set components.cni.namespace = "istio-cni"
                  }
                  environment prod { kubernetes 1.30  revisions 1-24-6 }
                }
                """);
        realCharts("1.24.6", project.resolve("charts"));

        CompileResult result = new Compiler().compile(request(project, IstioctlOptions.defaults()));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SortedMap<String, byte[]> tree = TreeGolden.files(project.resolve("deploy/istio"));
        assertThat(tree.keySet()).contains("prod/base/daemonset.apps/istio-cni_istio-cni-node.yaml")
                .contains("prod/base/namespace/istio-cni.yaml");
        TreeGolden.everyFolderBuilds(project.resolve("deploy/istio"), tree);
    }

    /** kube-system exists in every cluster and Helm could not adopt it: the tree writes into it, never creates it. */
    @Test
    void aNamespaceEveryClusterHasIsNeverEmitted() throws Exception {
        Path project = project("""
                mesh m {
                  revision 1-24-6 {
                    istio 1.24.6  charts "charts"
                    set components.cni.enabled = true
                    set components.cni.namespace = "kube-system"
                  }
                  environment prod { kubernetes 1.30  revisions 1-24-6  output helmfile }
                }
                """);
        realCharts("1.24.6", project.resolve("charts"));

        CompileResult result = new Compiler().compile(request(project, IstioctlOptions.defaults()));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SortedMap<String, byte[]> tree = TreeGolden.files(project.resolve("deploy/istio"));
        assertThat(tree.keySet()).contains("prod/base/daemonset.apps/kube-system_istio-cni-node.yaml")
                .doesNotContain("prod/base/namespace/kube-system.yaml");
        assertThat(result.diagnostics()).extracting(Diagnostic::id).doesNotContain("Namespace.NotEmitted");
    }

    private Path project(String mesh) throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        return project;
    }

    /** A copy of Istio's charts of one version from the fixtures, made at test time in the temporary project. */
    private static void realCharts(String version, Path into) throws IOException {
        Path charts = Fixtures.resolve("istio-charts/" + version + "/charts");
        try (Stream<Path> files = Files.walk(charts)) {
            for (Path file : files.toList()) {
                Path target = into.resolve(charts.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private CompileResult compile(Path project, String version, String revision, String fixture) throws IOException {
        Path bin = StandInIstioctl.write(temp.resolve("bin/istioctl-" + version), version, revision, fixture);
        return new Compiler().compile(request(project, new IstioctlOptions(Map.of(version, bin), Optional.empty(),
                false, "", true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30))));
    }

    private CompileRequest request(Path project, IstioctlOptions istioctl) {
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl);
    }
}
