package dev.istiodsl.diff;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-revision diff on the real revisioned renders of 1.20.8, 1.22.8 and 1.24.6 (replayed by stand-ins): one
 * environment's revision A against its revision B, names normalised. The list of what changes, resource by resource
 * with the number of fields, is pinned under {@code diff/revisions/}; Istio's values themselves are not copied.
 */
class RevisionDiffTest {

    private static final String MESH = """
            mesh m {
              revision 1-20-8 { istio 1.20.8 }
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              gateway istio-ingressgateway { namespace istio-ingress }
              environment older { revisions 1-20-8, 1-22-8 }
              environment newer { revisions 1-22-8, 1-24-6 }
            }
            """;

    @TempDir
    Path temp;

    private Compiler.DiffOutcome diff(Optional<String> env, String from, String to) throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        Map<String, Path> binaries = new LinkedHashMap<>();
        for (String version : List.of("1.20.8", "1.22.8", "1.24.6")) {
            String revision = version.replace('.', '-');
            Path bin = temp.resolve("bin/istioctl-" + version);
            if (!Files.exists(bin)) {
                StandInIstioctl.write(bin, version, revision, "istio-helm-rendered/" + version + "-rev-" + revision
                        + "/manifest.yaml");
            }
            binaries.put(version, bin);
        }
        Fixtures.root();
        IstioctlOptions istioctl = new IstioctlOptions(binaries, Optional.empty(), false, "", true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new Compiler().revisionDiff(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), temp.resolve("cache"), istioctl,
                ValidateOptions.defaults().withToday(LocalDate.of(2024, 1, 1))), env, from, to);
    }

    private static String outline(TreeDiff diff) {
        return diff.changes().entrySet().stream().flatMap(e -> e.getValue().stream().map(c -> e.getKey() + " "
                + c.type() + " " + c.kind() + " " + c.name() + " (" + c.fields().size() + " fields)"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void fromOneTwentyTwoToOneTwentyFourTheNamesAreNormalisedAndTheImagesChange() throws Exception {
        Compiler.DiffOutcome outcome = diff(Optional.empty(), "1-22-8", "1-24-6");
        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        TreeDiff diff = outcome.diff().orElseThrow();

        assertThat(diff.changes()).containsOnlyKeys("newer");
        String all = String.join("\n", DiffReport.terminal(diff, false));
        assertThat(all).doesNotContain("1-22-8/", "istiod-1-22-8", "istiod-1-24-6").contains("istiod-<rev>");
        assertThat(diff.changes().get("newer")).noneMatch(c -> c.kind().equals("CustomResourceDefinition"));
        assertThat(diff.changes().get("newer")).filteredOn(c -> c.kind().equals("Deployment")
                && c.name().equals("istio-system/istiod-<rev>")).singleElement()
                .satisfies(c -> assertThat(c.fields()).anySatisfy(f -> {
                    assertThat(f.path()).isEqualTo("spec.template.spec.containers[name=discovery].image");
                    assertThat(f.before()).endsWith("pilot:1.22.8");
                    assertThat(f.after()).endsWith("pilot:1.24.6");
                }));
        Golden.check(Golden.sourceResources().resolve("diff/revisions/1-22-8-to-1-24-6.outline"), outline(diff));
    }

    @Test
    void fromOneTwentyToOneTwentyTwoInTheEnvironmentNamed() throws Exception {
        TreeDiff diff = diff(Optional.of("older"), "1-20-8", "1-22-8").diff().orElseThrow();
        assertThat(diff.base()).isEqualTo("revision 1-20-8 of environment older");
        Golden.check(Golden.sourceResources().resolve("diff/revisions/1-20-8-to-1-22-8.outline"), outline(diff));
    }

    @Test
    void twoRevisionsNoEnvironmentRunsTogetherAreAnError() throws Exception {
        assertThat(diff(Optional.empty(), "1-20-8", "1-24-6").result().diagnostics()).filteredOn(Diagnostic::isError)
                .extracting(Diagnostic::toString).containsExactly("ERROR Diff.RevisionsNotTogether no environment"
                        + " runs both revision '1-20-8' and revision '1-24-6' (hint: name two revisions one environment"
                        + " runs (istiodsl.diff.revisions=A,B), and that environment (istiodsl.diff.environment))");
    }
}
