package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes wrong with charts is reported at the revision's {@code charts} line, naming the environment and the
 * revision, in one line of Helm's own words: no stack trace, no advice meant for Helm's command line.
 */
class HelmErrorsTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 {
                istio 1.24.6
                charts "charts"
                %s
              }
              gateway istio-ingressgateway { namespace istio-ingress }
              environment test { kubernetes 1.29  revisions 1-24-6 }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void aTemplateThatFailsIsReportedAtTheChartsLineWithHelmsMessage() throws Exception {
        Path project = project("set values.pilot.explode = true");
        IstioShapedCharts.write(project.resolve("charts/istiod"), Map.of("templates/values-check.yaml",
                "{{- if .Values.pilot.explode }}{{ fail \"pilot.explode is not a value this chart knows\" }}{{- end }}\n"));

        CompileResult result = HelmProjects.compile(project);

        assertThat(HelmProjects.errors(result)).containsExactly("ERROR Expand.HelmFailed mesh.istiodsl:4:5: "
                + "environment 'test', revision '1-24-6' (istio 1.24.6): Helm cannot render the istiod chart istiod/ as "
                + "release 'istio' in namespace istio-system: execution error at (istiod/templates/values-check.yaml:1:34):"
                + " pilot.explode is not a value this chart knows (hint: fix the chart or the values it was given "
                + "(values, meshConfig, set); the values files are in the cache's work/ folder)");
        Diagnostic error = result.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertThat(error.environment()).isEqualTo("test");
        assertThat(error.message()).doesNotContain("\n", "Exception", "--debug", temp.toString());
        assertThat(project.resolve("deploy/istio")).as("nothing is emitted").doesNotExist();
    }

    @Test
    void aTemplateThatRendersInvalidYamlIsReportedWithHelmsParseError() throws Exception {
        Path project = project("");
        IstioShapedCharts.write(project.resolve("charts/istiod"), Map.of("templates/broken.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n"));

        List<String> errors = HelmProjects.errors(HelmProjects.compile(project));

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("ERROR Expand.HelmFailed mesh.istiodsl:4:5: environment 'test', "
                + "revision '1-24-6' (istio 1.24.6): Helm cannot render the istiod chart istiod/ as release 'istio' in "
                + "namespace istio-system: YAML parse error on istiod/templates/broken.yaml: ");
    }

    @Test
    void aRenderHelmAcceptsButIstiodslCannotReadIsReportedAtTheChartsLine() throws Exception {
        Path project = project("");
        IstioShapedCharts.write(project.resolve("charts/istiod"), Map.of("templates/twice.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\n  name: again\n"));

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).singleElement().asString()
                .startsWith("ERROR Expand.InvalidManifest mesh.istiodsl:4:5: environment 'test': the Helm charts "
                        + "1.24.6 for revision '1-24-6' cannot be read: ");
    }

    @Test
    void aMissingChartNamesWhatWasLookedFor() throws Exception {
        Path project = project("");
        deleteTree(project.resolve("charts/gateway"));

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).containsExactly("ERROR Expand.ChartNotFound "
                + "mesh.istiodsl:4:5: environment 'test', revision '1-24-6': the charts folder has no gateway chart "
                + "(looked for gateway/, gateway-1.24.6.tgz) (hint: point `charts` at a folder with Istio's charts "
                + "base/, istiod/ (or istio-control/istio-discovery/) and gateway/, or their archives "
                + "base-1.24.6.tgz, ...)");
    }

    @Test
    void anArchiveOfAnotherVersionIsNotTaken() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH.formatted(""));
        IstioShapedCharts.archives(project.resolve("charts"), "1.24.5");

        List<String> errors = HelmProjects.errors(HelmProjects.compile(project));

        assertThat(errors).contains("ERROR Expand.ChartNotFound mesh.istiodsl:4:5: environment 'test', revision "
                + "'1-24-6': the charts folder has no base chart (looked for base/, base-1.24.6.tgz); it holds "
                + "base-1.24.5.tgz, not of Istio 1.24.6 (hint: point `charts` at a folder with Istio's charts base/, "
                + "istiod/ (or istio-control/istio-discovery/) and gateway/, or their archives base-1.24.6.tgz, ...)");
    }

    @Test
    void aChartOfAnotherVersionIsRefused() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH.formatted(""));
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        IstioShapedCharts.write(project.resolve("charts/istiod"), IstioShapedCharts.istiod("1.22.8"));

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).containsExactly("ERROR Expand.ChartVersion "
                + "mesh.istiodsl:4:5: environment 'test', revision '1-24-6': the istiod chart istiod/ is version "
                + "'1.22.8', not Istio 1.24.6 (hint: give the revision the charts of Istio 1.24.6 (helm pull "
                + "istio/istiod --version 1.24.6))");
    }

    @Test
    void anArchiveThatIsNoArchiveIsUnreadable() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH.formatted(""));
        IstioShapedCharts.archives(project.resolve("charts"), "1.24.6");
        Files.writeString(project.resolve("charts/base-1.24.6.tgz"), "not gzip");

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).singleElement().asString()
                .startsWith("ERROR Expand.ChartUnreadable mesh.istiodsl:4:5: environment 'test', revision '1-24-6': "
                        + "cannot read the base chart base-1.24.6.tgz: ").endsWith("(hint: replace it with the chart as "
                        + "Helm downloads or packages it)");
    }

    @Test
    void anOverlaySetChartsCannotApplyIsReportedAtItsLineAndNothingIsRendered() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  revision 1-24-6 { istio 1.24.6  charts "charts" }
                  overlay pins { set components.pilot.k8s.replicaCount = 3 }
                  environment test { kubernetes 1.29  revisions 1-24-6  overlays pins }
                }
                """);
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        CountingRenderer helm = new CountingRenderer();

        List<String> errors = HelmProjects.errors(HelmProjects.compile(project, helm));

        assertThat(errors).containsExactly("ERROR Expand.ChartsCannotApply mesh.istiodsl:3:18: environment 'test', "
                + "revision '1-24-6' is rendered from Helm charts, which cannot apply `set "
                + "components.pilot.k8s.replicaCount = 3` of overlay 'pins' (hint: with charts, set paths are keys "
                + "only and start at values, meshConfig, hub or tag, or are components.cni.enabled (true or false) "
                + "and components.cni.namespace; other component settings and list steps need istioctl)");
        assertThat(helm.calls()).isEmpty();
    }

    private Path project(String setting) {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH.formatted(setting));
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        return project;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
