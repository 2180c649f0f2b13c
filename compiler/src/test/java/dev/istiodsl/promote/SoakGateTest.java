package dev.istiodsl.promote;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak gates against synthetic git histories: each commit writes the folders a compiled tree has for an environment
 * (a revision's folder, a tag's webhook with its {@code istio.io/rev} label) and carries an explicit committer date,
 * so every soak is measured between known instants. The mesh is checked without expanding: the gate reads the DSL
 * and the history, nothing else.
 */
class SoakGateTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8  manifest "old.yaml" }
              revision 1-24-6 { istio 1.24.6  manifest "new.yaml" }
              environment preprod {
                revisions %s
                tag stable -> %s
              }
              environment prod after preprod soak 7d {
                revisions %s
                tag stable -> %s
                %s
              }
            }
            """;

    @TempDir
    Path project;

    private CommittedTrees history;
    private Git git;

    @BeforeEach
    void aRepository() throws Exception {
        history = new CommittedTrees(project);
        git = history.git();
        Files.writeString(project.resolve("old.yaml"), "");
        Files.writeString(project.resolve("new.yaml"), "");
    }

    @Test
    void aRevisionThatSoakedLongEnoughUpstreamReachesProd() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("preprod runs 1-24-6", "2026-11-01T10:00:00Z");

        List<Diagnostic> found = check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""),
                "2026-11-08T10:00:00Z");

        assertThat(found).isEmpty();
    }

    @Test
    void aRevisionPromotedBeforeItsSoakIsOverIsAnErrorWithBothDates() throws Exception {
        tree("preprod", List.of("1-22-8"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("everything on 1-22-8", "2026-10-20T09:00:00Z");
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        String commit = commit("preprod runs 1-24-6", "2026-11-03T14:30:00Z");

        List<Diagnostic> found = check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""),
                "2026-11-06T08:00:00Z");

        assertThat(found).extracting(Diagnostic::toString).containsExactly("ERROR Promotion.SoakNotMet "
                + "mesh.istiodsl:9:23: environment 'prod': revision '1-24-6' would reach prod on 2026-11-06 08:00 UTC,"
                + " but preprod has run it only since 2026-11-03 14:30 UTC (commit " + commit.substring(0, 12)
                + "): 2d 17h 30m of the 7d soak (hint: wait until 2026-11-10 14:30 UTC, or, in an emergency, add"
                + " `suppress Promotion.SoakNotMet \"why\"` to environment prod: the reason is shown in every report)");
    }

    @Test
    void aRevisionUpstreamNeverRanIsAnError() throws Exception {
        tree("preprod", List.of("1-22-8"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        String commit = commit("everything on 1-22-8", "2026-10-20T09:00:00Z");

        List<Diagnostic> found = check(mesh("1-22-8", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""),
                "2026-11-06T08:00:00Z");

        assertThat(found).filteredOn(d -> d.id().equals(SoakGate.ID)).extracting(Diagnostic::toString)
                .containsExactly("ERROR Promotion.SoakNotMet "
                + "mesh.istiodsl:9:23: environment 'prod': revision '1-24-6' would reach prod on 2026-11-06 08:00 UTC,"
                + " but preprod has not run it in the tree committed at HEAD (" + commit.substring(0, 12) + "), so"
                + " its 7d soak has not started (hint: promote to preprod first and commit it; prod follows 7d later"
                + " (or, in an emergency, `suppress Promotion.SoakNotMet \"why\"` in environment prod))");
    }

    @Test
    void aTagMoveIsGatedByTheSameTagOnTheSameRevisionUpstream() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        tree("prod", List.of("1-22-8", "1-24-6"), "1-22-8");
        commit("both run both", "2026-10-01T09:00:00Z");
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-24-6");
        commit("preprod moves stable", "2026-11-04T12:00:00Z");

        List<Diagnostic> found = check(mesh("1-22-8, 1-24-6", "1-24-6", "1-22-8, 1-24-6", "1-24-6", ""),
                "2026-11-06T12:00:00Z");

        assertThat(found).extracting(Diagnostic::message).containsExactly("environment 'prod': the move of tag"
                + " 'stable' from '1-22-8' to '1-24-6' would reach prod on 2026-11-06 12:00 UTC, but preprod has had"
                + " tag 'stable' on '1-24-6' only since 2026-11-04 12:00 UTC (commit " + head().substring(0, 12)
                + "): 2d of the 7d soak");
        assertThat(found.get(0).location().line()).as("the tag line of prod").isEqualTo(10);
    }

    @Test
    void theSoakCountsFromTheLastTimeUpstreamStartedRunningIt() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("preprod tries 1-24-6", "2026-10-01T09:00:00Z");
        tree("preprod", List.of("1-22-8"), "1-22-8");
        commit("preprod rolls back", "2026-10-02T09:00:00Z");
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        commit("preprod runs 1-24-6 again", "2026-11-05T09:00:00Z");

        List<Diagnostic> found = check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""),
                "2026-11-06T09:00:00Z");

        assertThat(found).extracting(Diagnostic::message).singleElement().asString()
                .contains("only since 2026-11-05 09:00 UTC").contains("1d of the 7d soak");
    }

    @Test
    void whatProdAlreadyRunsIsNotGatedAgain() throws Exception {
        tree("preprod", List.of("1-24-6"), "1-24-6");
        tree("prod", List.of("1-22-8", "1-24-6"), "1-22-8");
        commit("prod got 1-24-6 in an emergency", "2026-11-05T09:00:00Z");

        List<Diagnostic> found = check(mesh("1-24-6", "1-24-6", "1-22-8, 1-24-6", "1-22-8", ""),
                "2026-11-05T10:00:00Z");

        assertThat(found).isEmpty();
    }

    @Test
    void anOverrideWithAReasonLetsAnEmergencyThroughAndKeepsTheFinding() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("preprod runs 1-24-6", "2026-11-05T09:00:00Z");

        List<Diagnostic> found = check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8",
                "suppress Promotion.SoakNotMet \"CVE-2026-0001: the fix must reach prod today\""),
                "2026-11-05T12:00:00Z");

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.SUPPRESSED);
            assertThat(d.toString()).contains("CVE-2026-0001: the fix must reach prod today")
                    .contains("only since 2026-11-05 09:00 UTC");
        });
    }

    @Test
    void anOverrideLeftInPlaceAfterThePromotionLandedIsReportedUnused() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        tree("prod", List.of("1-22-8", "1-24-6"), "1-22-8");
        commit("prod runs 1-24-6", "2026-11-05T09:00:00Z");

        CompileResult result = new Compiler().validate(request(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6",
                "1-22-8", "suppress Promotion.SoakNotMet \"CVE-2026-0001\""), "2026-11-06T09:00:00Z")
                .withValidation(options("2026-11-06T09:00:00Z")));

        assertThat(result.diagnostics()).extracting(Diagnostic::id).contains("Validate.UnusedSuppression")
                .doesNotContain(SoakGate.ID);
    }

    @Test
    void inCiTheBaseBranchDecidesWhatIsDeployedNotTheBranchUnderReview() throws Exception {
        tree("preprod", List.of("1-22-8"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("main: everything on 1-22-8", "2026-10-01T09:00:00Z");
        git.checkout().setCreateBranch(true).setName("upgrade").call();
        tree("preprod", List.of("1-22-8", "1-24-6"), "1-22-8");
        commit("upgrade: preprod runs 1-24-6, never merged", "2026-10-02T09:00:00Z");
        String text = mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", "");

        assertThat(check(text, "2026-11-06T08:00:00Z")).as("measured on the branch itself").isEmpty();
        assertThat(new Compiler().validate(request(text, "2026-11-06T08:00:00Z").withValidation(
                options("2026-11-06T08:00:00Z").withSoakBase("main"))).diagnostics())
                .extracting(Diagnostic::message).singleElement().asString()
                .contains("preprod has not run it in the tree committed at main (");
    }

    @Test
    void aBaseTheCloneDoesNotHaveIsAnErrorNotAnOpenGate() throws Exception {
        tree("preprod", List.of("1-22-8"), "1-22-8");
        tree("prod", List.of("1-22-8"), "1-22-8");
        commit("everything on 1-22-8", "2026-10-20T09:00:00Z");
        String text = mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", "");

        for (String ref : List.of("origin/main", "main^{")) {
            List<Diagnostic> found = new Compiler().validate(request(text, "2026-11-06T08:00:00Z").withValidation(
                    options("2026-11-06T08:00:00Z").withSoakBase(ref))).diagnostics();
            assertThat(found).extracting(Diagnostic::id).as(ref).containsExactly("Promotion.NoBase");
            assertThat(found.get(0).message()).as(ref).startsWith("the soak gates cannot be measured: ")
                    .contains(ref);
        }
    }

    @Test
    void withoutACommittedTreeThereIsNothingToGate() throws Exception {
        Files.writeString(project.resolve("README.md"), "a repository whose tree is not committed yet\n");
        commit("readme", "2026-11-01T09:00:00Z");

        assertThat(check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""), "2026-11-06T08:00:00Z"))
                .isEmpty();
    }

    @Test
    void anEnvironmentNotInTheCommittedTreeYetIsNotGated() throws Exception {
        tree("preprod", List.of("1-22-8"), "1-22-8");
        commit("preprod only", "2026-11-01T09:00:00Z");

        assertThat(check(mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8", ""), "2026-11-06T08:00:00Z"))
                .isEmpty();
    }

    @Test
    void outsideAGitRepositoryThereIsNothingToGate(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("old.yaml"), "");
        Files.writeString(elsewhere.resolve("new.yaml"), "");
        Files.writeString(elsewhere.resolve("mesh.istiodsl"), mesh("1-22-8, 1-24-6", "1-22-8", "1-22-8, 1-24-6", "1-22-8",
                ""));
        CompileResult result = new Compiler().validate(CompileRequest.forProject(elsewhere)
                .withValidation(options("2026-11-06T08:00:00Z")));
        assertThat(result.diagnostics()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String mesh(String preprodRevisions, String preprodStable, String prodRevisions,
            String prodStable, String prodExtra) {
        return MESH.formatted(preprodRevisions, preprodStable, prodRevisions, prodStable, prodExtra);
    }

    private List<Diagnostic> check(String meshText, String now) throws Exception {
        return new Compiler().validate(request(meshText, now)).diagnostics();
    }

    private CompileRequest request(String meshText, String now) throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), meshText);
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                project.resolve("target/cache"), IstioctlOptions.defaults(), options(now));
    }

    private static ValidateOptions options(String now) {
        return ValidateOptions.defaults().withExpand(false).withToday(LocalDate.of(2024, 10, 1))
                .withNow(Instant.parse(now));
    }

    /** What a compiled tree holds for an environment, as far as the gate reads it: its revisions and tag stable. */
    private void tree(String env, List<String> revisions, String stable) throws Exception {
        history.tree(env, revisions, Map.of("stable", stable), Map.of());
    }

    private String commit(String message, String at) throws Exception {
        return history.commit(message, at);
    }

    private String head() throws Exception {
        return history.head();
    }
}
