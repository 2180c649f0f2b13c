package dev.istiodsl.golden;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every folder under {@code cases/<stage>/<case>/} is one case: {@code input/mesh.istiodsl} (and whatever it
 * imports or names) is checked, and the one-line diagnostics must equal {@code expected.errors}. A clean case has
 * an empty {@code expected.errors}.
 */
class DiagnosticCasesTest {

    private static final Path CASES = Golden.sourceResources().resolve("cases");

    @TestFactory
    Stream<DynamicTest> everyCaseReportsExactlyItsExpectedDiagnostics() throws IOException {
        List<Path> cases;
        try (Stream<Path> stages = Files.list(CASES)) {
            cases = stages.filter(Files::isDirectory).sorted().flatMap(DiagnosticCasesTest::casesOf).toList();
        }
        assertThat(cases).as("golden cases under %s", CASES).isNotEmpty();
        return cases.stream().map(dir -> DynamicTest.dynamicTest(CASES.relativize(dir).toString().replace('\\', '/'),
                () -> run(dir)));
    }

    private static Stream<Path> casesOf(Path stage) {
        try (Stream<Path> cases = Files.list(stage)) {
            return cases.filter(Files::isDirectory).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The date the {@code validate} cases are judged on, so end-of-life findings never change with the calendar. */
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

    /** Expansion caches of the {@code validate} cases, one folder each. */
    @TempDir
    static Path scratch;

    /**
     * {@code parse} and {@code bind} cases are bound; {@code validate} cases are checked like {@code istiodsl:validate}
     * checks them, expanded from the manifest files their revisions name.
     */
    private static void run(Path dir) throws IOException {
        Path input = dir.resolve("input");
        CompileResult result;
        if (dir.getParent().getFileName().toString().equals("validate")) {
            result = new Compiler().validate(new CompileRequest(input, Path.of("mesh.istiodsl"), Path.of("deploy"),
                    scratch.resolve(dir.getFileName()), IstioctlOptions.defaults(),
                    ValidateOptions.defaults().withToday(TODAY)));
        } else {
            result = new Compiler().bind(new CompileRequest(input, Path.of("mesh.istiodsl")));
        }
        String actual = result.diagnostics().stream().map(Diagnostic::toString)
                .map(line -> line + "\n").collect(Collectors.joining());
        Golden.check(dir.resolve("expected.errors"), actual);
    }
}
