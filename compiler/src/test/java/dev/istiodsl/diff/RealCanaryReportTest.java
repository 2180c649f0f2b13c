package dev.istiodsl.diff;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.Mermaid;
import dev.istiodsl.testing.RealCharts;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real canary, compiled from Istio's real 1.24.6 and 1.26.8 charts (../shared/fixtures/istio-charts, rendered by the
 * embedded Helm): a repository whose tree runs 1.24.6 gets 1.26.8 beside it, a canary tag and one namespace on it. The
 * pull-request report of that commit, and the cross-revision report of 1.24.6 against 1.26.8 (where the injector
 * template's line diff is), are golden files under {@code diff/real-canary/}.
 */
class RealCanaryReportTest {

    private static final String BEFORE = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
              tag stable -> 1-24-6
              environment prod {
                kubernetes 1.30
                revisions 1-24-6
                namespaces { payments -> stable  search -> stable }
              }
            }
            """;
    private static final String CANARY = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
              revision 1-26-8 { istio 1.26.8  charts "charts/1.26.8" }
              tag stable -> 1-24-6
              tag canary -> 1-26-8
              environment prod {
                kubernetes 1.30
                revisions 1-24-6, 1-26-8
                namespaces { payments -> stable  search -> canary }
              }
            }
            """;
    private static final Path GOLDEN = Golden.sourceResources().resolve("diff/real-canary");

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void aRepositoryThatRuns1246() throws Exception {
        project = Files.createDirectories(temp.resolve("repo"));
        for (String version : List.of("1.24.6", "1.26.8")) {
            RealCharts.controlPlane(version, project.resolve("charts/" + version));
        }
        Files.writeString(project.resolve("mesh.istiodsl"), BEFORE);
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            CompileResult compiled = new Compiler().compile(request());
            assertThat(compiled.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Platform", "platform@shop.example", Instant.parse(
                    "2026-11-02T10:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("prod runs 1.24.6").setAuthor(who).setCommitter(who).setSign(false).call();
        }
        Files.writeString(project.resolve("mesh.istiodsl"), CANARY);
    }

    private CompileRequest request() {
        return CompileRequest.forProject(project).withValidation(ValidateOptions.defaults()
                .withToday(LocalDate.of(2026, 11, 10)).withNow(Instant.parse("2026-11-10T09:00:00Z")));
    }

    @Test
    void theFirstCanaryCommitsReportFitsAComment() throws Exception {
        Compiler.DiffOutcome outcome = new Compiler().diff(request(), "HEAD");
        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        TreeDiff diff = outcome.diff().orElseThrow();
        String md = DiffReport.markdown(diff, outcome.result().mesh().orElseThrow(), outcome.result().diagnostics());
        String full = DiffReport.full(diff, outcome.result().mesh().orElseThrow(), outcome.result().diagnostics());
        System.out.println("RealCanaryReportTest: 1.24.6 -> 1.26.8 canary: report.md " + md.length()
                + " characters, report-full.md " + full.length());

        assertThat(md.length()).isLessThanOrEqualTo(DiffReport.DEFAULT_BUDGET);
        assertThat(diff.restarts()).extracting(r -> r.namespace() + " " + r.what()).containsExactly(
                "search every workload");
        Golden.check(GOLDEN.resolve("expected.report.md"), masked(md));
        Mermaid.parseIfAvailable(Mermaid.block(md)).ifPresent(type -> assertThat(type).isEqualTo("flowchart-v2"));
    }

    @Test
    void theCrossRevisionReportShowsTheInjectorTemplateLineByLine() throws Exception {
        Compiler.DiffOutcome outcome = new Compiler().revisionDiff(request(), java.util.Optional.of("prod"),
                "1-24-6", "1-26-8");
        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        TreeDiff diff = outcome.diff().orElseThrow();
        String md = DiffReport.markdown(diff, outcome.result().mesh().orElseThrow(), outcome.result().diagnostics());
        System.out.println("RealCanaryReportTest: 1-24-6 against 1-26-8: report.md " + md.length()
                + " characters, report-full.md " + DiffReport.full(diff, outcome.result().mesh().orElseThrow(),
                        outcome.result().diagnostics()).length());

        FieldChange template = diff.changes().get("prod").stream()
                .filter(c -> c.name().equals("istio-system/istio-sidecar-injector-<rev>")).findFirst().orElseThrow()
                .fields().stream().filter(f -> f.path().equals("data.config")).findFirst().orElseThrow();
        assertThat(template.isText()).isTrue();
        assertThat(template.linesAdded() + template.linesRemoved()).isGreaterThan(100);
        assertThat(md.length()).isLessThanOrEqualTo(DiffReport.DEFAULT_BUDGET);
        assertThat(md).contains("  - `data.config`: text changed, ").contains("    ```diff\n    @@ ");
        Golden.check(GOLDEN.resolve("expected.revisions.md"), masked(md));
    }

    /** Commit ids depend on the lock's digests. */
    private static String masked(String text) {
        return text.replaceAll("\\b[0-9a-f]{12}\\b", "<commit>");
    }
}
