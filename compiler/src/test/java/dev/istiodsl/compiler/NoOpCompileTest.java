package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Folders;
import dev.istiodsl.testing.StandInIstioctl;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compile with nothing to do: the tree on disk was compiled from exactly these sources and settings, and no file of
 * it was edited. It writes nothing, expands nothing, and shows what the last full compile showed. Compiled through a
 * stand-in istioctl that replays the real 1.22.8 render and logs every call.
 */
class NoOpCompileTest {

    /** A mesh that compiles with warnings: a suppression that matches nothing, and a namespace with no Istio in it. */
    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              tag stable -> 1-22-8
              suppress Istio.NegativeWeight "kept from an old mesh"
              environment test { revisions 1-22-8  namespaces { payments -> stable } }
              environment prod after test soak 7d { revisions 1-22-8  namespaces { payments -> stable } }
            }
            """;

    @TempDir
    Path temp;

    private Path project() throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        return project;
    }

    private Path binary() throws IOException {
        Path bin = temp.resolve("bin/istioctl-1.22.8");
        if (!Files.exists(bin)) {
            StandInIstioctl.write(bin, "1.22.8", "1-22-8", "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml");
        }
        return bin;
    }

    private CompileRequest request(Path project) throws IOException {
        Fixtures.root();
        IstioctlOptions istioctl = new IstioctlOptions(Map.of("1.22.8", binary()), Optional.empty(), false, "",
                true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2024, 10, 1)));
    }

    /** Two compiles: the first writes the tree, the second finds it unchanged and keeps what it said. */
    private CompileResult compiledTwice(CompileRequest request) {
        CompileResult first = new Compiler().compile(request);
        assertThat(first.hasErrors()).as("%s", first.diagnostics()).isFalse();
        CompileResult second = new Compiler().compile(request);
        assertThat(stages(second)).contains("expand");
        return second;
    }

    private List<String> calls() throws IOException {
        Path log = StandInIstioctl.callLog(temp.resolve("bin/istioctl-1.22.8"));
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static List<String> stages(CompileResult result) {
        return result.summary().orElseThrow().stageMillis().stream().map(Map.Entry::getKey).toList();
    }

    private static List<String> shown(CompileResult result) {
        return result.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    /** Every file and folder of the tree and the cache's expansions, with its inode and modification time. */
    private static Map<String, String> state(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                out.put(folder.relativize(path).toString(), attributes.fileKey() + " "
                        + attributes.lastModifiedTime().toInstant());
            }
        }
        return out;
    }

    @Test
    void aNoOpCompileWritesNothingRunsNoIstioctlAndShowsWhatTheFullCompileShowed() throws IOException {
        Path project = project();
        CompileResult full = compiledTwice(request(project));
        assertThat(shown(full)).anyMatch(d -> d.startsWith("WARNING Validate.UnusedSuppression"));
        // Without its expansions a compile would have to run istioctl again.
        Folders.deleteRecursively(temp.resolve("cache/expansions"));
        Map<String, String> before = state(project);
        List<String> calls = calls();

        CompileResult noOp = new Compiler().compile(request(project));

        assertThat(calls()).as("istioctl calls").isEqualTo(calls);
        assertThat(state(project)).as("the project's files and folders").isEqualTo(before);
        assertThat(shown(noOp)).isEqualTo(shown(full));
        assertThat(stages(noOp)).containsExactly("bind", "unchanged");
        assertThat(noOp.summary().orElseThrow().resources()).isEqualTo(full.summary().orElseThrow().resources());
        assertThat(RunLog.compiled(request(project), noOp.summary().orElseThrow())).anyMatch(line -> line.text()
                .matches("istiodsl: unchanged: the lock records these sources and settings and no file was edited: "
                        + "\\d+ files checked, nothing compiled or written, the last compile's findings shown \\(\\d+"
                        + " ms\\)"));
    }

    @Test
    void aFileEditedByHandIsCompiledAgainAndRestored() throws IOException {
        Path project = project();
        compiledTwice(request(project));
        Path namespace = project.resolve("deploy/istio/prod/base/namespace/payments.yaml");
        String compiled = Files.readString(namespace);
        Files.writeString(namespace, compiled.replace("istio.io/rev: stable", "istio.io/rev: x"));

        CompileResult again = new Compiler().compile(request(project));

        assertThat(stages(again)).contains("expand", "emit");
        assertThat(Files.readString(namespace)).isEqualTo(compiled);
    }

    @Test
    void whatACompileSaidOfAFileEditedByHandIsNotShownAgainOnceTheFileIsRestored() throws IOException {
        Path project = project();
        CompileResult full = compiledTwice(request(project));
        Path namespace = project.resolve("deploy/istio/prod/base/namespace/payments.yaml");
        // As if the tree held another namespace: the compile that restores the file says that one leaves the tree.
        Files.writeString(namespace, Files.readString(namespace).replace("name: payments", "name: orders"));
        CompileResult restoring = new Compiler().compile(request(project));
        assertThat(shown(restoring)).as("judged against the edited Namespace")
                .anyMatch(d -> d.contains("namespace 'orders' leaves the tree"));

        CompileResult next = new Compiler().compile(request(project));

        assertThat(stages(next)).containsExactly("bind", "unchanged");
        assertThat(shown(next)).isEqualTo(shown(full));
    }

    @Test
    void whatACompileThatDiedLeftBesideTheTreeIsCleanedUpByTheNext() throws IOException {
        Path project = project();
        compiledTwice(request(project));
        Path staging = Files.createDirectories(project.resolve("deploy/.istio.istiodsl-staging-" + "ab".repeat(16)));
        Files.writeString(staging.resolve("half-written.yaml"), "kind: Nam");

        CompileResult again = new Compiler().compile(request(project));

        assertThat(stages(again)).contains("emit");
        assertThat(staging).doesNotExist();
    }

    @Test
    void aChangedMeshIsCompiled() throws IOException {
        Path project = project();
        compiledTwice(request(project));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("namespaces { payments -> stable } }\n}",
                "namespaces { payments -> stable  search -> stable } }\n}"));

        CompileResult again = new Compiler().compile(request(project));

        assertThat(stages(again)).contains("expand", "emit");
        assertThat(project.resolve("deploy/istio/prod/base/namespace/search.yaml")).exists();
    }

    @Test
    void aChangedSettingIsCompiled() throws IOException {
        Path project = project();
        CompileRequest request = request(project);
        compiledTwice(request);
        Suppression more = new Suppression("Istio.EmptySidecarEgress", Optional.empty(), Optional.empty(),
                "from the build", null);

        CompileResult again = new Compiler().compile(request.withValidation(request.validation()
                .withSuppressions(List.of(more))));

        assertThat(stages(again)).contains("expand");
        assertThat(shown(again)).anyMatch(d -> d.startsWith("WARNING Validate.UnusedSuppression the suppression of"
                + " Istio.EmptySidecarEgress"));
    }

    @Test
    void anotherDayIsCompiled() throws IOException {
        Path project = project();
        CompileRequest request = request(project);
        compiledTwice(request);

        CompileResult later = new Compiler().compile(request.withValidation(request.validation()
                .withToday(LocalDate.of(2030, 1, 1))));

        assertThat(stages(later)).contains("expand");
        assertThat(shown(later)).anyMatch(d -> d.contains("Support.EndOfLife"));
    }

    @Test
    void anotherIstioctlBinaryIsCompiled() throws IOException {
        Path project = project();
        compiledTwice(request(project));
        Files.writeString(binary(), Files.readString(binary()) + "# rebuilt\n");

        CompileResult again = new Compiler().compile(request(project));

        assertThat(stages(again)).contains("expand");
        assertThat(calls()).last().asString().startsWith("manifest generate");
    }

    @Test
    void aCorruptRecordIsIgnoredAndWrittenAnew() throws IOException {
        Path project = project();
        CompileRequest request = request(project);
        compiledTwice(request);
        Files.writeString(LastCompile.file(request), "{\"format\": \"istiodsl.dev/v1alpha1 LastCompile\", \"diagn");

        assertThat(stages(new Compiler().compile(request))).contains("expand");
        assertThat(stages(new Compiler().compile(request))).containsExactly("bind", "unchanged");
    }

    @Test
    void aRecordOfAnotherIstiodslIsIgnored() throws IOException {
        Path project = project();
        CompileRequest request = request(project);
        compiledTwice(request);
        Path record = LastCompile.file(request);
        Files.writeString(record, Files.readString(record).replaceFirst("\"tool\":\"[0-9a-f]+\"",
                "\"tool\":\"" + "0".repeat(64) + "\""));

        assertThat(stages(new Compiler().compile(request))).contains("expand");
    }

    @Test
    void whereSoakGatesAreMeasuredARecordHoldsOnlyLaterAndOnlyAtTheSameBaseCommit() throws Exception {
        Path project = project();
        Instant committed = Instant.parse("2024-09-01T00:00:00Z");
        Instant now = Instant.parse("2024-10-01T12:00:00Z");
        CompileRequest request = request(project);
        request = request.withValidation(request.validation().withNow(now));
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            new Compiler().compile(request);
            Folders.commit(git, committed, "the tree");
            assertThat(stages(new Compiler().compile(request))).as("the compile that leaves a record")
                    .contains("expand");

            assertThat(stages(new Compiler().compile(request.withValidation(request.validation()
                    .withNow(now.minusSeconds(3600)))))).as("an hour earlier").contains("expand");
            assertThat(stages(new Compiler().compile(request.withValidation(request.validation()
                    .withNow(now.plusSeconds(3600)))))).as("an hour later").containsExactly("bind", "unchanged");

            Files.writeString(project.resolve("README.md"), "the shop's mesh\n");
            Folders.commit(git, committed.plusSeconds(60), "a readme");
            assertThat(stages(new Compiler().compile(request))).as("another base commit").contains("expand");
        }
    }

    @Test
    void theRecordHoldsNoSecretValue() throws IOException {
        Path project = Files.createDirectories(temp.resolve("secrets"));
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData:
                  password: a-very-long-password-0123456789
                """);
        OverlayProject overlays = new OverlayProject(project);
        overlays.write("overlay db { resource from \"db.yaml\" }",
                "suppress Secret.Plaintext \"a test database, sealed in the cluster\"");
        CompileRequest request = overlays.request();
        CompileResult full = compiledTwice(request);

        CompileResult noOp = new Compiler().compile(request);

        assertThat(stages(noOp)).containsExactly("bind", "unchanged");
        assertThat(shown(noOp)).isEqualTo(shown(full));
        assertThat(Files.readString(LastCompile.file(request))).doesNotContain("a-very-long-password");
    }
}
