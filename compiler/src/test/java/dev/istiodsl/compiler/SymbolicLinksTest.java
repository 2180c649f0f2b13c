package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a compile reads and writes stays inside the project, with real symbolic links in the way: a link
 * anywhere along the output's path, or along a path the mesh names, is followed before the inside-the-project check.
 * A link to another folder of the project is fine.
 */
class SymbolicLinksTest {

    private static final String MANIFEST = "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml";

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8  manifest "manifests/1-22-8.yaml" }
              tag stable -> 1-22-8
              %s
              environment test { revisions 1-22-8  namespaces { payments -> stable }  %s }
            }
            """;

    @TempDir
    Path temp;

    private Path project(String declarations, String environment) throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.formatted(declarations, environment));
        Files.createDirectories(project.resolve("manifests"));
        Files.copy(Fixtures.resolve(MANIFEST), project.resolve("manifests/1-22-8.yaml"));
        return project;
    }

    private Path project() throws IOException {
        return project("", "");
    }

    private CompileResult compile(Path project) {
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                temp.resolve("cache"), IstioctlOptions.defaults()));
    }

    private static List<String> errors(CompileResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> !path.equals(folder)).map(path -> folder.relativize(path).toString()).toList();
        }
    }

    @Test
    void anOutputWhoseParentFolderIsALinkOutOfTheProjectIsRefusedAndNothingIsWrittenThere() throws IOException {
        Path project = project();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.createSymbolicLink(project.resolve("deploy"), elsewhere);

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Emit.OutputOutsideProject")
                .contains("deploy/istio", "through a symbolic link", elsewhere.toRealPath().resolve("istio")
                        .toString());
        assertThat(entries(elsewhere)).as("no tree, staging folder or old tree").isEmpty();
    }

    @Test
    void anOutputThatIsALinkOutOfTheProjectIsRefusedAndNothingIsWrittenBesideIt() throws IOException {
        Path project = project();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere/tree"));
        Files.createDirectories(project.resolve("deploy"));
        Files.createSymbolicLink(project.resolve("deploy/istio"), elsewhere);

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Emit.OutputOutsideProject");
        assertThat(entries(temp.resolve("elsewhere"))).containsExactly("tree");
        assertThat(entries(project.resolve("deploy"))).containsExactly("istio");
    }

    @Test
    void anOutputBehindALinkWhoseTargetDoesNotExistYetIsJudgedByThatTarget() throws IOException {
        Path project = project();
        Files.createSymbolicLink(project.resolve("deploy"), temp.resolve("elsewhere/not-yet"));

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Emit.OutputOutsideProject");
        assertThat(temp.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void anOutputThatIsALinkToAnotherFolderOfTheProjectIsWrittenThereAndTheLinkKept() throws IOException {
        Path project = project();
        Files.createDirectories(project.resolve("trees/istio"));
        Files.createDirectories(project.resolve("deploy"));
        Files.createSymbolicLink(project.resolve("deploy/istio"), Path.of("../trees/istio"));

        CompileResult result = compile(project);

        assertThat(errors(result)).isEmpty();
        assertThat(Files.isSymbolicLink(project.resolve("deploy/istio"))).isTrue();
        assertThat(project.resolve("trees/istio/istiodsl.lock")).isRegularFile();
        assertThat(project.resolve("trees/istio/test/base/namespace/payments.yaml")).isRegularFile();
        assertThat(entries(project.resolve("trees"))).as("no staging folder or old tree left")
                .noneMatch(path -> path.contains("istiodsl-staging") || path.contains("istiodsl-old"));
    }

    @Test
    void aDiffOfAnOutputLinkedToAnotherFolderOfTheProjectReadsTheTreeWhereItIsCommitted() throws Exception {
        Path project = project();
        Files.createDirectories(project.resolve("trees/istio"));
        Files.createDirectories(project.resolve("deploy"));
        Files.createSymbolicLink(project.resolve("deploy/istio"), Path.of("../trees/istio"));
        assertThat(errors(compile(project))).isEmpty();
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("tree").setAuthor(who).setCommitter(who).setSign(false).call();
        }

        Compiler.DiffOutcome outcome = new Compiler().diff(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), temp.resolve("cache"), IstioctlOptions.defaults()), "HEAD");

        assertThat(errors(outcome.result())).isEmpty();
        assertThat(outcome.diff().orElseThrow().changes()).as("nothing changed since the commit").isEmpty();
    }

    @Test
    void anOutputWhoseParentIsALinkToAnotherFolderOfTheProjectIsWrittenThere() throws IOException {
        Path project = project();
        Files.createDirectories(project.resolve("gitops"));
        Files.createSymbolicLink(project.resolve("deploy"), Path.of("gitops"));

        CompileResult result = compile(project);

        assertThat(errors(result)).isEmpty();
        assertThat(project.resolve("gitops/istio/istiodsl.lock")).isRegularFile();
    }

    @Test
    void anOutputThatIsALinkToTheProjectItselfIsRefused() throws IOException {
        Path project = project();
        Files.createDirectories(project.resolve("deploy"));
        Files.createSymbolicLink(project.resolve("deploy/istio"), Path.of(".."));
        Files.writeString(project.resolve("keep.txt"), "the user's");

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Emit.OutputOutsideProject");
        assertThat(project.resolve("keep.txt")).hasContent("the user's");
    }

    @Test
    void aPatchFileInAFolderThatIsALinkOutOfTheProjectIsRefused() throws IOException {
        Path project = project("""
                overlay o { patch Deployment "istiod" from "patches/istiod.json" }""", "overlays o");
        Path outside = Files.createDirectories(temp.resolve("outside-patches"));
        Files.writeString(outside.resolve("istiod.json"), "[{\"op\": \"add\", \"path\": \"/spec/replicas\", \"value\": 2}]");
        Files.createSymbolicLink(project.resolve("patches"), outside);

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Bind.PathOutsideProject")
                .contains("patches/istiod.json");
    }

    @Test
    void anImportThroughALinkedFolderOutOfTheProjectIsRefused() throws IOException {
        Path project = project("import \"lib/extra.istiodsl\"", "");
        Path outside = Files.createDirectories(temp.resolve("outside-lib"));
        Files.writeString(outside.resolve("extra.istiodsl"), "overlay extra { drop EnvoyFilter \"x\" }\n");
        Files.createSymbolicLink(project.resolve("lib"), outside);

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Bind.PathOutsideProject")
                .contains("lib/extra.istiodsl");
    }

    @Test
    void aManifestThroughALinkInAMiddleFolderOutOfTheProjectIsRefused() throws IOException {
        Path project = project();
        Path outside = Files.createDirectories(temp.resolve("outside/manifests"));
        Files.move(project.resolve("manifests/1-22-8.yaml"), outside.resolve("1-22-8.yaml"));
        Files.delete(project.resolve("manifests"));
        Files.createSymbolicLink(project.resolve("manifests"), outside);

        CompileResult result = compile(project);

        assertThat(errors(result)).singleElement().asString().startsWith("ERROR Bind.PathOutsideProject")
                .contains("manifests/1-22-8.yaml");
    }

    @Test
    void aPatchFileInAFolderThatIsALinkToAnotherFolderOfTheProjectIsRead() throws IOException {
        Path project = project("""
                overlay o { patch Deployment "istiod" from "patches/istiod.json" }""", "overlays o");
        Path shared = Files.createDirectories(project.resolve("shared/patches"));
        Files.writeString(shared.resolve("istiod.json"), "[{\"op\": \"add\", \"path\": \"/spec/minReadySeconds\", \"value\": 7}]");
        Files.createSymbolicLink(project.resolve("patches"), Path.of("shared/patches"));

        CompileResult result = compile(project);

        assertThat(errors(result)).isEmpty();
        assertThat(project.resolve("deploy/istio/test/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml"))
                .content().contains("minReadySeconds: 7");
    }

    @Test
    void aMeshFileThatIsALinkToAFileOutOfTheProjectIsRefusedLikeAnImportThroughOne() throws IOException {
        Path project = project();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.move(project.resolve("mesh.istiodsl"), outside.resolve("mesh.istiodsl"));
        Files.createSymbolicLink(project.resolve("mesh.istiodsl"), outside.resolve("mesh.istiodsl"));

        CompileResult result = compile(project);

        assertThat(errors(result)).containsExactly("ERROR Bind.PathOutsideProject the mesh file mesh.istiodsl is a "
                + "link to " + outside.toRealPath().resolve("mesh.istiodsl") + ", outside the project directory "
                + project + " (hint: keep every file the mesh uses inside project: move the file in and link to it "
                + "from outside, if need be)");
        assertThat(project.resolve("deploy/istio")).doesNotExist();
    }

    @Test
    void aMeshFileThatIsALinkToAnotherFileOfTheProjectIsRead() throws IOException {
        Path project = project();
        Files.move(project.resolve("mesh.istiodsl"), project.resolve("shop.istiodsl"));
        Files.createSymbolicLink(project.resolve("mesh.istiodsl"), Path.of("shop.istiodsl"));

        assertThat(errors(compile(project))).isEmpty();
    }
}
