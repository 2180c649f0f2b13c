package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.StandInIstioctl;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole emitted tree of one mesh per real fixture, compiled through the istioctl process code with stand-in
 * binaries that replay the fixture, pinned by the golden files of {@link TreeGolden} under {@code trees/<case>/}. Run
 * with {@code -Dgolden.update=true} to rewrite them, and review the diff like code.
 */
class GoldenTreesTest {

    private static final Path TREES = Golden.sourceResources().resolve("trees");

    /** One stand-in istioctl: the version it reports, the revision it expects, the fixture it replays. */
    record StandIn(String version, String revision, String fixture) {
    }

    /** A mesh, and the stand-ins its revisions need. */
    record Case(String name, String mesh, List<StandIn> standIns) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                helmRender("1-20-8", "1.20.8", ""),
                helmRender("1-22-8", "1.22.8", "tag stable -> 1-22-8"),
                helmRender("1-24-6", "1.24.6", "tag canary -> 1-24-6"),
                helmRender("1-28-10", "1.28.10", "tag stable -> 1-28-10\n    tag default -> 1-28-10"),
                istioctlOutput("1-7-8", "1.7.8"),
                istioctlOutput("1-9-7", "1.9.7"),
                istioctlOutput("1-10-3", "1.10.3"),
                canary("canary-1-22-8-1-24-6", ""),
                canary("helmfile-canary-1-22-8-1-24-6", "  output helmfile\n"));
    }

    /** Cases whose environments are written for Flux, so every part has a kustomization.yaml. */
    static List<Case> fluxCases() {
        return cases().stream().filter(c -> !c.mesh().contains("output helmfile")).toList();
    }

    static List<Case> helmfileCases() {
        return cases().stream().filter(c -> c.mesh().contains("output helmfile")).toList();
    }

    /**
     * Two environments, one a canary of two revisions with a tag each and the gateway once per revision.
     *
     * @param meshSettings lines added at the top of the mesh, such as its output format
     */
    private static Case canary(String name, String meshSettings) {
        return new Case(name, """
                mesh shop {
                %s  revision 1-22-8 { istio 1.22.8 }
                  revision 1-24-6 { istio 1.24.6 }
                  gateway istio-ingressgateway { namespace istio-ingress }
                  environment canary {
                    revisions 1-22-8, 1-24-6
                    tag stable -> 1-22-8
                    tag canary -> 1-24-6
                    namespaces { payments -> stable  search -> canary }
                  }
                  environment prod after canary soak 7d {
                    revisions 1-22-8
                    tag stable -> 1-22-8
                    namespaces { payments -> stable }
                  }
                }
                """.formatted(meshSettings), List.of(
                new StandIn("1.22.8", "1-22-8", "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml"),
                new StandIn("1.24.6", "1-24-6", "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml")));
    }

    /**
     * A revisioned Helm render of Istio's charts: control plane, base, and the {@code istio-ingressgateway-<rev>}
     * gateway in {@code istio-ingress}. The tags are the ones rendered into the fixture ({@code revisionTags}), which
     * are the ones the compiler asks istioctl for.
     */
    private static Case helmRender(String revision, String version, String tags) {
        String mesh = """
                mesh m {
                  revision %1$s { istio %2$s }
                  gateway istio-ingressgateway { namespace istio-ingress }
                  environment prod {
                    revisions %1$s
                    %3$s
                  }
                }
                """.formatted(revision, version, tags);
        return new Case(revision, mesh, List.of(new StandIn(version, revision,
                "istio-helm-rendered/" + version + "-rev-" + revision + "/manifest.yaml")));
    }

    /** {@code istioctl manifest generate --revision} output of an older release, from a minimal-profile operator. */
    private static Case istioctlOutput(String revision, String version) {
        String mesh = """
                mesh m {
                  revision %1$s { istio %2$s  profile minimal }
                  environment prod { revisions %1$s }
                }
                """.formatted(revision, version);
        return new Case(revision, mesh, List.of(new StandIn(version, revision,
                "istio-manifests/" + version + "-rev-" + revision + "/manifest.yaml")));
    }

    @TempDir
    static Path temp;

    /** Each case is compiled once, by whichever test needs it first. */
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private record Compiled(CompileResult result, Path out, SortedMap<String, byte[]> files) {
    }

    private static Compiled compiled(Case c) {
        return COMPILED.computeIfAbsent(c.name(), name -> {
            try {
                return compile(c);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Compiled compile(Case c) throws IOException {
        Path project = Files.createDirectories(temp.resolve(c.name()).resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), c.mesh());
        Map<String, Path> binaries = new LinkedHashMap<>();
        for (StandIn standIn : c.standIns()) {
            binaries.put(standIn.version(), StandInIstioctl.write(temp.resolve(c.name()).resolve("bin")
                    .resolve("istioctl-" + standIn.version()), standIn.version(), standIn.revision(),
                    standIn.fixture()));
        }
        IstioctlOptions istioctl = new IstioctlOptions(binaries, Optional.empty(), false, "", true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), temp.resolve(c.name()).resolve("cache"), istioctl,
                ValidateOptions.defaults().withToday(TODAY)));
        Path out = project.resolve("deploy/istio");
        return new Compiled(result, out, Files.isDirectory(out) ? TreeGolden.files(out) : new TreeMap<>());
    }

    /** Judged on a fixed date, so end-of-life findings do not change with the calendar. */
    static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compilesWithoutErrorsAndWithTheFindingsOfItsGoldenFile(Case c) throws IOException {
        List<Diagnostic> diagnostics = compiled(c).result().diagnostics();
        assertThat(diagnostics).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString).isEmpty();
        Golden.check(TREES.resolve(c.name()).resolve("expected.diagnostics"), diagnostics.stream()
                .map(d -> d + "\n").collect(Collectors.joining()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theTreeMatchesItsGoldenDigestsAndGeneratedText(Case c) throws IOException {
        TreeGolden.check(compiled(c).files(), TREES.resolve(c.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fluxCases")
    void everyPartAndTheFluxFolderBuildWithKustomize(Case c) throws Exception {
        Compiled compiled = compiled(c);
        assertThat(compiled.files().keySet()).as("files").anyMatch(f -> f.endsWith("/flux/kustomization.yaml"))
                .anyMatch(f -> f.endsWith("/crds/kustomization.yaml") || f.contains("/revisions/"));
        TreeGolden.everyFolderBuilds(compiled.out(), compiled.files());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helmfileCases")
    void everyChartOfTheHelmfileRendersWithHelm(Case c) throws Exception {
        Compiled compiled = compiled(c);
        assertThat(compiled.files().keySet()).as("files").anyMatch(f -> f.endsWith("/helmfile.yaml"))
                .noneMatch(f -> f.endsWith("/kustomization.yaml"));
        TreeGolden.everyChartRenders(compiled.out(), compiled.files());
    }

    /**
     * The DSL's digest, like every other digest the lock holds, is {@code sha256:<64 hex digits>}, so {@code verify}
     * and people can compare it with {@code sha256sum}.
     */
    @Test
    void theLockRecordsTheDslDigestWithOnePrefix() {
        Compiled compiled = compiled(cases().get(0));
        String lock = new String(compiled.files().get(TreeGolden.LOCK), StandardCharsets.UTF_8);

        assertThat(lock).containsPattern("(?m)^      dsl: sha256:[0-9a-f]{64}$").doesNotContain("sha256:sha256:");
    }
}
