package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify}: the tree on disk against what the sources compile to. Compiled through stand-in istioctl binaries
 * that replay the real 1.22.8 render and log every call, so the tests see when istioctl runs.
 */
class VerifyTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              tag stable -> 1-22-8
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

    private CompileRequest request(Path project) throws IOException {
        Path bin = temp.resolve("bin/istioctl-1.22.8");
        if (!Files.exists(bin)) {
            StandInIstioctl.write(bin, "1.22.8", "1-22-8", "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml");
        }
        Fixtures.root();
        IstioctlOptions istioctl = new IstioctlOptions(Map.of("1.22.8", bin), Optional.empty(), false, "", true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2024, 10, 1)));
    }

    private List<String> calls() throws IOException {
        Path log = StandInIstioctl.callLog(temp.resolve("bin/istioctl-1.22.8"));
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static List<String> verifyErrors(CompileResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    @Test
    void aFreshlyCompiledTreeVerifiesWithoutStartingIstioctl() throws IOException {
        Path project = project();
        new Compiler().compile(request(project));
        List<String> before = calls();

        CompileResult result = new Compiler().verify(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), temp.resolve("empty-cache"), request(project).istioctl()));

        assertThat(verifyErrors(result)).isEmpty();
        assertThat(calls()).as("istioctl calls, even with an empty cache").isEqualTo(before);
    }

    @Test
    void aProfileFileChangedSinceTheCompile_isCompiledByVerify_notTakenFromTheLock() throws IOException {
        Path project = project();
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("revision 1-22-8 { istio 1.22.8 }",
                "revision 1-22-8 { istio 1.22.8  profile \"shop.yaml\" }"));
        Files.writeString(project.resolve("shop.yaml"), "spec:\n  values:\n    pilot:\n      autoscaleMin: 2\n");
        new Compiler().compile(request(project));
        Files.writeString(project.resolve("shop.yaml"), "spec:\n  values:\n    pilot:\n      autoscaleMin: 3\n");
        List<String> before = calls();

        new Compiler().verify(request(project));

        assertThat(calls()).as("istioctl renders the changed profile").hasSizeGreaterThan(before.size());
    }

    @Test
    void aFileEditedByHandIsNamed() throws IOException {
        Path project = project();
        new Compiler().compile(request(project));
        Path namespace = project.resolve("deploy/istio/prod/base/namespace/payments.yaml");
        Files.writeString(namespace, Files.readString(namespace).replace("istio.io/rev: stable", "istio.io/rev: x"));
        Files.delete(project.resolve("deploy/istio/test/base/namespace/payments.yaml"));

        assertThat(verifyErrors(new Compiler().verify(request(project)))).containsExactly(
                "ERROR Verify.HandEdited environment 'prod': 1 file of deploy/istio/prod changed by hand since the"
                        + " last compile: base/namespace/payments.yaml (hint: change the mesh instead: `mvn"
                        + " istiodsl:compile` restores them, and `git diff` shows what was edited)",
                "ERROR Verify.HandEdited environment 'test': 1 file of deploy/istio/test changed by hand since the"
                        + " last compile: base/namespace/payments.yaml (deleted) (hint: change the mesh instead: `mvn"
                        + " istiodsl:compile` restores them, and `git diff` shows what was edited)");
    }

    @Test
    void aChangedMeshMakesTheTreeStaleAndNamesTheFilesThatWouldChange() throws IOException {
        Path project = project();
        new Compiler().compile(request(project));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace(
                "environment prod after test soak 7d { revisions 1-22-8  namespaces { payments -> stable } }",
                "environment prod after test soak 7d { revisions 1-22-8  namespaces { payments -> stable"
                        + "  search -> stable } }"));

        assertThat(verifyErrors(new Compiler().verify(request(project)))).containsExactly(
                "ERROR Verify.Stale environment 'prod': deploy/istio/prod is not what the sources compile to; 2"
                        + " files differ: base/kustomization.yaml, base/namespace/search.yaml (missing) (hint: run"
                        + " `mvn istiodsl:compile` and commit the tree)");
    }

    @Test
    void anEnvironmentRemovedFromTheMeshIsStale() throws IOException {
        Path project = project();
        new Compiler().compile(request(project));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace(
                "  environment prod after test soak 7d { revisions 1-22-8  namespaces { payments -> stable } }\n", ""));

        assertThat(verifyErrors(new Compiler().verify(request(project)))).containsExactly(
                "ERROR Verify.Stale environment 'prod' is in deploy/istio but no longer in the mesh (hint: run"
                        + " `mvn istiodsl:compile` and commit the tree)");
    }

    @Test
    void noTreeAtAllIsAnError() throws IOException {
        assertThat(verifyErrors(new Compiler().verify(request(project())))).containsExactly(
                "ERROR Verify.NoTree there is no compiled tree in deploy/istio (no istiodsl.lock) (hint: run"
                        + " `mvn istiodsl:compile` and commit the tree)");
    }

    @Test
    void filesIstiodslDoesNotOwnAreNoneOfItsBusiness() throws IOException {
        Path project = project();
        new Compiler().compile(request(project));
        Files.writeString(project.resolve("deploy/istio/prod/NOTES.md"), "ours\n");

        assertThat(verifyErrors(new Compiler().verify(request(project)))).isEmpty();
    }
}
