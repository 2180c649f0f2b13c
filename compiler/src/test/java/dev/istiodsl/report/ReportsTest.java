package dev.istiodsl.report;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports of one validate run with a warning and a suppressed finding, pinned as golden files:
 * {@code report/findings.json} and {@code report/junit.xml}. The mesh is the golden case
 * {@code cases/validate/suppression-for-one-resource}.
 */
class ReportsTest {

    private static final Path CASE = Golden.sourceResources().resolve("cases/validate/suppression-for-one-resource/input");

    @TempDir
    Path scratch;

    private CompileResult result() {
        return new Compiler().validate(new CompileRequest(CASE, Path.of("mesh.istiodsl"), Path.of("deploy"), scratch,
                IstioctlOptions.defaults(), ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
    }

    @Test
    void theJsonReportHasASummaryPerEnvironmentThenEveryFinding() throws IOException {
        Golden.check(Golden.sourceResources().resolve("report/findings.json"), Reports.json(result()));
    }

    @Test
    void theJUnitReportHasASuitePerEnvironmentAndSkipsSuppressedFindings() throws IOException {
        Golden.check(Golden.sourceResources().resolve("report/junit.xml"), Reports.junit(result()));
    }

    @Test
    void findingsAreGroupedMeshFirstThenByEnvironment() {
        assertThat(Reports.byEnvironment(result())).containsOnlyKeys("mesh", "test");
        assertThat(Reports.countsLine(Reports.byEnvironment(result()).get("test")))
                .isEqualTo("0 errors, 1 warning, 0 notes, 1 suppressed");
    }

    @Test
    void writingTwiceGivesTheSameBytes() throws IOException {
        CompileResult result = result();
        List<Path> first = Reports.write(scratch.resolve("a"), result);
        List<Path> second = Reports.write(scratch.resolve("b"), result);
        for (int i = 0; i < first.size(); i++) {
            assertThat(Files.readAllBytes(second.get(i))).isEqualTo(Files.readAllBytes(first.get(i)));
        }
    }
}
