package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chart Istio did not release renders, but is named in a warning: unstamped charts of Istio's source tree (version
 * {@code 1.0.0}), and charts whose images come from Istio's development registry when the mesh sets no hub.
 */
class UnreleasedChartsAreNamedTest {

    private static final String MESH = """
            mesh shop {
              %s
              revision 1-24-6 {
                istio 1.24.6
                charts "charts"
              }
              environment test { kubernetes 1.29  revisions 1-24-6 }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void anUnstampedChart_isNamedInAWarning() {
        Path project = HelmProjects.mesh(temp.resolve("p"), MESH.formatted("hub docker.io/istio"));
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        IstioShapedCharts.write(project.resolve("charts/istiod"), java.util.Map.of("Chart.yaml",
                "apiVersion: v2\nname: istiod\nversion: 1.0.0\nappVersion: 1.0.0\n"));

        CompileResult result = HelmProjects.compile(project);

        assertThat(HelmProjects.errors(result)).isEmpty();
        assertThat(warnings(result)).containsExactly("WARNING Expand.UnreleasedChart mesh.istiodsl:5:5: environment "
                + "'test', revision '1-24-6': the istiod chart istiod/ is unstamped (version 1.0.0, as in Istio's "
                + "source tree), not a chart Istio released (hint: use the published charts: `charts repository`, "
                + "or `helm pull istio/istiod --version <version>`)");
    }

    @Test
    void aChartWithImagesFromIstiosDevelopmentRegistry_isNamedInAWarning_unlessTheMeshSetsAHub() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("p"), MESH.formatted(""));
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        Path values = project.resolve("charts/istiod/values.yaml");
        Files.writeString(values, Files.readString(values).replace("hub: docker.io/istio",
                "hub: gcr.io/istio-testing"));

        assertThat(warnings(HelmProjects.compile(project))).containsExactly("WARNING Expand.UnreleasedChart "
                + "mesh.istiodsl:5:5: environment 'test', revision '1-24-6': the istiod chart istiod/ takes its images "
                + "from Istio's development registry gcr.io/istio-testing (its values.yaml), and the mesh sets no hub "
                + "(hint: use the published charts (`charts repository`), or set `hub` to the registry the images "
                + "come from, like docker.io/istio)");

        Files.writeString(project.resolve("mesh.istiodsl"), MESH.formatted("hub docker.io/istio"));
        assertThat(warnings(HelmProjects.compile(project))).isEmpty();
    }

    private static List<String> warnings(CompileResult result) {
        return result.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING)
                .filter(d -> d.id().startsWith("Expand.")).map(Diagnostic::toString).toList();
    }
}
