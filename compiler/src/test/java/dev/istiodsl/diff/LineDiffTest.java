package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A changed multi-line string is a unified line diff with context, in the terminal and in the Markdown report. */
class LineDiffTest {

    /** A ConfigMap whose {@code config} block scalar has 20 lines, line 10 as given. */
    private static String configMap(String line10) {
        String template = IntStream.rangeClosed(1, 20).mapToObj(i -> i == 10 ? line10 : "line " + i)
                .collect(Collectors.joining("\n      ", "      ", "\n"));
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector-r1, namespace: istio-system}\n"
                + "data:\n  config: |\n" + template;
    }

    private static JsonNode yaml(String text) throws Exception {
        return Yaml.readDocuments(text).get(0);
    }

    private static TreeDiff diff() {
        return TreeDiff.of("HEAD", Map.of("prod/revisions/r1/configmap/injector.yaml", configMap("line 10")
                .getBytes(StandardCharsets.UTF_8)), Map.of("prod/revisions/r1/configmap/injector.yaml",
                configMap("line ten").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChangedBlockScalarIsAUnifiedDiffWithThreeLinesOfContext() throws Exception {
        List<FieldChange> fields = SemanticDiff.fields(yaml(configMap("line 10")), yaml(configMap("line ten")));

        assertThat(fields).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("data.config");
            assertThat(f.lines()).containsExactly("@@ -7,7 +7,7 @@", " line 7", " line 8", " line 9", "-line 10",
                    "+line ten", " line 11", " line 12", " line 13");
        });
    }

    @Test
    void aOneLineValueKeepsItsBeforeAndAfter() throws Exception {
        List<FieldChange> fields = SemanticDiff.fields(yaml("kind: ConfigMap\ndata: {a: x}\n"),
                yaml("kind: ConfigMap\ndata: {a: y}\n"));

        assertThat(fields).singleElement().satisfies(f -> {
            assertThat(f.isText()).isFalse();
            assertThat(f.before() + " -> " + f.after()).isEqualTo("x -> y");
        });
    }

    @Test
    void theTerminalPrintsTheHunksUnderTheField() {
        assertThat(DiffReport.terminal(diff(), false)).containsSubsequence(
                "      data.config: text changed, 1 line added, 1 removed",
                "        @@ -7,7 +7,7 @@",
                "         line 9",
                "        -line 10",
                "        +line ten",
                "         line 11");
    }

    @Test
    void theTerminalColoursAddedAndRemovedLines() {
        assertThat(DiffReport.terminal(diff(), true)).contains("        \u001b[31m-line 10\u001b[0m",
                "        \u001b[32m+line ten\u001b[0m");
    }

    @Test
    void theMarkdownReportHasADiffFenceUnderTheField() {
        String md = DiffReport.markdown(diff(), DiffReportTest.meshOf(), List.of());

        assertThat(md).contains("""
                  - `data.config`: text changed, 1 line added, 1 removed
                    ```diff
                    @@ -7,7 +7,7 @@
                     line 7
                     line 8
                     line 9
                    -line 10
                    +line ten
                     line 11
                     line 12
                     line 13
                    ```
                """);
    }

    @Test
    void aMultiLineSecretValueIsMaskedLineByLineInTheLineDiff() {
        String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        dev.istiodsl.diag.Redaction redaction = new dev.istiodsl.diag.Redaction();
        redaction.value(key);
        String before = "kind: ConfigMap\nmetadata: {name: leaked}\ndata:\n  pem: |\n    header\n";
        String after = before + "    " + key.replace("\n", "\n    ") + "\n";

        TreeDiff diff = TreeDiff.of("HEAD", Map.of("prod/base/configmap/leaked.yaml", before.getBytes(
                StandardCharsets.UTF_8)), Map.of("prod/base/configmap/leaked.yaml", after.getBytes(
                StandardCharsets.UTF_8))).masked(redaction::mask);

        assertThat(String.join("\n", DiffReport.terminal(diff, false))).contains("+<redacted>")
                .doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    }

    @Test
    void aLineWithBackticksGetsALongerFence() {
        StringBuilder md = new StringBuilder();
        DiffReport.fenced(md, "", List.of("+```yaml"));
        assertThat(md.toString()).isEqualTo("````diff\n+```yaml\n````\n");
    }
}
