package dev.istiodsl.bind;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.parse.Ast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Input too large or too odd to keep as a golden file, generated here: each is a located diagnostic, never a stack
 * overflow or an exception.
 */
class HostileInputTest {

    @TempDir
    Path project;

    private List<String> bind(String mesh) throws IOException {
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        CompileResult result = new Compiler().bind(CompileRequest.forProject(project));
        return result.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    private static String meshWithSet(String value) {
        return "mesh m {\n  revision r1 { istio 1.22.8  set values.x = " + value + " }\n"
                + "  environment test { revisions r1 }\n}\n";
    }

    @Test
    void mapsNestedThousandsDeep_areOneErrorAtTheFirstBraceTooMany() throws IOException {
        for (int depth : new int[] {1_500, 10_000}) {
            String value = "{a:".repeat(depth) + "1" + "}".repeat(depth);
            // mesh and revision are levels 1 and 2: the 99th brace of the value is the 101st.
            int column = "  revision r1 { istio 1.22.8  set values.x = ".length() + 98 * "{a:".length() + 1;
            assertThat(bind(meshWithSet(value))).containsExactly("ERROR Syntax.TooDeep mesh.istiodsl:2:" + column
                    + ": this '{' nests 101 deep (hint: blocks, maps and lists nest at most 100 deep)");
        }
    }

    @Test
    void listsNestedAThousandDeep_areOneErrorAtTheFirstBracketTooMany() throws IOException {
        String value = "[".repeat(1_000) + "1" + "]".repeat(1_000);
        int column = "  revision r1 { istio 1.22.8  set values.x = ".length() + 98 + 1;
        assertThat(bind(meshWithSet(value))).containsExactly("ERROR Syntax.TooDeep mesh.istiodsl:2:" + column
                + ": this '[' nests 101 deep (hint: blocks, maps and lists nest at most 100 deep)");
    }

    @Test
    void aValueAsDeepAsTheLimitIsRead() throws IOException {
        String value = "{a:".repeat(98) + "1" + "}".repeat(98);
        assertThat(bind(meshWithSet(value))).isEmpty();
    }

    @Test
    void aSetPathOfThousandsOfKeys_isTooDeepWithItsValue() throws IOException {
        String path = "values" + ".a".repeat(4_999);
        assertThat(bind("mesh m {\n  revision r1 { istio 1.22.8  set " + path + " = { b: 1 } }\n"
                + "  environment test { revisions r1 }\n}\n")).containsExactly("ERROR Bind.TooDeep mesh.istiodsl:2:35: "
                        + "this path and its value nest 5001 deep (hint: maps and lists nest at most 100 deep)");
    }

    private static String meshWithPatch(String pointer) {
        return "mesh m {\n  revision r1 { istio 1.22.8 }\n  overlay o { patch Deployment \"istiod-*\" { remove "
                + pointer + " } }\n  environment test { revisions r1  overlays o }\n}\n";
    }

    @Test
    void aJsonPointerOfTwoThousandCharacters_isCheckedWithoutRecursion() throws IOException {
        assertThat(bind(meshWithPatch("/" + "a".repeat(2_000)))).isEmpty();
        assertThat(bind(meshWithPatch("/" + "~1".repeat(1_000)))).isEmpty();
        assertThat(bind(meshWithPatch("/" + "a".repeat(2_000) + "~2"))).singleElement().asString()
                .startsWith("ERROR Bind.InvalidJsonPointer mesh.istiodsl:3:52: '/aaaa");
    }

    @Test
    void aRuleIdOfTwentyThousandWords_isCheckedWithoutRecursion() throws IOException {
        String mesh = "mesh m {\n  revision r1 { istio 1.22.8 }\n  environment test { revisions r1 }\n"
                + "  suppress A%s \"why\"\n}\n";
        assertThat(bind(mesh.formatted(".B".repeat(20_000)))).isEmpty();
        assertThat(bind(mesh.formatted(".B".repeat(20_000) + ".b"))).singleElement().asString()
                .startsWith("ERROR Bind.InvalidValue mesh.istiodsl:4:12: 'A.B.B");
    }

    @Test
    void theValueReaderHasItsOwnDepthLimit() {
        SourceLocation at = new SourceLocation("mesh.istiodsl", 1, 1, 1);
        Ast.Value value = new Ast.Value.NumberValue(at, "1");
        for (int i = 0; i < 10_000; i++) {
            value = new Ast.Value.ListValue(at, List.of(value));
        }
        Diagnostics diagnostics = new Diagnostics();
        new ValueReader(diagnostics).json(value);
        assertThat(diagnostics.sorted()).extracting(Diagnostic::toString).containsExactly("ERROR Bind.TooDeep "
                + "mesh.istiodsl:1:1: this value nests more than 100 deep (hint: maps and lists nest at most 100 "
                + "deep)");
    }

    @Test
    void aPipeNamedAsAFile_isNotAFileRatherThanMissing() throws IOException, InterruptedException {
        Path fifo = Files.createDirectories(project.resolve("operators")).resolve("istiod.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        assertThat(bind("mesh m {\n  revision r1 { istio 1.22.8  operator \"operators/istiod.yaml\" }\n"
                + "  environment test { revisions r1 }\n}\n")).containsExactly("ERROR Bind.FileNotReadable "
                        + "mesh.istiodsl:2:40: IstioOperator file 'operators/istiod.yaml' is not a regular file (a "
                        + "pipe, socket or device) (hint: name a file saved in the project)");
    }

    @Test
    void aMeshFileOutsideTheProject_isBlamedItselfNotThePathsItNames() throws IOException {
        Path outside = Files.createDirectories(project.resolve("elsewhere"));
        Path inside = Files.createDirectories(project.resolve("repo"));
        Files.writeString(outside.resolve("r1.yaml"), "");
        Files.writeString(outside.resolve("mesh.istiodsl"), "mesh m {\n  revision r1 { istio 1.22.8  manifest "
                + "\"r1.yaml\" }\n  environment test { revisions r1 }\n}\n");
        CompileResult result = new Compiler().bind(new CompileRequest(inside, outside.resolve("mesh.istiodsl")));
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly("ERROR "
                + "Bind.PathOutsideProject the mesh file " + outside.resolve("mesh.istiodsl") + " is outside the "
                + "project directory " + inside + " (hint: move it into the project, or set "
                + "istiodsl.projectDirectory to a folder that holds it)");
    }

    @Test
    void aChainOfThousandsOfImports_isLoadedOnTheDefaultStack() throws Exception {
        int files = 3_000;
        for (int i = 1; i < files; i++) {
            Files.writeString(project.resolve("l" + i + ".istiodsl"), i + 1 < files
                    ? "import \"l" + (i + 1) + ".istiodsl\"\n" : "overlay last { drop ConfigMap \"x\" }\n");
        }
        Files.writeString(project.resolve("mesh.istiodsl"), "mesh m {\n  import \"l1.istiodsl\"\n"
                + "  revision r1 { istio 1.22.8 }\n  environment test { revisions r1  overlays last }\n}\n");
        List<Throwable> thrown = new java.util.ArrayList<>();
        List<CompileResult> results = new java.util.ArrayList<>();
        // A thread of its own, with the 1 MB stack the JVM gives a thread by default whatever surefire's main has.
        Thread bind = new Thread(null, () -> {
            try {
                results.add(new Compiler().bind(CompileRequest.forProject(project)));
            } catch (Throwable t) {
                thrown.add(t);
            }
        }, "bind", 1 << 20);
        bind.start();
        bind.join();

        assertThat(thrown).isEmpty();
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.diagnostics()).isEmpty();
            assertThat(result.sources().files()).hasSize(files);
        });
    }
}
