package dev.istiodsl.diff;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.StandInIstioctl;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diff} against real Git repositories made with JGit: a mesh and its compiled tree are committed, the mesh is
 * changed, and the compiled-in-memory tree is compared with the committed one, read from the repository's objects.
 * Revisions expand through stand-ins that replay the real 1.22.8 and 1.24.6 renders. The Markdown report and the
 * terminal lines are golden files under {@code diff/}.
 */
class DiffAgainstGitTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              tag stable -> 1-22-8
              tag canary -> 1-24-6
              gateway istio-ingressgateway { namespace istio-ingress  port http2 80 -> 8080 }
              overlay tuning { merge HorizontalPodAutoscaler "istiod" { spec: { minReplicas: 2 } } }
              environment test {
                revisions 1-22-8, 1-24-6
                overlays tuning
                namespaces { payments -> stable  search -> canary }
              }
              environment prod after test soak 7d {
                revisions 1-22-8, 1-24-6
                overlays tuning
                namespaces { payments -> stable  search -> stable }
              }
            }
            """;

    @TempDir
    Path temp;

    private Path project;
    private Git git;

    @BeforeEach
    void aRepositoryWithTheCompiledTreeCommitted() throws Exception {
        project = Files.createDirectories(temp.resolve("repo"));
        git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        CompileResult compiled = new Compiler().compile(request());
        assertThat(compiled.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        commit("the mesh and its tree");
    }

    @Test
    void movingANamespaceAndAnOverlayShowsEachFieldAndTheRestart() throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), MESH
                .replace("namespaces { payments -> stable  search -> stable }",
                        "namespaces { payments -> stable  search -> canary }")
                .replace("minReplicas: 2", "minReplicas: 3"));

        Compiler.DiffOutcome outcome = new Compiler().diff(request(), "HEAD");

        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        TreeDiff diff = outcome.diff().orElseThrow();
        assertThat(diff.restarts()).extracting(Restart::toString).containsExactly(
                "Restart[environment=prod, namespace=search, workload=, why=bound to canary instead of stable:"
                        + " 1-22-8 -> 1-24-6]");
        Golden.check(Golden.sourceResources().resolve("diff/namespace-and-overlay/expected.report.md"),
                masked(DiffReport.markdown(diff, outcome.result().mesh().orElseThrow(),
                        outcome.result().diagnostics())));
        Golden.check(Golden.sourceResources().resolve("diff/namespace-and-overlay/expected.terminal"),
                masked(String.join("\n", DiffReport.terminal(diff, false)) + "\n"));
    }

    /** Not a bare "- Namespace search": what the cluster does with it, in the log and in the report. */
    @Test
    void unbindingANamespaceSaysThatItStaysInTheClusterWithItsLabel() throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace(
                "namespaces { payments -> stable  search -> stable }", "namespaces { payments -> stable }"));

        Compiler.DiffOutcome outcome = new Compiler().diff(request(), "HEAD");

        TreeDiff diff = outcome.diff().orElseThrow();
        Golden.check(Golden.sourceResources().resolve("diff/unbound-namespace/expected.terminal"),
                masked(String.join("\n", DiffReport.terminal(diff, false)) + "\n"));
        String report = DiffReport.markdown(diff, outcome.result().mesh().orElseThrow(),
                outcome.result().diagnostics());
        assertThat(report).contains("## Namespaces that leave the tree or their binding",
                "| prod | search | namespace 'search' leaves the tree: Flux and Helm keep it in the cluster",
                "- removed **Namespace** `search` (`base/namespace/search.yaml`): namespace 'search' leaves the tree");
    }

    @Test
    void nothingChangedIsSaidInOneLine() throws Exception {
        TreeDiff diff = new Compiler().diff(request(), "HEAD").diff().orElseThrow();
        assertThat(diff.isEmpty()).isTrue();
        assertThat(masked(String.join("\n", DiffReport.terminal(diff, false)))).isEqualTo(
                "no change against HEAD (<commit>)");
    }

    @Test
    void anOlderCommitCanBeTheBase() throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("minReplicas: 2", "minReplicas: 4"));
        new Compiler().compile(request());
        commit("four replicas");

        TreeDiff diff = new Compiler().diff(request(), "HEAD~1").diff().orElseThrow();

        assertThat(diff.changes().keySet()).containsExactly("prod", "test");
        assertThat(diff.changes().get("test")).allSatisfy(c -> assertThat(c.fields()).extracting(FieldChange::path)
                .containsExactly("spec.minReplicas"));
    }

    @Test
    void aFileTheTeamAddedToTheTreeIsNotADifference() throws Exception {
        Files.writeString(project.resolve("deploy/istio/prod/README.md"), "our notes\n");
        commit("notes");
        assertThat(new Compiler().diff(request(), "HEAD").diff().orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void anUnknownBaseIsAnError() throws Exception {
        CompileResult result = new Compiler().diff(request(), "no-such-branch").result();
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Diff.NoBase cannot read the tree at 'no-such-branch': git knows no commit"
                        + " 'no-such-branch' (hint: run inside a git repository, and name a commit it has"
                        + " (istiodsl.diff.base))");
    }

    private void commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Platform Team", "platform@example.com",
                Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private CompileRequest request() throws Exception {
        Fixtures.root();
        IstioctlOptions istioctl = StandInIstioctl.recordedCanary(temp.resolve("bin"));
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2024, 10, 1)));
    }

    /** The commit id depends on the stand-ins' digests in the committed lock, which name paths of this machine. */
    private static String masked(String text) {
        return text.replaceAll("\\((?:[0-9a-f]{12})\\)", "(<commit>)");
    }
}
