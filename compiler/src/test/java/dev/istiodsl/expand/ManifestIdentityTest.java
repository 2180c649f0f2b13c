package dev.istiodsl.expand;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.expand.helm.HelmExpander;
import dev.istiodsl.expand.helm.HelmJavaRenderer;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.testing.RealRenders;
import dev.istiodsl.testing.RealRenders.Render;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code manifest "file.yaml"} revision is checked against what the file says it is: every real render in the
 * fixtures ({@link RealRenders}, istioctl's and Helm's, 1.4 to 1.30, revisioned or not) expands cleanly declared as the
 * release and revision it is, and is an error declared as another. What a render says is judged here from its text,
 * independently of the compiler: its pilot image's tag, and the {@code istio.io/rev} label of its istiod.
 */
class ManifestIdentityTest {

    private static final Pattern PILOT_VERSION = Pattern.compile("/pilot:\\d+\\.\\d+\\.\\d+");

    @TempDir
    Path temp;

    @Test
    void everyRealRenderDeclaredAsWhatItIsExpandsWithoutAnError() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Render render : RealRenders.all()) {
            List<Diagnostic> errors = expand(render, render.revision(), render.version());
            errors.forEach(e -> problems.add(render + ": " + e));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRealRenderDeclaredAsAnotherReleaseIsAnErrorNamingTheReleaseItHolds() throws IOException {
        int checked = 0;
        for (Render render : RealRenders.all()) {
            IstioVersion declared = new IstioVersion(render.version().major(), render.version().minor(),
                    render.version().patch() + 1, "");
            List<Diagnostic> errors = expand(render, render.revision(), declared);

            if (!PILOT_VERSION.matcher(render.text()).find()) {
                // Istio's source tree renders `latest` images and 1.0.0 charts: nothing in it names a release.
                assertThat(errors).as(render.name()).isEmpty();
                continue;
            }
            checked++;
            assertThat(errors).as(render.name()).singleElement().satisfies(error -> {
                assertThat(error.id()).isEqualTo("Expand.ManifestVersionMismatch");
                assertThat(error.message()).contains("declared `istio " + declared + "`, its manifest file holds "
                        + "Istio " + render.version() + " (");
                assertThat(error.message()).doesNotContain(" and " + declared);
                assertThat(error.location().line()).as("the manifest line").isEqualTo(3);
            });
        }
        assertThat(checked).as("renders that name their release").isGreaterThan(30);
    }

    @Test
    void everyRevisionedRenderDeclaredUnderAnotherRevisionIsAnError_andAnUnrevisionedOneFitsAnyName()
            throws IOException {
        int revisioned = 0;
        for (Render render : RealRenders.all()) {
            List<Diagnostic> errors = expand(render, "another", render.version());

            if (!Pattern.compile("istio\\.io/rev: \"?" + Pattern.quote(render.revision()) + "\"?\n")
                    .matcher(render.text()).find()) {
                assertThat(errors).as(render.name() + " has no revision").isEmpty();
                continue;
            }
            revisioned++;
            assertThat(errors).as(render.name()).singleElement().satisfies(error -> {
                assertThat(error.id()).isEqualTo("Expand.ManifestRevisionMismatch");
                assertThat(error.message()).startsWith("environment 'prod', revision 'another': its manifest file"
                        + " was generated for revision '" + render.revision() + "' (label istio.io/rev: "
                        + render.revision() + " of ");
                assertThat(error.hint()).isEqualTo("name the revision '" + render.revision() + "' in the DSL, or "
                        + "generate the file again with `istioctl manifest generate --revision another`");
            });
        }
        assertThat(revisioned).as("revisioned renders").isGreaterThan(10);
    }

    @Test
    void theReleaseTheInjectorGivesSidecarsIsReadFromItsValues_andANamespacesRevisionLabelIsABinding()
            throws Exception {
        ManifestIdentity identity = ManifestIdentity.of(ManifestReader.readLocated("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: payments
                  labels: {istio.io/rev: stable}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio-sidecar-injector-1-24-6
                  namespace: istio-system
                data:
                  values: '{"global": {"hub": "docker.io/istio", "tag": "1.26.1"}, "revision": "1-24-6"}'
                """, "test", "istio-system"));

        assertThat(identity.versions()).singleElement().satisfies(e -> {
            assertThat(e.said()).isEqualTo("1.26.1");
            assertThat(e.what()).isEqualTo("the injector's values.global.tag 1.26.1 of ConfigMap "
                    + "istio-system/istio-sidecar-injector-1-24-6");
            assertThat(e.line()).isEqualTo(7);
        });
        assertThat(identity.revisions()).isEmpty();
    }

    /** The errors of expanding one render as a revision's manifest file, declared with this name and release. */
    private List<Diagnostic> expand(Render render, String revision, IstioVersion istio) throws IOException {
        Path project = Files.createTempDirectory(temp, "project");
        Files.writeString(project.resolve(render.fileName()), render.text(), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh m {
                  revision %s {
                    istio %s  manifest "%s"
                  }
                  environment prod { revisions %s }
                }
                """.formatted(revision, istio, render.fileName(), revision));
        CompileResult bound = new Compiler().bind(CompileRequest.forProject(project));
        assertThat(bound.diagnostics()).as("the test mesh binds").isEmpty();
        Mesh mesh = bound.mesh().orElseThrow();
        Diagnostics diagnostics = new Diagnostics();
        new ExpandStage(Optional.empty(), new HelmExpander(new HelmJavaRenderer(), version -> Optional.empty()),
                project.resolve("cache"), diagnostics, 1).expand(mesh);
        return diagnostics.sorted().stream().filter(Diagnostic::isError).toList();
    }
}
