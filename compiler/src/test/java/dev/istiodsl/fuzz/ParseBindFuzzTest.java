package dev.istiodsl.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parse and bind never throw, whatever the bytes: every problem is a diagnostic. (The Maven plugin turns any exception
 * that escapes into "internal error", so this is the property that no input reaches that message.)
 *
 * <p>Under {@code mvn test} the seeds run, one test each: the files in {@code ParseBindFuzzTestInputs/} beside this
 * class in the test resources, inputs that once crashed the compiler. To fuzz, run the one test with Jazzer on:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl compiler test -Dtest=ParseBindFuzzTest -Djazzer.max_duration=10m
 * </pre>
 * A failing input is saved among the seeds, where it stays as a regression test; the corpus Jazzer grows is kept in
 * {@code compiler/.cifuzz-corpus/} (ignored by git).
 *
 * <p>An input is the mesh file's bytes; after a line {@code #---- named.yaml} come the bytes of {@code named.yaml}
 * beside it, a file the mesh can name as an operator, manifest, patch, merge or resource file.
 */
class ParseBindFuzzTest {

    private static final byte[] SECOND_FILE = "\n#---- named.yaml\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** One project folder for the whole run: a fresh folder per input would cost more than the bind. */
    private static Path project;

    /**
     * The words of the language, so mutations build statements rather than only flip bytes. Written in libFuzzer's
     * dictionary syntax: {@code \"} is a quote, {@code \\} a backslash, {@code \x0A} a line break.
     */
    @DictionaryEntries({"mesh ", "import ", "revision ", "set ", "component ", "tag ", "gateway ", "port ", "overlay ",
            "patch ", "merge ", "drop ", "resource ", "from ", " in ", "environment ", "extends ", "after ", "soak ",
            "namespaces ", "suppress ", "true", "false", "null", "istio 1.22.8", "profile ", "operator ", "manifest ",
            "charts ", "hub ", "values ", "meshConfig ", "revisions ", "overlays ", "gateways ", "kubernetes 1.30",
            "output ", "namespace ", "cluster ", "clusters ", "pullSecrets ", "replicas ", "kind ", " -> ", "{", "}",
            "[", "]", ", ", ": ", " = ", "\\\"", "\\\\u", "/*", "*/", "# ", "// ", "\\x0A",
            "\\\"named.yaml\\\"", "std/", "values.pilot.", ".[0].", ".[name:x].", "/spec/", "~1", "add ", "remove ",
            "replace ", "move ", "copy ", "test ", "Deployment \\\"istiod-*\\\" ", "7d", "1e308", "-1",
            "apiVersion: v1\\x0A", "kind: ConfigMap\\x0A", "#---- named.yaml\\x0A"})
    @FuzzTest(maxDuration = "5m")
    void parseAndBindReportEveryProblemAndNeverThrow(byte[] input) throws IOException {
        Path dir = project();
        int split = indexOf(input, SECOND_FILE);
        byte[] mesh = split < 0 ? input : Arrays.copyOfRange(input, 0, split);
        Files.write(dir.resolve("mesh.istiodsl"), mesh);
        Path named = dir.resolve("named.yaml");
        if (split < 0) {
            Files.deleteIfExists(named);
        } else {
            Files.write(named, Arrays.copyOfRange(input, split + SECOND_FILE.length, input.length));
        }
        CompileResult result = new Compiler().bind(CompileRequest.forProject(dir));
        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.toString()).isNotEmpty();
            assertThat(result.render(d)).isNotEmpty();
        }
    }

    private static Path project() throws IOException {
        if (project == null) {
            project = Files.createTempDirectory("istiodsl-fuzz");
            // Deleted in the reverse order of these calls: the files, then their folder.
            project.toFile().deleteOnExit();
            project.resolve("mesh.istiodsl").toFile().deleteOnExit();
            project.resolve("named.yaml").toFile().deleteOnExit();
        }
        return project;
    }

    private static int indexOf(byte[] input, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= input.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (input[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
