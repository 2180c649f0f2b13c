package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.Kubectl;
import dev.istiodsl.testing.StandInIstioctl;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole emitted tree of one mesh per real fixture, compiled through the istioctl process code with stand-in
 * binaries that replay the fixture, pinned by two golden files under {@code trees/<case>/}:
 *
 * <ul>
 *   <li>{@code expected.tree}: one line per emitted file, {@code <sha256 of its bytes>  <path>}, sorted by path. The
 *   digests pin the resources Istio rendered without copying Istio's output into this project.</li>
 *   <li>{@code expected.generated}: the full text of what the compiler writes itself ({@code kustomization.yaml}s,
 *   {@code <env>/flux/}, the Namespaces and Services it adds to {@code base/}, and {@code istiodsl.lock}), each after
 *   an {@code === path} line, in path order.</li>
 * </ul>
 *
 * <p>The lock file records the digest of each istioctl binary, and a stand-in's bytes hold absolute paths of this
 * machine; those digests are masked in both files (the lock's line in {@code expected.tree} is the digest of the
 * masked text). Run with {@code -Dgolden.update=true} to rewrite the golden files, and review the diff like code.
 */
class GoldenTreesTest {

    private static final Path TREES = Golden.sourceResources().resolve("trees");
    private static final String LOCK = "istiodsl.lock";
    private static final Pattern ISTIOCTL_INPUT = Pattern.compile("(?m)^(\\s+istioctl/[0-9.]+: )sha256:[0-9a-f]{64}$");
    private static final String MASK = "sha256:<stand-in istioctl: its bytes name paths of the machine>";

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
                new Case("canary-1-22-8-1-24-6", """
                        mesh shop {
                          revision 1-22-8 { istio 1.22.8 }
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
                        """, List.of(
                        new StandIn("1.22.8", "1-22-8", "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml"),
                        new StandIn("1.24.6", "1-24-6", "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml"))));
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
                Path.of("deploy/istio"), temp.resolve(c.name()).resolve("cache"), istioctl));
        Path out = project.resolve("deploy/istio");
        return new Compiled(result, out, Files.isDirectory(out) ? files(out) : new TreeMap<>());
    }

    private static SortedMap<String, byte[]> files(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compilesWithoutAnyErrorOrWarning(Case c) {
        assertThat(compiled(c).result().diagnostics()).filteredOn(d -> d.severity() != dev.istiodsl.diag.Severity.NOTE)
                .extracting(Diagnostic::toString).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyEmittedFileHasTheDigestInTheTreeManifest(Case c) throws IOException {
        Compiled compiled = compiled(c);
        assertThat(compiled.files()).as("the emitted tree").isNotEmpty();

        StringBuilder tree = new StringBuilder();
        compiled.files().forEach((path, bytes) -> tree.append(sha256(masked(path, bytes))).append("  ").append(path)
                .append('\n'));
        Golden.check(TREES.resolve(c.name()).resolve("expected.tree"), tree.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whatTheCompilerWritesItselfMatchesTheGeneratedFile(Case c) throws IOException {
        Compiled compiled = compiled(c);
        assertThat(compiled.files()).containsKey(LOCK);

        StringBuilder generated = new StringBuilder();
        compiled.files().forEach((path, bytes) -> {
            if (writtenByTheCompiler(path, bytes)) {
                generated.append("=== ").append(path).append('\n')
                        .append(new String(masked(path, bytes), StandardCharsets.UTF_8));
            }
        });
        Golden.check(TREES.resolve(c.name()).resolve("expected.generated"), generated.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPartAndTheFluxFolderBuildWithKustomize(Case c) throws Exception {
        Compiled compiled = compiled(c);
        List<String> folders = compiled.files().keySet().stream().filter(p -> p.endsWith("/kustomization.yaml"))
                .map(p -> p.substring(0, p.length() - "/kustomization.yaml".length())).toList();
        assertThat(folders).as("folders with a kustomization.yaml").anyMatch(f -> f.endsWith("/flux"))
                .anyMatch(f -> f.endsWith("/crds") || f.contains("/revisions/"));

        for (String folder : folders) {
            String built = Kubectl.kustomize(compiled.out().resolve(folder));
            long resources = compiled.files().keySet().stream()
                    .filter(p -> p.startsWith(folder + "/") && !p.endsWith("/kustomization.yaml")).count();
            assertThat(built.lines().filter(line -> line.startsWith("kind: ")).count())
                    .as("resources kubectl kustomize %s built", folder).isEqualTo(resources);
        }
    }

    /**
     * The DSL's digest, like every other digest the lock holds, is {@code sha256:<64 hex digits>}, so {@code verify}
     * and people can compare it with {@code sha256sum}.
     */
    @Test
    void theLockRecordsTheDslDigestWithOnePrefix() {
        Compiled compiled = compiled(cases().get(0));
        String lock = new String(compiled.files().get(LOCK), StandardCharsets.UTF_8);

        assertThat(lock).containsPattern("(?m)^      dsl: sha256:[0-9a-f]{64}$").doesNotContain("sha256:sha256:");
    }

    /**
     * Istio's output is pinned by digest only; what the compiler writes (layout files, and the objects it adds to
     * {@code base/}, labelled as its own) is pinned as text.
     */
    private static boolean writtenByTheCompiler(String path, byte[] bytes) {
        if (path.equals(LOCK) || path.endsWith("/kustomization.yaml") || path.split("/")[1].equals("flux")) {
            return true;
        }
        return path.split("/")[1].equals("base") && (path.contains("/namespace/") || path.contains("/service/"))
                && new String(bytes, StandardCharsets.UTF_8).contains("app.kubernetes.io/managed-by: istiodsl");
    }

    private static byte[] masked(String path, byte[] bytes) {
        if (!path.equals(LOCK)) {
            return bytes;
        }
        return ISTIOCTL_INPUT.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("$1" + MASK)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
