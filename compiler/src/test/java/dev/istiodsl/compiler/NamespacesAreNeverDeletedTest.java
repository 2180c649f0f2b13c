package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.testing.StandInIstioctl;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing the tree does makes Flux or Helm delete a Namespace: every Namespace, whoever made it, tells Flux not to
 * prune it and Helm to keep it, so taking it out of the tree leaves it and its workloads running. What then becomes of
 * it is said by a warning, against the tree on disk. Revisions expand through stand-ins replaying the real 1.22.8 and
 * 1.24.6 Helm renders.
 */
class NamespacesAreNeverDeletedTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              gateway istio-ingressgateway { namespace istio-ingress }
              overlay monitoring {
                resource { apiVersion: v1, kind: Namespace, metadata: { name: monitoring } }
              }
              environment prod {
                revisions 1-22-8, 1-24-6
                tag stable -> 1-22-8
                tag canary -> 1-24-6
                namespaces { payments -> stable  web -> canary }
                overlays monitoring
              }
            }
            """;

    private static final String FLUX_PRUNE = "kustomize.toolkit.fluxcd.io/prune: disabled";
    private static final String HELM_KEEP = "helm.sh/resource-policy: keep";

    @TempDir
    Path temp;

    @Test
    void everyNamespaceTellsFluxNotToPruneItAndHelmToKeepIt() throws Exception {
        Path project = project("flux", MESH);

        assertThat(errors(compile(project))).isEmpty();

        SortedMap<String, String> namespaces = namespaces(project);
        assertThat(namespaces.keySet()).containsExactly("prod/base/namespace/istio-ingress.yaml",
                "prod/base/namespace/istio-system.yaml", "prod/base/namespace/monitoring.yaml",
                "prod/base/namespace/payments.yaml", "prod/base/namespace/web.yaml");
        assertThat(namespaces.values()).allSatisfy(text -> assertThat(text).contains(FLUX_PRUNE).contains(HELM_KEEP));
        Path tree = project.resolve("deploy/istio");
        TreeGolden.everyFolderBuilds(tree, TreeGolden.files(tree));
    }

    /** The README promises that a resource file is the same bytes at the same path whatever the output format. */
    @Test
    void aNamespaceIsTheSameFileInAFluxTreeAndAHelmfileTree() throws Exception {
        Path flux = project("flux", MESH);
        Path helmfile = project("helmfile", MESH.replace("overlays monitoring",
                "overlays monitoring\n    output helmfile"));

        assertThat(errors(compile(flux))).isEmpty();
        assertThat(errors(compile(helmfile))).isEmpty();

        assertThat(namespaces(helmfile)).isEqualTo(namespaces(flux));
    }

    /** knative's recorded istioctl 1.22.2 output starts with a Namespace istio-system of its own. */
    @Test
    void aNamespaceTheRenderHoldsIsKeptToo() throws Exception {
        Path project = project("render", """
                mesh m {
                  revision r1 { istio 1.22.2 }
                  environment prod { revisions r1 }
                }
                """);
        Path bin = StandInIstioctl.write(temp.resolve("bin-1.22.2/istioctl-1.22.2"), "1.22.2", "r1",
                "istio-manifests/1.22.2/manifest.yaml");

        CompileResult result = new Compiler().compile(request(project, new IstioctlOptions(Map.of("1.22.2", bin),
                Optional.empty(), false, "", true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30))));

        assertThat(errors(result)).isEmpty();
        assertThat(namespaces(project).get("prod/base/namespace/istio-system.yaml")).contains(FLUX_PRUNE)
                .contains(HELM_KEEP);
    }

    @Test
    void unbindingANamespaceWarnsThatItKeepsRunningWithItsLabel() throws Exception {
        Path project = project("flux", MESH);
        assertThat(errors(compile(project))).isEmpty();

        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("  web -> canary", ""));
        CompileResult result = compile(project);

        assertThat(errors(result)).isEmpty();
        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Namespace.Unbound")).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING))
                .extracting(Diagnostic::message).asString()
                .contains("namespace 'web'", "istio.io/rev=canary", "Flux", "Helm", "keep", "sidecar");
        assertThat(namespaces(project)).doesNotContainKey("prod/base/namespace/web.yaml");
    }

    /** The same holds for a gateway's or a control plane's namespace: see the cases of Namespace.Unmanaged. */
    @Test
    void removingANamespaceAnOverlayAddedWarnsThatItStaysInTheCluster() throws Exception {
        Path project = project("flux", MESH);
        assertThat(errors(compile(project))).isEmpty();

        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("    overlays monitoring\n", ""));
        CompileResult result = compile(project);

        assertThat(errors(result)).isEmpty();
        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Namespace.Unmanaged")).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING))
                .extracting(Diagnostic::message).asString().contains("namespace 'monitoring'", "leaves the tree",
                        "keep it in the cluster");
        assertThat(result.diagnostics()).extracting(Diagnostic::id).doesNotContain("Namespace.Unbound");
    }

    /** A Namespace that stays in the tree without its label loses the label when the tree is applied. */
    @Test
    void unbindingTheGatewaysNamespaceWarnsThatTheNextApplyRemovesItsLabel() throws Exception {
        String bound = MESH.replace("web -> canary", "web -> canary  istio-ingress -> stable");
        Path project = project("flux", bound);
        assertThat(errors(compile(project))).isEmpty();

        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        CompileResult result = compile(project);

        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Namespace.Unbound")).singleElement()
                .extracting(Diagnostic::message).asString()
                .contains("namespace 'istio-ingress'", "removes the label", "new pods start without a sidecar");
        assertThat(namespaces(project).get("prod/base/namespace/istio-ingress.yaml")).doesNotContain("istio.io/rev");
    }

    /**
     * A Namespace an earlier istiodsl wrote has neither annotation in the cluster: taking it out of the tree now would
     * let Flux delete it, with everything in it. That is refused until a tree with the annotations was applied.
     */
    @Test
    void removingANamespaceThatWasCommittedWithoutTheAnnotationsIsAnError() throws Exception {
        Path project = project("flux", MESH);
        assertThat(errors(compile(project))).isEmpty();
        Path web = project.resolve("deploy/istio/prod/base/namespace/web.yaml");
        String annotations = "(?m)^  annotations:\\n(    .*\\n)+";
        Files.writeString(web, Files.readString(web, StandardCharsets.UTF_8).replaceAll(annotations, ""),
                StandardCharsets.UTF_8);
        assertThat(Files.readString(web, StandardCharsets.UTF_8)).doesNotContain(FLUX_PRUNE);

        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("  web -> canary", ""));
        CompileResult result = compile(project);

        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Namespace.WouldBeDeleted")).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.ERROR))
                .extracting(Diagnostic::message).asString().contains("namespace 'web'", "delete");
        assertThat(Files.exists(web)).as("the tree on disk is left as it was").isTrue();
    }

    private Path project(String name, String mesh) throws IOException {
        Path project = Files.createDirectories(temp.resolve(name));
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        return project;
    }

    private CompileResult compile(Path project) throws IOException {
        return new Compiler().compile(request(project, StandInIstioctl.recordedCanary(temp.resolve("bin"))));
    }

    private CompileRequest request(Path project, IstioctlOptions istioctl) {
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl);
    }

    private static java.util.List<String> errors(CompileResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    /** Every Namespace file of the tree, by path, as text. */
    private static SortedMap<String, String> namespaces(Path project) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        TreeGolden.files(project.resolve("deploy/istio")).forEach((path, bytes) -> {
            if (path.contains("/namespace/")) {
                out.put(path, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return out;
    }
}
