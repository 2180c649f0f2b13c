package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chart renders are cached like istioctl runs: under a hash of the charts' bytes and every release's values, so a
 * compile with nothing changed renders nothing, and a changed chart renders again only the revision that uses it.
 */
class HelmCacheTest {

    private static final String MESH = """
            mesh shop {
              kubernetes 1.29
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
              revision 1-26-8 { istio 1.26.8  charts "charts/1.26.8" }
              gateway istio-ingressgateway { namespace istio-ingress }
              tag default -> 1-24-6
              environment test { revisions 1-24-6, 1-26-8  tag canary -> 1-26-8 }
              environment prod after test soak 7d { revisions 1-24-6 }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void aSecondCompileWithNothingChangedRendersNoChartAndWritesTheSameBytes() throws Exception {
        Path project = project();
        CountingRenderer helm = new CountingRenderer();

        CompileResult first = HelmProjects.compile(project, helm);
        SortedMap<String, String> tree = HelmProjects.tree(project);
        String lock = Files.readString(project.resolve("deploy/istio/istiodsl.lock"));
        CompileResult second = HelmProjects.compile(project, helm);

        assertThat(HelmProjects.errors(first)).isEmpty();
        // test and prod render 1-24-6 alike (same tags pointing at it, same gateways): one expansion, two plans in all.
        assertThat(helm.calls()).containsExactly(
                "base istio istio-system", "istiod istio istio-system",
                "gateway istio-ingressgateway-1-24-6 istio-ingress",
                "base istio istio-system", "istiod istio istio-system",
                "gateway istio-ingressgateway-1-26-8 istio-ingress");
        assertThat(first.summary().orElseThrow().helmRenders()).isEqualTo(6);
        assertThat(second.summary().orElseThrow().helmRenders()).isZero();
        assertThat(second.summary().orElseThrow().cacheHits()).isEqualTo(2);
        assertThat(second.summary().orElseThrow().istioctlRuns()).isZero();
        assertThat(HelmProjects.tree(project)).isEqualTo(tree);
        assertThat(Files.readString(project.resolve("deploy/istio/istiodsl.lock"))).isEqualTo(lock)
                .containsPattern("charts/1-24-6: sha256:[0-9a-f]{64}")
                .containsPattern("charts/1-26-8: sha256:[0-9a-f]{64}");
    }

    @Test
    void aChangedChartIsRenderedAgainForTheRevisionsThatUseItAndChangesTheLock() throws Exception {
        Path project = project();
        CountingRenderer helm = new CountingRenderer();
        HelmProjects.compile(project, helm);
        String lock = Files.readString(project.resolve("deploy/istio/istiodsl.lock"));

        Path deployment = project.resolve("charts/1.26.8/istiod/templates/deployment.yaml");
        Files.writeString(deployment, Files.readString(deployment).replace("replicas: {{ .Values.pilot.replicaCount }}",
                "replicas: 3"));
        CompileResult again = HelmProjects.compile(project, helm);

        assertThat(HelmProjects.errors(again)).isEmpty();
        assertThat(helm.calls()).hasSize(9).endsWith("base istio istio-system", "istiod istio istio-system",
                "gateway istio-ingressgateway-1-26-8 istio-ingress");
        assertThat(again.summary().orElseThrow().cacheHits()).isEqualTo(1);
        assertThat(project.resolve("deploy/istio/test/revisions/1-26-8/deployment.apps/istio-system_istiod-1-26-8.yaml"))
                .content().contains("replicas: 3");
        String changed = Files.readString(project.resolve("deploy/istio/istiodsl.lock"));
        assertThat(changed).isNotEqualTo(lock);
        assertThat(lockInput(changed, "test", "charts/1-26-8")).isNotEqualTo(lockInput(lock, "test", "charts/1-26-8"));
        assertThat(lockInput(changed, "test", "charts/1-24-6")).isEqualTo(lockInput(lock, "test", "charts/1-24-6"));
    }

    @Test
    void verifyRendersNothingWhileTheChartsAreTheOnesTheLockRecordsAndFindsTheTreeStaleWhenOneChanged()
            throws Exception {
        Path project = project();
        HelmProjects.compile(project);
        CountingRenderer helm = new CountingRenderer();
        Compiler compiler = HelmProjects.compiler(helm);

        assertThat(compiler.verify(HelmProjects.request(project)).diagnostics()).filteredOn(Diagnostic::isError)
                .isEmpty();
        assertThat(helm.calls()).isEmpty();

        Path values = project.resolve("charts/1.24.6/istiod/values.yaml");
        Files.writeString(values, Files.readString(values).replace("autoscaleMin: 1", "autoscaleMin: 4"));
        assertThat(compiler.verify(HelmProjects.request(project)).diagnostics()).extracting(Diagnostic::id)
                .contains("Verify.Stale");
        assertThat(helm.calls()).isNotEmpty();
    }

    private Path project() {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH);
        IstioShapedCharts.folders(project.resolve("charts/1.24.6"), "1.24.6");
        IstioShapedCharts.folders(project.resolve("charts/1.26.8"), "1.26.8");
        return project;
    }

    /** One input of one environment in the lock file's text. */
    private static String lockInput(String lock, String env, String input) {
        int at = lock.indexOf("\n  " + env + ":");
        int line = lock.indexOf(input + ": ", at);
        return lock.substring(line, lock.indexOf('\n', line));
    }
}
