package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chart is read as Helm reads it, symbolic links followed, and every file it reads stays inside the charts folder
 * the mesh names: a link out of it would make the tree depend on files the project does not hold.
 */
class ChartLinksTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts" }
              environment test { kubernetes 1.29  revisions 1-24-6 }
            }
            """;

    @TempDir
    Path temp;

    private Path project() {
        Path project = HelmProjects.mesh(temp.resolve("project"), MESH);
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        return project;
    }

    @Test
    void aChartThatIsALinkOutOfTheChartsFolderIsRefusedBeforeHelmRendersIt() throws Exception {
        Path project = project();
        Path outside = Files.move(project.resolve("charts/istiod"), Files.createDirectories(temp.resolve("outside"))
                .resolve("istiod"));
        Files.createSymbolicLink(project.resolve("charts/istiod"), outside);
        CountingRenderer renderer = new CountingRenderer();

        CompileResult result = HelmProjects.compile(project, renderer);

        assertThat(HelmProjects.errors(result)).singleElement().asString()
                .startsWith("ERROR Expand.ChartUnreadable mesh.istiodsl:2:35:")
                .contains("the istiod chart istiod/", "it leads, through a symbolic link, out of the charts folder");
        assertThat(renderer.calls()).isEmpty();
        assertThat(project.resolve("deploy/istio")).doesNotExist();
    }

    @Test
    void aTemplateThatIsALinkOutOfTheChartsFolderIsRefused() throws Exception {
        Path project = project();
        Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("extra.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: istio-system}\n");
        Files.createSymbolicLink(project.resolve("charts/istiod/templates/extra.yaml"), outside);

        CompileResult result = HelmProjects.compile(project);

        assertThat(HelmProjects.errors(result)).singleElement().asString()
                .startsWith("ERROR Expand.ChartUnreadable").contains("templates/extra.yaml leads, through a symbolic"
                        + " link, out of the charts folder");
    }

    @Test
    void aTemplateFolderLinkedInsideTheChartsFolderIsReadAndRendered() throws Exception {
        Path project = project();
        IstioShapedCharts.write(project.resolve("charts/shared"), Map.of("extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra-{{ .Values.revision }}, namespace: "
                        + "istio-system}\n"));
        Files.createSymbolicLink(project.resolve("charts/istiod/templates/shared"), Path.of("../../shared"));

        CompileResult result = HelmProjects.compile(project);

        assertThat(HelmProjects.errors(result)).isEmpty();
        assertThat(HelmProjects.tree(project)).containsKey(
                "test/revisions/1-24-6/configmap/istio-system_extra-1-24-6.yaml");
    }
}
