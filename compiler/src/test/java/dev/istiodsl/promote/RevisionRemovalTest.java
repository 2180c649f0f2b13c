package dev.istiodsl.promote;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diff.DiffReport;
import dev.istiodsl.diff.TreeDiff;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.StandInIstioctl;
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
 * Removing a revision from an environment, judged against synthetic git histories with explicit committer dates:
 * each commit writes what a compiled tree has for an environment (revision folders, tag webhooks labelled with their
 * revision, Namespaces labelled with their tag or revision). The mesh is checked without expanding.
 */
class RevisionRemovalTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8  manifest "old.yaml" }
              revision 1-24-6 { istio 1.24.6  manifest "new.yaml" }
              environment preprod {
                revisions 1-24-6
                tag stable -> 1-24-6
                namespaces { payments -> stable  search -> 1-24-6 }
              }
              environment prod after preprod soak 7d {
                revisions 1-24-6
                tag stable -> 1-24-6
                namespaces { payments -> stable  search -> 1-24-6 }
                %s
              }
            }
            """;

    @TempDir
    Path project;

    private CommittedTrees history;

    @BeforeEach
    void aRepository() throws Exception {
        history = new CommittedTrees(project);
        Files.writeString(project.resolve("old.yaml"), "");
        Files.writeString(project.resolve("new.yaml"), "");
    }

    @Test
    void aRevisionATagStillPointsAtInTheCommittedTreeCannotBeRemoved() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("search", "1-24-6"));
        String commit = commit("prod: stable on 1-22-8", "2026-10-01T09:00:00Z");

        List<Diagnostic> found = check(mesh(""), "2026-11-06T08:00:00Z");

        assertThat(found).extracting(Diagnostic::toString).containsExactly("ERROR Revision.RemovedWhileInUse"
                + " mesh.istiodsl:10:15: environment 'prod': revision '1-22-8' is removed, but in the tree committed"
                + " at HEAD (" + commit.substring(0, 12) + ") tag stable is still on it, and their pods run its proxy"
                + " (hint: move them to another revision and commit that first; remove the revision once their"
                + " workloads have restarted, 7d later (the soak of prod), or, if nothing runs there, add"
                + " `suppress Revision.RemovedWhileInUse \"why\"` to environment prod)");
    }

    @Test
    void aRevisionANamespaceIsStillBoundToCannotBeRemovedAndATagBindingCountsAsOnItsRevision() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6", "legacy", "1-22-8"),
                Map.of("payments", "legacy", "search", "1-22-8", "labs", "stable"));
        commit("prod: two namespaces on 1-22-8", "2026-10-01T09:00:00Z");

        List<Diagnostic> found = check(mesh(""), "2026-11-06T08:00:00Z");

        assertThat(found).extracting(Diagnostic::message).singleElement().asString()
                .contains("revision '1-22-8' is removed, but in the tree committed at HEAD (")
                .contains(") namespace payments (tag legacy), namespace search and tag legacy are still on it");
    }

    @Test
    void namespacesThatLeftTheRevisionLessThanTheSoakAgoKeepItAndTheMessageSaysWhenItMayGo() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"),
                Map.of("payments", "stable", "search", "1-22-8"));
        commit("prod: everything on 1-22-8", "2026-10-01T09:00:00Z");
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6"),
                Map.of("payments", "stable", "search", "1-24-6"));
        String left = commit("prod: everything moves to 1-24-6", "2026-11-04T12:00:00Z");
        commit("prod: an unrelated change", "2026-11-05T12:00:00Z");

        List<Diagnostic> found = check(mesh(""), "2026-11-06T08:00:00Z");

        assertThat(found).extracting(Diagnostic::toString).containsExactly("ERROR Revision.RemovedWhileInUse"
                + " mesh.istiodsl:10:15: environment 'prod': revision '1-22-8' is removed on 2026-11-06 08:00 UTC,"
                + " but namespace payments (tag stable), namespace search and tag stable left it only on"
                + " 2026-11-04 12:00 UTC (commit " + left.substring(0, 12) + "): their pods keep its proxy until they"
                + " restart, and prod's soak is 7d, so it may go from 2026-11-11 12:00 UTC (hint: restart their"
                + " workloads (kubectl rollout restart) and remove the revision from then on, or, once they have"
                + " restarted, add `suppress Revision.RemovedWhileInUse \"why\"` to environment prod)");
    }

    @Test
    void namespacesThatLeftTheRevisionASoakAgoLetItGo() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("payments", "stable"));
        commit("prod: everything on 1-22-8", "2026-10-01T09:00:00Z");
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("prod: everything moves to 1-24-6", "2026-10-30T08:00:00Z");

        assertThat(check(mesh(""), "2026-11-06T08:00:00Z")).isEmpty();
    }

    @Test
    void aReasonedSuppressionLetsTheRemovalThroughAndKeepsTheFinding() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("payments", "stable"));
        commit("prod: everything on 1-22-8", "2026-10-01T09:00:00Z");
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("prod: everything moves to 1-24-6", "2026-11-05T08:00:00Z");

        List<Diagnostic> found = check(mesh("suppress Revision.RemovedWhileInUse \"payments restarted on 11-05\""),
                "2026-11-06T08:00:00Z");

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.SUPPRESSED);
            assertThat(d.suppression()).isEqualTo("payments restarted on 11-05");
            assertThat(d.message()).contains("left it only on 2026-11-05 08:00 UTC");
        });
    }

    @Test
    void thePullRequestReportShowsASuppressedRemovalWithItsReason() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "1-22-8"));
        commit("prod: payments still on 1-22-8", "2026-11-05T08:00:00Z");
        String text = mesh("suppress Revision.RemovedWhileInUse \"payments is scaled to zero\"");
        List<Diagnostic> found = check(text, "2026-11-06T08:00:00Z");
        Mesh mesh = new Compiler().bind(CompileRequest.forProject(project)).mesh().orElseThrow();

        String report = DiffReport.markdown(TreeDiff.of("HEAD", Map.of(), Map.of()), mesh, found);

        assertThat(report).contains("(1):").contains("revision '1-22-8' is removed, but in the tree committed at")
                .contains("**reason:** payments is scaled to zero");
    }

    @Test
    void aSuppressionLeftAfterTheRemovalLandedIsReportedUnused() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("prod: 1-22-8 removed", "2026-11-05T08:00:00Z");

        List<Diagnostic> found = check(mesh("suppress Revision.RemovedWhileInUse \"payments restarted\""),
                "2026-11-06T08:00:00Z");

        assertThat(found).extracting(Diagnostic::id).containsExactly("Validate.UnusedSuppression");
    }

    @Test
    void anEnvironmentWithoutASoakOnlyNeedsACommittedTreeWithNothingOnTheRevision() throws Exception {
        tree("preprod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("payments", "stable"));
        tree("prod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("preprod on 1-22-8", "2026-11-01T09:00:00Z");
        tree("preprod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("preprod moves to 1-24-6", "2026-11-06T07:59:00Z");

        assertThat(check(mesh(""), "2026-11-06T08:00:00Z")).isEmpty();
    }

    @Test
    void aRevisionTheCommittedTreeNeverHadIsNoRemoval() throws Exception {
        tree("preprod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        tree("prod", List.of("1-24-6"), Map.of("stable", "1-24-6"), Map.of("payments", "stable"));
        commit("everything on 1-24-6", "2026-11-01T09:00:00Z");
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("payments", "stable"));

        assertThat(check(mesh(""), "2026-11-06T08:00:00Z")).as("a tree compiled, never committed").isEmpty();
    }

    @Test
    void outsideAGitRepositoryNothingIsJudged(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("old.yaml"), "");
        Files.writeString(elsewhere.resolve("new.yaml"), "");
        Path saved = project;
        project = elsewhere;
        tree("prod", List.of("1-22-8", "1-24-6"), Map.of("stable", "1-22-8"), Map.of("payments", "stable"));
        List<Diagnostic> found = check(mesh(""), "2026-11-06T08:00:00Z");
        project = saved;

        assertThat(found).isEmpty();
    }

    /** The layout read here is the one the compiler writes: a compiled, committed tree, then a revision removed. */
    @Test
    void aRevisionOfARealCompiledTreeThatANamespaceIsBoundToCannotBeRemoved(@TempDir Path temp) throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8 }
                  revision 1-24-6 { istio 1.24.6 }
                  environment test {
                    revisions 1-22-8, 1-24-6
                    tag stable -> 1-22-8
                    tag canary -> 1-24-6
                    namespaces { payments -> stable  search -> canary  labs -> 1-22-8 }
                  }
                }
                """);
        Fixtures.root();
        IstioctlOptions istioctl = StandInIstioctl.recordedCanary(temp.resolve("bin"));
        CompileRequest request = new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                temp.resolve("cache"), istioctl, options("2026-11-01T09:00:00Z").withExpand(true));
        assertThat(new Compiler().compile(request).diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        commit("test runs both", "2026-11-01T09:00:00Z");
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-24-6 { istio 1.24.6 }
                  environment test {
                    revisions 1-24-6
                    tag stable -> 1-24-6
                    tag canary -> 1-24-6
                    namespaces { payments -> stable  search -> canary  labs -> 1-24-6 }
                  }
                }
                """);

        assertThat(new Compiler().validate(request.withValidation(options("2026-11-06T08:00:00Z"))).diagnostics())
                .filteredOn(d -> d.id().equals("Revision.RemovedWhileInUse")).extracting(Diagnostic::message)
                .containsExactly("environment 'test': revision '1-22-8' is removed, but in the tree committed at"
                        + " HEAD (" + head().substring(0, 12) + ") namespace labs, namespace payments (tag stable)"
                        + " and tag stable are still on it, and their pods run its proxy");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String mesh(String prodExtra) {
        return MESH.formatted(prodExtra);
    }

    private List<Diagnostic> check(String meshText, String now) throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), meshText);
        return new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                project.resolve("target/cache"), IstioctlOptions.defaults(), options(now))).diagnostics();
    }

    private static ValidateOptions options(String now) {
        return ValidateOptions.defaults().withExpand(false).withToday(LocalDate.of(2024, 10, 1))
                .withNow(Instant.parse(now));
    }

    private void tree(String env, List<String> revisions, Map<String, String> tags, Map<String, String> namespaces)
            throws Exception {
        CommittedTrees.tree(project, env, revisions, tags, namespaces);
    }

    private String commit(String message, String at) throws Exception {
        return history.commit(message, at);
    }

    private String head() throws Exception {
        return history.head();
    }
}
