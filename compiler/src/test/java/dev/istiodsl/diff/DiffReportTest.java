package dev.istiodsl.diff;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.model.Mesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DiffReportTest {

    @TempDir
    Path dir;

    private Mesh mesh() throws Exception {
        Files.writeString(dir.resolve("mesh.istiodsl"), "mesh m {\n  revision r1 { istio 1.29.2 }\n"
                + "  environment prod { revisions r1 }\n}\n");
        return new Compiler().bind(CompileRequest.forProject(dir)).mesh().orElseThrow();
    }

    /** A mesh with one environment, prod, for reports that need one. */
    static Mesh meshOf() {
        try {
            Path dir = Files.createTempDirectory("istiodsl-mesh");
            Files.writeString(dir.resolve("mesh.istiodsl"), "mesh m {\n  revision r1 { istio 1.29.2 }\n"
                    + "  environment prod { revisions r1 }\n}\n");
            return new Compiler().bind(CompileRequest.forProject(dir)).mesh().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 600 ConfigMaps, each with two changed keys. */
    private static TreeDiff large() {
        Map<String, byte[]> before = new TreeMap<>();
        Map<String, byte[]> after = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            String path = "prod/base/configmap/istio-system_cm-" + i + ".yaml";
            before.put(path, ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-" + i
                    + ", namespace: istio-system}\ndata: {a: '1', b: '1'}\n").getBytes(StandardCharsets.UTF_8));
            after.put(path, ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-" + i
                    + ", namespace: istio-system}\ndata: {a: '2', b: '2'}\n").getBytes(StandardCharsets.UTF_8));
        }
        return TreeDiff.of("HEAD", before, after);
    }

    @Test
    void aReportOfSixHundredChangesCountsThemAllAndSaysWhatDoesNotFit() throws Exception {
        String md = DiffReport.markdown(large(), mesh(), List.of());

        assertThat(md.length()).isLessThanOrEqualTo(DiffReport.DEFAULT_BUDGET);
        assertThat(md).contains("| prod | 0 | 600 | 0 | 0 | 0 |", "| ConfigMap | 0 | 600 | 0 |",
                "<details><summary>prod: 600 resources</summary>");
        long shown = md.lines().filter(line -> line.startsWith("- changed **ConfigMap**")).count();
        assertThat(shown).isBetween(100L, 599L);
        assertThat(md).contains("**Not shown here**: " + (600 - shown) + " resources not in the details",
                "The full report, `report-full.md` beside this one");
    }

    @Test
    void theFullReportShowsEveryResource() throws Exception {
        String md = DiffReport.full(large(), mesh(), List.of());

        assertThat(md.lines().filter(line -> line.startsWith("- changed **ConfigMap**")).count()).isEqualTo(600);
        assertThat(md).doesNotContain("Not shown here");
    }

    /** A tree an earlier istiodsl committed has Namespaces Flux prunes: the diff says what removing one does. */
    @Test
    void aNamespaceCommittedWithoutTheAnnotationsIsSaidToBeDeletedWhenItLeaves() {
        Map<String, byte[]> before = Map.of("prod/base/namespace/web.yaml", ("apiVersion: v1\nkind: Namespace\n"
                + "metadata: {name: web, labels: {istio.io/rev: stable}}\n").getBytes(StandardCharsets.UTF_8));

        TreeDiff diff = TreeDiff.of("HEAD", before, Map.of());

        assertThat(DiffReport.terminal(diff, false)).containsSubsequence(
                "  - Namespace web  (base/namespace/web.yaml)",
                "      ! namespace 'web' leaves the tree, and its Namespace, written by an earlier istiodsl, does not"
                        + " tell Flux or Helm to keep it: applying this tree would delete it and everything in it");
    }

    @Test
    void theTerminalGetsColourOnlyWhenAskedFor() {
        TreeDiff diff = large();
        assertThat(String.join("\n", DiffReport.terminal(diff, false))).doesNotContain("\u001b[");
        assertThat(String.join("\n", DiffReport.terminal(diff, true))).contains("\u001b[33m~\u001b[0m");
    }
}
