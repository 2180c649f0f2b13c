package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.testing.IstioChartRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code profile ambient} with Istio's real charts: the {@code ztunnel} chart is rendered like {@code cni}, and both
 * node agents are cluster singletons, kept once in the environment's base part from the newest revision.
 */
class HelmAmbientTest {

    @TempDir
    static Path shared;
    private static Path repository;

    @TempDir
    Path temp;

    @BeforeAll
    static void packageTheRepository() {
        repository = IstioChartRepository.fromFixtures(shared.resolve("repository"));
    }

    @Test
    void anAmbientRevisionRendersZtunnelAndTheCniNodeAgent_onceInBase() {
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  hub docker.io/istio
                  revision 1-26-8 { istio 1.26.8  charts repository  profile ambient }
                  environment test { kubernetes 1.31  revisions 1-26-8 }
                }
                """);

        CompileResult result = compile(project);

        assertThat(HelmProjects.errors(result)).isEmpty();
        SortedMap<String, String> tree = HelmProjects.tree(project);
        assertThat(tree.get("test/base/daemonset.apps/istio-system_ztunnel.yaml"))
                .contains("image: docker.io/istio/ztunnel:1.26.8");
        assertThat(tree.get("test/base/daemonset.apps/istio-system_istio-cni-node.yaml"))
                .contains("image: docker.io/istio/install-cni:1.26.8");
        assertThat(HelmProjects.lock(project)).contains("charts/1-26-8/ztunnel: sha256:", "charts/1-26-8/cni: sha256:");
    }

    @Test
    void twoAmbientRevisions_shareOneZtunnel_fromTheNewest() {
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  hub docker.io/istio
                  revision 1-24-6 { istio 1.24.6  charts repository  profile ambient }
                  revision 1-26-8 { istio 1.26.8  charts repository  profile ambient }
                  environment test { kubernetes 1.31  revisions 1-24-6, 1-26-8 }
                }
                """);

        CompileResult result = compile(project);

        assertThat(HelmProjects.errors(result)).isEmpty();
        SortedMap<String, String> tree = HelmProjects.tree(project);
        assertThat(tree.keySet().stream().filter(p -> p.contains("ztunnel") && p.contains("daemonset")))
                .containsExactly("test/base/daemonset.apps/istio-system_ztunnel.yaml");
        assertThat(tree.get("test/base/daemonset.apps/istio-system_ztunnel.yaml"))
                .contains("image: docker.io/istio/ztunnel:1.26.8");
        assertThat(result.diagnostics().stream().map(Object::toString)
                .filter(d -> d.contains("Skew.ZtunnelAheadOfControlPlane"))).containsExactly("WARNING "
                + "Skew.ZtunnelAheadOfControlPlane mesh.istiodsl:5:49: environment 'test' runs ztunnel and the CNI node "
                + "agent of 1-26-8 (Istio 1.26), its newest revision, 2 minors ahead of 1-24-6 (Istio 1.24); Istio "
                + "supports them with a control plane of their own minor or one ahead only (hint: finish the "
                + "control-plane upgrade (move every namespace off revision '1-24-6' and remove it from the "
                + "environment) before the node agents move, or keep the newest revision of this environment on "
                + "Istio 1.24 until then)");
    }

    private CompileResult compile(Path project) {
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                project.resolveSibling("cache"), IstioctlOptions.defaults().withOffline(true)
                        .withChartRepository(repository.toUri())));
    }
}
