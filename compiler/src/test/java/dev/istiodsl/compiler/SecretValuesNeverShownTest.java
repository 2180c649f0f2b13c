package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diff.DiffReport;
import dev.istiodsl.diff.TreeDiff;
import dev.istiodsl.report.Reports;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No finding, hint, log line or report ever holds a value of a Secret's {@code data} or {@code stringData}, whatever
 * the stage that met it. Each test plants marker values in a Secret, makes a stage talk about it, and greps every
 * rendering a user sees for the markers: the one-line and the contextual (source line and caret) renderings of every
 * diagnostic, the JSON and JUnit reports, and the diff for the terminal and the pull request.
 */
class SecretValuesNeverShownTest {

    @TempDir
    Path project;

    @Test
    void aNumberInAnInlineSecretsStringDataIsReportedWithoutItsValueOrItsLine() throws IOException {
        CompileResult result = validate("""
                  overlay db {
                    resource { apiVersion: v1, kind: Secret, metadata: { name: db, namespace: istio-system }, stringData: { pin: 987654321 } }
                  }
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::id).contains("Kubernetes.WrongType");
        assertNothingShows(result, "987654321");
    }

    @Test
    void aNumberInAnInlineSecretsDataIsReportedWithoutItsValueOrItsLine() throws IOException {
        CompileResult result = validate("""
                  overlay db {
                    resource { apiVersion: v1, kind: Secret, metadata: { name: db, namespace: istio-system }, data: { token: 987654321, other: "bm90LWEtc2VjcmV0LTQ1Njc4OQ" } }
                  }
                """);

        assertThat(result.diagnostics()).isNotEmpty();
        assertNothingShows(result, "987654321", "bm90LWEtc2VjcmV0LTQ1Njc4OQ");
    }

    @Test
    void aNumberInASecretFileIsReportedWithoutItsValue() throws IOException {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData:
                  pin: 987654321
                  password: a-very-long-password-longer-than-forty-characters-0123456789
                """);
        CompileResult result = validate("""
                  overlay db { resource from "db.yaml" }
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::id).contains("Kubernetes.WrongType");
        assertNothingShows(result, "987654321", "a-very-long-password");
    }

    @Test
    void aFailingTestOfASecretValueShowsNeitherTheExpectedNorTheActualValue() throws IOException {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData: {password: actual-hunter2-marker}
                """);
        CompileResult result = validate("""
                  overlay db {
                    resource from "db.yaml"
                    patch Secret "db" { test /stringData/password "expected-hunter3-marker" }
                  }
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::id).contains("Transform.PatchFailed");
        assertNothingShows(result, "actual-hunter2-marker", "expected-hunter3-marker");
    }

    @Test
    void aCommittedSecretFileThatIsNoLongerYamlIsDiffedWithoutItsText() throws Exception {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData: {password: committed-hunter2-marker}
                """);
        overlays().write("overlay db { resource from \"db.yaml\" }",
                "suppress Secret.Plaintext \"a test of the diff\"");
        Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
        assertThat(new Compiler().compile(overlays().request()).diagnostics()).filteredOn(Diagnostic::isError)
                .isEmpty();
        Path committed;
        try (Stream<Path> files = Files.walk(project.resolve("deploy/istio"))) {
            committed = files.filter(f -> f.getFileName().toString().endsWith("_db.yaml")).findFirst().orElseThrow();
        }
        String ours = Files.readString(committed);
        Files.writeString(committed, "<<<<<<< HEAD\n" + ours + "=======\n"
                + ours.replace("committed-hunter2-marker", "theirs-hunter2-marker") + ">>>>>>> theirs\n");
        commit(git);
        Files.writeString(project.resolve("db.yaml"), Files.readString(project.resolve("db.yaml"))
                .replace("committed-hunter2-marker", "compiled-hunter2-marker"));

        Compiler.DiffOutcome outcome = new Compiler().diff(overlays().request(), "HEAD");

        TreeDiff diff = outcome.diff().orElseThrow();
        assertThat(diff.changes().get("test")).extracting(c -> c.kind() + " " + c.name())
                .contains("Secret istio-system/db");
        List<String> shown = new ArrayList<>(everything(outcome.result()));
        shown.addAll(DiffReport.terminal(diff, false));
        shown.addAll(DiffReport.terminal(diff, true));
        shown.add(DiffReport.markdown(diff, outcome.result().mesh().orElseThrow(), outcome.result().diagnostics()));
        assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain("hunter2"));
    }

    private CompileResult validate(String overlay) throws IOException {
        overlays().write(overlay);
        return new Compiler().validate(overlays().request());
    }

    private OverlayProject overlays() {
        return new OverlayProject(project);
    }

    private static void commit(Git git) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Platform Team", "platform@example.com",
                Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);
        git.commit().setMessage("a merge gone wrong").setAuthor(who).setCommitter(who).setSign(false).call();
    }

    /** Every text a user sees of a result: both renderings of each diagnostic, and both reports. */
    private static List<String> everything(CompileResult result) {
        List<String> shown = new ArrayList<>();
        for (Diagnostic d : result.diagnostics()) {
            shown.add(d.toString());
            shown.add(result.render(d));
        }
        shown.add(Reports.json(result));
        shown.add(Reports.junit(result));
        return shown;
    }

    private static void assertNothingShows(CompileResult result, String... markers) {
        List<String> shown = everything(result);
        for (String marker : markers) {
            assertThat(shown).as("every rendering, for %s", marker)
                    .allSatisfy(text -> assertThat(text).doesNotContain(marker));
        }
    }
}
