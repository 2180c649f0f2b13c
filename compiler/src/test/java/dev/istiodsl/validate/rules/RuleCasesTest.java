package dev.istiodsl.validate.rules;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every folder under {@code rules/<RuleId>/<case>/} is one case: {@code input/mesh.istiodsl} is checked, and the
 * one-line findings of the rule named by the folder must equal {@code expected.findings}. Every rule, built-in or
 * loaded, has a {@code failing} case that reports it and a {@code clean} case that reports nothing.
 */
class RuleCasesTest {

    /** The compile date of every case, so end-of-life findings never change with the calendar. */
    static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

    /** Expansion caches of the cases, one folder each. */
    @TempDir
    static Path scratch;

    private static final Path CASES = Golden.sourceResources().resolve("rules");
    private static final Rules RULES = Rules.load(RuleCasesTest.class.getClassLoader());

    @TestFactory
    Stream<DynamicTest> everyCaseReportsExactlyItsExpectedFindings() throws IOException {
        List<Path> cases;
        try (Stream<Path> rules = Files.list(CASES)) {
            cases = rules.filter(Files::isDirectory).sorted().flatMap(RuleCasesTest::casesOf).toList();
        }
        assertThat(cases).as("rule cases under %s", CASES).isNotEmpty();
        return cases.stream().map(dir -> DynamicTest.dynamicTest(CASES.relativize(dir).toString().replace('\\', '/'),
                () -> run(dir)));
    }

    @Test
    void everyRuleHasAFailingCaseThatReportsItAndACleanCaseThatReportsNothing() throws IOException {
        for (Rule rule : RULES.all()) {
            Path failing = CASES.resolve(rule.id()).resolve("failing").resolve("expected.findings");
            Path clean = CASES.resolve(rule.id()).resolve("clean").resolve("expected.findings");
            assertThat(failing).as("failing case of %s", rule.id()).exists();
            assertThat(clean).as("clean case of %s", rule.id()).exists();
            assertThat(Files.readAllLines(failing, StandardCharsets.UTF_8)).as("findings of %s", failing)
                    .isNotEmpty().allSatisfy(line -> assertThat(line).contains(" " + rule.id() + " "));
            assertThat(Files.readString(clean, StandardCharsets.UTF_8)).as("findings of %s", clean).isEmpty();
        }
    }

    @Test
    void everyCaseFolderIsNamedAfterARule() throws IOException {
        try (Stream<Path> folders = Files.list(CASES)) {
            assertThat(folders.map(p -> p.getFileName().toString()).toList())
                    .allSatisfy(id -> assertThat(RULES.find(id)).as("rule %s", id).isPresent());
        }
    }

    private static Stream<Path> casesOf(Path rule) {
        try (Stream<Path> cases = Files.list(rule)) {
            return cases.filter(Files::isDirectory).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A case whose revisions are expanded without istioctl (from manifest files or charts) is checked as
     * {@code istiodsl:validate} checks: expanded, every resource and rule. Any other case (IstioOperator files
     * included) is checked on the DSL alone. Only the findings of the rule the folder is named after count.
     */
    private static void run(Path dir) throws IOException {
        Rule rule = RULES.find(dir.getParent().getFileName().toString()).orElseThrow();
        Path input = dir.resolve("input");
        CompileResult bound = new Compiler().bind(new CompileRequest(input, Path.of("mesh.istiodsl")));
        assertThat(bound.diagnostics()).as("the case's mesh binds without diagnostics").isEmpty();
        boolean expand = bound.mesh().orElseThrow().revisions().values().stream()
                .anyMatch(r -> r.manifest().isPresent() || r.charts().isPresent());
        CompileRequest request = new CompileRequest(input, Path.of("mesh.istiodsl"), Path.of("deploy"),
                scratch.resolve(dir.getFileName() + "-" + dir.getParent().getFileName()), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(TODAY).withExpand(expand));
        CompileResult checked = new Compiler().validate(request);
        assertThat(checked.diagnostics()).as("diagnostics of stages before validate")
                .noneMatch(d -> d.isError() && RULES.find(d.id()).isEmpty());
        String actual = checked.diagnostics().stream().filter(d -> d.id().equals(rule.id()))
                .map(d -> d + "\n").collect(Collectors.joining());
        Golden.check(dir.resolve("expected.findings"), actual);
    }
}
