package dev.istiodsl.diff;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.testing.Mermaid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The promotion chain of the report is a diagram the real Mermaid parser reads. */
class MermaidDiagramTest {

    @TempDir
    Path dir;

    private Mesh mesh() throws Exception {
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh m {
                  revision 1-24-6 { istio 1.24.6 }
                  revision 1-26-8 { istio 1.26.8 }
                  tag stable -> 1-24-6
                  tag canary -> 1-26-8
                  environment dev-eu { revisions 1-24-6, 1-26-8 }
                  environment pre-prod-2 after dev-eu soak 36h { revisions 1-24-6, 1-26-8 }
                  environment prod after pre-prod-2 soak 7d { revisions 1-24-6  tag canary -> 1-24-6 }
                }
                """);
        var bound = new Compiler().bind(CompileRequest.forProject(dir));
        assertThat(bound.diagnostics()).filteredOn(d -> d.isError()).isEmpty();
        return bound.mesh().orElseThrow();
    }

    @Test
    void thePromotionChainParsesAsAFlowchart() throws Exception {
        String md = DiffReport.markdown(TreeDiff.of("HEAD", Map.of(), Map.of()), mesh(), List.of());

        String diagram = Mermaid.block(md);
        assertThat(diagram).contains("env_dev_eu -->|soak 36h| env_pre_prod_2");
        assertThat(Mermaid.parse(diagram)).isEqualTo("flowchart-v2");
    }

    @Test
    void theParserIsRealItRejectsABrokenDiagram() {
        Mermaid.assumeAvailable();
        assertThatThrownBy(() -> Mermaid.parse("flowchart LR\n  a[\"x\" -->\n")).hasMessageContaining("Parse error");
    }
}
