package dev.istiodsl.examples;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diff.DiffReport;
import dev.istiodsl.diff.TreeDiff;
import dev.istiodsl.promote.Promoter;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.Mermaid;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four-stage example's story, end to end, in a real git repository: the tree as the example stands (preprod has
 * just started running 1-24-6) is committed on 2 November; promoting prod on the 5th is refused; on the 10th it is
 * made and committed; then {@code diff} says what that commit changes. Every output a reader of
 * {@code four-stage/README.md} sees is a golden file under {@code four-stage/promotion/}.
 */
class FourStagePromotionTest {

    private static final Path EXAMPLE = Path.of("four-stage");
    private static final Path STORY = EXAMPLE.resolve("promotion");
    private static final Instant PREPROD_STARTED = Instant.parse("2026-11-02T10:00:00Z");
    private static final Instant TOO_EARLY = Instant.parse("2026-11-05T10:00:00Z");
    private static final Instant SOAKED = Instant.parse("2026-11-10T09:00:00Z");

    @TempDir
    Path temp;

    @Test
    void prodIsPromotedFromPreprodOnlyAfterAWeekAndTheDiffShowsWhatThatCommitChanges() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("bank"));
        Files.copy(EXAMPLE.resolve("mesh.istiodsl"), repo.resolve("mesh.istiodsl"));
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            CompileResult compiled = new Compiler().compile(request(repo, PREPROD_STARTED));
            assertThat(compiled.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
            commit(git, "preprod runs 1-24-6 on the canary tag", PREPROD_STARTED);

            Compiler.PromoteOutcome early = new Compiler().promote(request(repo, TOO_EARLY), promotion());
            assertThat(early.written()).isFalse();
            Golden.check(STORY.resolve("1-refused.txt"), masked(rendered(early.result())));

            Compiler.PromoteOutcome promoted = new Compiler().promote(request(repo, SOAKED), promotion());
            assertThat(promoted.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
            assertThat(promoted.written()).isTrue();
            RevCommit promotionCommit = commit(git, "promote prod from preprod: 1-24-6 and the canary tag", SOAKED);
            Golden.check(STORY.resolve("2-promotion-commit.diff"), meshPatch(git.getRepository(), promotionCommit));

            Compiler.DiffOutcome diff = new Compiler().diff(request(repo, SOAKED), "HEAD~1");
            TreeDiff changes = diff.diff().orElseThrow();
            assertThat(changes.changes().keySet()).containsExactly("prod");
            Golden.check(STORY.resolve("3-diff.txt"), masked(String.join("\n", DiffReport.terminal(changes, false))
                    + "\n"));
            String report = DiffReport.markdown(changes, diff.result().mesh().orElseThrow(),
                    diff.result().diagnostics());
            String full = DiffReport.full(changes, diff.result().mesh().orElseThrow(), diff.result().diagnostics());
            System.out.println("FourStagePromotionTest: report.md " + report.length() + " characters, report-full.md "
                    + full.length());
            assertThat(report.length()).isLessThanOrEqualTo(DiffReport.DEFAULT_BUDGET);
            Golden.check(STORY.resolve("4-report.md"), masked(report));
            Mermaid.parseIfAvailable(Mermaid.block(report)).ifPresent(type -> assertThat(type)
                    .isEqualTo("flowchart-v2"));
        }
    }

    private static Promoter.Request promotion() {
        return new Promoter.Request("preprod", "prod", Optional.empty());
    }

    /** The errors as the build log shows them. */
    private static String rendered(CompileResult result) {
        return result.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).map(result::render)
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** What {@code git show -- mesh.istiodsl} prints for the commit, from the commit header down. */
    private static String meshPatch(Repository repository, RevCommit commit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectReader reader = repository.newObjectReader(); DiffFormatter format = new DiffFormatter(out);
                RevWalk walk = new RevWalk(repository)) {
            format.setRepository(repository);
            format.setPathFilter(PathFilter.create("mesh.istiodsl"));
            RevCommit parent = walk.parseCommit(commit.getParent(0));
            CanonicalTreeParser before = new CanonicalTreeParser(null, reader, parent.getTree());
            CanonicalTreeParser after = new CanonicalTreeParser(null, reader, commit.getTree());
            format.format(before, after);
        }
        return "commit " + commit.getShortMessage() + "\nDate:   " + commit.getCommitterIdent().getWhenAsInstant()
                + "\n\n" + out.toString(StandardCharsets.UTF_8).replaceAll("index [0-9a-f]+\\.\\.[0-9a-f]+",
                        "index <before>..<after>");
    }

    private static RevCommit commit(Git git, String message, Instant at) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Bank Platform", "platform@bank.example", at, ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private CompileRequest request(Path repo, Instant now) {
        Fixtures.root();
        Path replays = Path.of("..", "tools", "istioctl-replay").toAbsolutePath().normalize();
        IstioctlOptions istioctl = new IstioctlOptions(Map.of(), Optional.of(replays), false,
                Optional.ofNullable(System.getenv("PATH")).orElse(""), true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(60),
                Path.of(System.getProperty("istiodsl.chartRepository", "../target/istio-charts-repository"))
                        .toAbsolutePath().normalize().toUri());
        return new CompileRequest(repo, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2026, 11, 10)).withNow(now));
    }

    /** Commit ids depend on the lock's binary digests; the story reads the same without them. */
    private static String masked(String text) {
        return text.replaceAll("\\b[0-9a-f]{12}\\b", "<commit>");
    }
}
