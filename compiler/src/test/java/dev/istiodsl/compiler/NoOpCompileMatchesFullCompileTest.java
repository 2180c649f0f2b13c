package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Folders;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever changed between two compiles, the second one says and writes exactly what a full compile of the same
 * project, tree and settings says and writes: the short cut ({@link LastCompile}) replays only what a compile would
 * say again. Each test compiles twice (the second leaves the record), changes one thing, compiles, and compares with a
 * compile of the same state that has no record to replay (a fresh cache).
 */
class NoOpCompileMatchesFullCompileTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8%s }
              environment test { revisions 1-22-8 }
            }
            """;

    @TempDir
    Path temp;

    private int runs;

    private Path project(String revisionSettings) throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.formatted(revisionSettings));
        return project;
    }

    /** A stand-in that renders only istio's base chart: no istiod, which a revision must turn off to compile. */
    private CompileRequest request(Path project, String fixture) throws IOException {
        Fixtures.root();
        Path bin = StandInIstioctl.write(temp.resolve("bin/istioctl-1.22.8"), "1.22.8", "1-22-8", fixture);
        IstioctlOptions istioctl = new IstioctlOptions(Map.of("1.22.8", bin), Optional.empty(), false, "",
                true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2024, 10, 1)));
    }

    /** What a compile said and the tree (with its lock) it left. */
    private record Outcome(List<String> diagnostics, Map<String, String> tree, boolean link) {
    }

    private static Outcome outcome(CompileRequest request, CompileResult result) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        Path output = request.outputDirectory();
        if (Files.isDirectory(output)) {
            try (Stream<Path> walk = Files.walk(output)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    tree.put(output.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return new Outcome(result.diagnostics().stream().map(d -> dev.istiodsl.diag.DiagnosticRenderer.forPeople(d,
                result.sources().lineLookup())).toList(), tree,
                Files.isSymbolicLink(output));
    }

    /**
     * Compiles {@code request} twice, runs {@code change}, then compiles {@code after} and checks that it says and
     * writes what a compile of that state with a fresh cache says and writes.
     *
     * @return the compile after the change
     */
    private CompileResult assertSameAsFullCompile(CompileRequest request, Change change, CompileRequest after)
            throws Exception {
        return assertSameAsFullCompile(request, change, after, true);
    }

    /** @param recorded whether the compiles before the change leave a record to replay */
    private CompileResult assertSameAsFullCompile(CompileRequest request, Change change, CompileRequest after,
            boolean recorded) throws Exception {
        CompileResult first = new Compiler().compile(request);
        assertThat(first.hasErrors()).as("%s", first.diagnostics()).isFalse();
        new Compiler().compile(request);
        assertThat(stages(new Compiler().compile(request))).as("the record is replayed before the change")
                .isEqualTo(recorded ? List.of("bind", "unchanged") : stages(first));
        change.run();
        Path project = request.projectDirectory();
        Path snapshot = temp.resolve("snapshot-" + runs++);
        copy(project, snapshot);

        CompileResult again = new Compiler().compile(after);
        Outcome replayedOrNot = outcome(after, again);

        Folders.deleteRecursively(project);
        copy(snapshot, project);
        CompileRequest fresh = new CompileRequest(after.projectDirectory(), after.meshFile(),
                after.outputDirectory(), temp.resolve("fresh-cache-" + runs), after.istioctl(), after.validation());
        CompileResult full = new Compiler().compile(fresh);
        Outcome expected = outcome(fresh, full);

        assertThat(replayedOrNot.diagnostics()).as("diagnostics").isEqualTo(expected.diagnostics());
        assertThat(replayedOrNot.tree()).as("tree").isEqualTo(expected.tree());
        assertThat(replayedOrNot.link()).as("the output is a link").isEqualTo(expected.link());
        return again;
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    private static List<String> stages(CompileResult result) {
        // "lock" when the run waited for the output's lock: another test's compile may hold it a moment.
        return result.summary().orElseThrow().stageMillis().stream().map(Map.Entry::getKey)
                .filter(stage -> !stage.equals("lock")).toList();
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @CsvSource({"profile, profiles/remote.yaml", "operator, operator.yaml"})
    void aProfileOrOperatorFileThatNoLongerTurnsPilotOffIsCompiled(String setting, String file) throws Exception {
        Path project = project("  " + setting + " \"" + file + "\"");
        Path written = project.resolve(file);
        Files.createDirectories(written.getParent());
        Files.writeString(written, """
                apiVersion: install.istio.io/v1alpha1
                kind: IstioOperator
                spec:
                  components:
                    pilot:
                      enabled: false
                """);
        CompileRequest request = request(project, "istio-helm-rendered/1.22.8-rev-1-22-8/base.yaml");

        CompileResult again = assertSameAsFullCompile(request, () -> Files.writeString(written,
                Files.readString(written).replace("enabled: false", "enabled: true")), request);

        assertThat(again.diagnostics()).extracting(Diagnostic::id).contains("Expand.NoControlPlane");
    }

    private static final String FULL = "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml";

    private CompileRequest fullMesh(String extra) throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8 }
                  tag stable -> 1-22-8
                  %s
                  environment test { revisions 1-22-8  namespaces { payments -> stable } }
                }
                """.formatted(extra));
        return request(project, FULL);
    }

    @Test
    void anImportedFileChangedIsCompiled() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("lib.istiodsl"), "overlay labels {"
                + " merge ConfigMap \"istio\" { metadata: { labels: { team: mesh } } } }\n");
        CompileRequest request = fullMesh("import \"lib.istiodsl\"  overlays labels");
        assertSameAsFullCompile(request, () -> Files.writeString(project.resolve("lib.istiodsl"), "overlay labels {"
                + " merge ConfigMap \"istio\" { metadata: { labels: { team: shop } } } }\n"), request);
    }

    @Test
    void aFileAddedBesideTheGeneratedOnesIsJudgedAsAFullCompileJudgesIt() throws Exception {
        CompileRequest request = fullMesh("");
        Path output = request.outputDirectory();
        assertSameAsFullCompile(request, () -> Files.writeString(output.resolve("test/base/extra.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: istio-system}\n"), request);
    }

    @Test
    void aFileAddedAtTheTopOfTheTreeIsJudgedAsAFullCompileJudgesIt() throws Exception {
        CompileRequest request = fullMesh("");
        Path output = request.outputDirectory();
        assertSameAsFullCompile(request, () -> Files.writeString(output.resolve("notes.md"), "ours\n"), request);
    }

    @Test
    void anEnvironmentFolderAddedByHandIsJudgedAsAFullCompileJudgesIt() throws Exception {
        CompileRequest request = fullMesh("");
        Path output = request.outputDirectory();
        assertSameAsFullCompile(request, () -> {
            Files.createDirectories(output.resolve("staging/base"));
            Files.writeString(output.resolve("staging/base/kustomization.yaml"), "resources: []\n");
        }, request);
    }

    @Test
    void aGeneratedFileDeletedIsCompiledAgain() throws Exception {
        CompileRequest request = fullMesh("");
        Path output = request.outputDirectory();
        assertSameAsFullCompile(request, () -> Files.delete(output.resolve("test/base/namespace/payments.yaml")),
                request);
    }

    @Test
    void anEditedLockIsCompiledAgain() throws Exception {
        CompileRequest request = fullMesh("");
        Path lock = request.outputDirectory().resolve("istiodsl.lock");
        assertSameAsFullCompile(request, () -> Files.writeString(lock, Files.readString(lock) + "\n"), request);
    }

    @Test
    void anOutputFolderReplacedByALinkIsJudgedAsAFullCompileJudgesIt() throws Exception {
        CompileRequest request = fullMesh("");
        Path output = request.outputDirectory();
        Path elsewhere = request.projectDirectory().resolve("trees/istio");
        assertSameAsFullCompile(request, () -> {
            Files.createDirectories(elsewhere.getParent());
            Files.move(output, elsewhere);
            Files.createSymbolicLink(output, Path.of("../trees/istio"));
        }, request);
        assertThat(Files.isSymbolicLink(output)).isTrue();
    }

    @Test
    void aKubernetesVersionChangedIsCompiled() throws Exception {
        CompileRequest request = fullMesh("kubernetes 1.30");
        Path mesh = request.projectDirectory().resolve("mesh.istiodsl");
        assertSameAsFullCompile(request, () -> Files.writeString(mesh, Files.readString(mesh)
                .replace("kubernetes 1.30", "kubernetes 1.20")), request);
    }

    @Test
    void aDifferentCacheIsCompiledAsAFullCompile() throws Exception {
        CompileRequest request = fullMesh("");
        CompileRequest other = new CompileRequest(request.projectDirectory(), request.meshFile(),
                request.outputDirectory(), temp.resolve("other-cache"), request.istioctl(), request.validation());
        assertSameAsFullCompile(request, () -> { }, other);
    }

    @Test
    void anotherDayJudgesEndOfLifeAsAFullCompile() throws Exception {
        CompileRequest request = fullMesh("");
        assertSameAsFullCompile(request, () -> { }, request.withValidation(request.validation()
                .withToday(LocalDate.of(2030, 1, 1))));
    }

    private CompileRequest chartsMesh() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        dev.istiodsl.testing.RealCharts.controlPlane("1.26.8", project.resolve("charts"));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-26-8 { istio 1.26.8  charts "charts" }
                  environment test { revisions 1-26-8 }
                }
                """);
        return request(project, FULL);
    }

    @Test
    void aChartsValuesFileChangedIsCompiled() throws Exception {
        CompileRequest request = chartsMesh();
        Path values = request.projectDirectory().resolve("charts/istio-control/istio-discovery/values.yaml");
        assertSameAsFullCompile(request, () -> Files.writeString(values, Files.readString(values)
                .replaceFirst("replicaCount: 1", "replicaCount: 3")), request);
    }

    @Test
    void aChartsTemplateAddedIsCompiled() throws Exception {
        CompileRequest request = chartsMesh();
        Path added = request.projectDirectory().resolve("charts/istio-control/istio-discovery/templates/extra.yaml");
        assertSameAsFullCompile(request, () -> Files.writeString(added, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: extra
                  namespace: {{ .Release.Namespace }}
                data: {a: b}
                """), request);
    }

    @Test
    void aChartsTemplateRemovedIsCompiled() throws Exception {
        CompileRequest request = chartsMesh();
        Path templates = request.projectDirectory().resolve("charts/istio-control/istio-discovery/templates");
        assertSameAsFullCompile(request, () -> Files.delete(templates.resolve("poddisruptionbudget.yaml")), request);
    }

    @Test
    void aChartYamlChangedIsCompiled() throws Exception {
        CompileRequest request = chartsMesh();
        Path chart = request.projectDirectory().resolve("charts/base/Chart.yaml");
        assertSameAsFullCompile(request, () -> Files.writeString(chart, Files.readString(chart) + "# edited\n"),
                request);
    }

    @Test
    void aResourceFileAPatchFileAndAMergeFileChangedAreCompiled() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("extra.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
                + "metadata: {name: extra, namespace: istio-system}\ndata: {a: b}\n");
        Files.writeString(project.resolve("patch.json"), "[{\"op\": \"add\", \"path\": \"/data/c\", \"value\": \"d\"}]\n");
        Files.writeString(project.resolve("merge.yaml"), "data: {e: f}\n");
        CompileRequest request = fullMesh("overlay files { resource from \"extra.yaml\"  patch ConfigMap \"extra\" from"
                + " \"patch.json\"  merge ConfigMap \"extra\" from \"merge.yaml\" }  overlays files");
        assertSameAsFullCompile(request, () -> Files.writeString(project.resolve("extra.yaml"), Files.readString(
                project.resolve("extra.yaml")).replace("a: b", "a: z")), request);
        assertSameAsFullCompile(request, () -> Files.writeString(project.resolve("patch.json"), Files.readString(
                project.resolve("patch.json")).replace("\"d\"", "\"x\"")), request);
        assertSameAsFullCompile(request, () -> Files.writeString(project.resolve("merge.yaml"), "data: {e: g}\n"),
                request);
    }

    @Test
    void aManifestFileChangedIsCompiled() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.copy(Fixtures.resolve(FULL), project.resolve("r.yaml"));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8  manifest "r.yaml" }
                  environment test { revisions 1-22-8 }
                }
                """);
        CompileRequest request = request(project, FULL);
        assertSameAsFullCompile(request, () -> Files.writeString(project.resolve("r.yaml"), Files.readString(
                project.resolve("r.yaml")).replaceFirst("replicas: 1", "replicas: 2")), request);
    }

    @Test
    void aSecretOfAnOverlayIsNeitherRecordedNorShownWhenReplayed() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData:
                  password: a-very-long-password-0123456789
                """);
        CompileRequest request = fullMesh("overlay db { resource from \"db.yaml\" }  overlays db  "
                + "suppress Secret.Plaintext \"a test database, sealed in the cluster\"");
        CompileResult again = assertSameAsFullCompile(request, () -> { }, request);
        assertThat(stages(again)).containsExactly("bind", "unchanged");
        assertThat(Files.readString(LastCompile.file(request))).doesNotContain("a-very-long-password");
        assertThat(outcome(request, again).diagnostics()).noneMatch(d -> d.contains("a-very-long-password"));
    }

    @Test
    void aSecretOfTheExpansionQuotedFromAnOperatorFileIsNotShownWhenReplayed() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        String token = "expansion-only-token-0123456789";
        Path render = temp.resolve("render.yaml");
        Files.writeString(render, Files.readString(Fixtures.resolve(FULL)) + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: remote, namespace: istio-system}
                stringData:
                  token: %s
                """.formatted(token));
        Files.writeString(project.resolve("operator.yaml"), """
                apiVersion: install.istio.io/v1alpha1
                kind: IstioOperator
                spec:
                  components:
                    ingressGateways:
                    - name: old-gateway  # was reached with %s
                      enabled: true
                """.formatted(token));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8  operator "operator.yaml" }
                  environment test { revisions 1-22-8 }
                  suppress Secret.Plaintext "a test"
                }
                """);
        CompileRequest request = request(project, render.toString());
        CompileResult again = assertSameAsFullCompile(request, () -> { }, request, false);
        assertThat(outcome(request, again).diagnostics()).anyMatch(d -> d.contains("old-gateway"))
                .noneMatch(d -> d.contains(token));
        assertThat(LastCompile.file(request)).as("no record: its replay could not mask the line").doesNotExist();
    }

    /** Moves a path of the tree out of it, to {@code kept} in the project, and puts a symbolic link to it there. */
    private void assertLinkedAsAFullCompileJudgesIt(String inTree, String kept) throws Exception {
        CompileRequest request = fullMesh("");
        Path path = request.outputDirectory().resolve(inTree);
        Path moved = request.projectDirectory().resolve(kept);
        assertSameAsFullCompile(request, () -> {
            Files.move(path, moved);
            Files.createSymbolicLink(path, moved);
        }, request);
    }

    @Test
    void aGeneratedFileReplacedByALinkToTheSameBytesIsJudgedAsAFullCompileJudgesIt() throws Exception {
        assertLinkedAsAFullCompileJudgesIt("test/base/namespace/payments.yaml", "kept.yaml");
    }

    @Test
    void aGeneratedFolderReplacedByALinkToACopyIsJudgedAsAFullCompileJudgesIt() throws Exception {
        assertLinkedAsAFullCompileJudgesIt("test", "kept");
    }

    @Test
    void aLockReplacedByALinkToTheSameBytesIsJudgedAsAFullCompileJudgesIt() throws Exception {
        assertLinkedAsAFullCompileJudgesIt("istiodsl.lock", "kept.lock");
    }

    private CompileRequest clustersMesh(String clusters) throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8 }
                  environment prod {
                    revisions 1-22-8
                %s
                  }
                }
                """.formatted(clusters));
        return request(project, FULL);
    }

    private static final String CLUSTERS = """
                cluster prod-eu-1 { meshID shop  clusterName prod-eu-1  network net-eu }
                cluster prod-us-1 { set values.pilot.env.PILOT_TRACE_SAMPLING = "5" }
                cluster prod-ap-1
            """;

    @Test
    void aClustersSettingsChangedAreCompiled() throws Exception {
        CompileRequest request = clustersMesh(CLUSTERS);
        Path mesh = request.projectDirectory().resolve("mesh.istiodsl");
        assertSameAsFullCompile(request, () -> Files.writeString(mesh, Files.readString(mesh)
                .replace("network net-eu", "network net-eu-2").replace("\"5\"", "\"7\"")), request);
    }

    @Test
    void aClusterAddedOrRemovedIsCompiled() throws Exception {
        CompileRequest request = clustersMesh(CLUSTERS);
        Path mesh = request.projectDirectory().resolve("mesh.istiodsl");
        assertSameAsFullCompile(request, () -> Files.writeString(mesh, Files.readString(mesh)
                .replace("cluster prod-ap-1", "cluster prod-ap-1\n    cluster prod-ca-1 { clusterName prod-ca-1  network net-eu }")),
                request);
        assertSameAsFullCompile(request, () -> Files.writeString(mesh, Files.readString(mesh)
                .replace("cluster prod-ca-1 { clusterName prod-ca-1  network net-eu }", "")), request);
    }

    @Test
    void aClustersIstioctlReplacedIsCompiled() throws Exception {
        CompileRequest request = clustersMesh(CLUSTERS);
        Path bin = temp.resolve("bin/istioctl-1.22.8");
        assertSameAsFullCompile(request, () -> Files.writeString(bin, Files.readString(bin) + "# rebuilt\n"),
                request);
    }

    /** The project of {@link #fullMesh}, its istioctl found on a PATH of these folders. */
    private CompileRequest onPath(String path) throws Exception {
        CompileRequest request = fullMesh("");
        IstioctlOptions istioctl = new IstioctlOptions(Map.of(), Optional.empty(), true, path, true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new CompileRequest(request.projectDirectory(), request.meshFile(), request.outputDirectory(),
                request.cacheDirectory(), istioctl, request.validation());
    }

    @Test
    void anIstioctlFoundEarlierOnTheSamePathIsCompiled() throws Exception {
        Path first = Files.createDirectories(temp.resolve("path-a"));
        Path second = temp.resolve("path-b");
        StandInIstioctl.write(second.resolve("istioctl"), "1.22.8", "1-22-8", FULL);
        CompileRequest request = onPath(first + java.io.File.pathSeparator + second);
        assertSameAsFullCompile(request, () -> {
            Path earlier = StandInIstioctl.write(first.resolve("istioctl"), "1.22.8", "1-22-8", FULL);
            Files.writeString(earlier, Files.readString(earlier) + "# another build\n");
        }, request);
    }

    @Test
    void anotherPathIsCompiled() throws Exception {
        Path first = temp.resolve("path-a");
        Path second = temp.resolve("path-b");
        StandInIstioctl.write(first.resolve("istioctl"), "1.22.8", "1-22-8", FULL);
        Path other = StandInIstioctl.write(second.resolve("istioctl"), "1.22.8", "1-22-8", FULL);
        Files.writeString(other, Files.readString(other) + "# another build\n");
        assertSameAsFullCompile(onPath(first.toString()), () -> { }, onPath(second.toString()));
    }

    @Test
    void anotherOutputFolderIsCompiledAsAFullCompile() throws Exception {
        CompileRequest request = fullMesh("");
        CompileRequest other = new CompileRequest(request.projectDirectory(), request.meshFile(),
                Path.of("deploy/other"), request.cacheDirectory(), request.istioctl(), request.validation());
        assertSameAsFullCompile(request, () -> { }, other);
    }

    @Test
    void anotherSoakBaseIsJudgedAsAFullCompileJudgesIt() throws Exception {
        CompileRequest request = fullMesh("");
        java.time.Instant now = java.time.Instant.parse("2024-10-01T12:00:00Z");
        CompileRequest at = request.withValidation(request.validation().withNow(now));
        try (org.eclipse.jgit.api.Git git = committedWithABranch(at, now, "release")) {
            assertSameAsFullCompile(at, () -> { }, at.withValidation(at.validation().withSoakBase("release")));
        }
    }

    /**
     * The project in a new git repository: its compiled tree committed 30 days before {@code now}, {@code branch}
     * made there, then a README committed on main a day before {@code now}.
     */
    private static org.eclipse.jgit.api.Git committedWithABranch(CompileRequest at, java.time.Instant now,
            String branch) throws Exception {
        org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(at.projectDirectory().toFile())
                .setInitialBranch("main").call();
        new Compiler().compile(at);
        Folders.commit(git, now.minus(Duration.ofDays(30)), "the tree");
        git.branchCreate().setName(branch).call();
        Files.writeString(at.projectDirectory().resolve("README.md"), "the shop\n");
        Folders.commit(git, now.minus(Duration.ofDays(1)), "a readme");
        return git;
    }

    @Test
    void aCheckoutOfAnotherBranchIsJudgedAsAFullCompileJudgesIt() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        String mesh = """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8 }
                  tag stable -> 1-22-8
                  environment test { revisions 1-22-8  namespaces { payments -> stable } }
                  environment prod after test soak 7d { revisions 1-22-8  namespaces { payments -> stable } }
                }
                """;
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        CompileRequest request = request(project, FULL);
        java.time.Instant now = java.time.Instant.parse("2024-10-01T12:00:00Z");
        request = request.withValidation(request.validation().withNow(now));
        try (org.eclipse.jgit.api.Git git = committedWithABranch(request, now, "other")) {
            assertSameAsFullCompile(request, () -> git.checkout().setName("other").call(), request);
        }
    }

    @Test
    void aPromotionThatWasNotSoakedIsJudgedAgainOnceItIs() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        String before = """
                mesh shop {
                  revision 1-22-8 { istio 1.22.8 }
                  revision 1-24-6 { istio 1.24.6 }
                  environment test { revisions %s }
                  environment prod after test soak 7d {
                    revisions %s
                    suppress Promotion.SoakNotMet "the fix is urgent"
                  }
                }
                """;
        Files.writeString(project.resolve("mesh.istiodsl"), before.formatted("1-22-8", "1-22-8"));
        java.time.Instant now = java.time.Instant.parse("2024-10-01T12:00:00Z");
        CompileRequest request = request(project, FULL);
        CompileRequest at = new CompileRequest(project, request.meshFile(), request.outputDirectory(),
                request.cacheDirectory(), StandInIstioctl.recordedCanary(temp.resolve("bin")),
                request.validation().withNow(now));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(project.toFile())
                .setInitialBranch("main").call()) {
            new Compiler().compile(at);
            Folders.commit(git, now.minus(Duration.ofDays(30)), "the tree");
            Files.writeString(project.resolve("mesh.istiodsl"), before.formatted("1-22-8, 1-24-6", "1-22-8"));
            new Compiler().compile(at);
            Folders.commit(git, now.minus(Duration.ofDays(3)), "canary in test");
            Files.writeString(project.resolve("mesh.istiodsl"), before.formatted("1-22-8, 1-24-6",
                    "1-22-8, 1-24-6"));
            CompileResult early = new Compiler().compile(at);
            assertThat(early.diagnostics()).extracting(Diagnostic::id).contains("Promotion.SoakNotMet");

            CompileResult soaked = assertSameAsFullCompile(at, () -> { }, at.withValidation(at.validation()
                    .withNow(now.plus(Duration.ofDays(5)))), false);

            assertThat(soaked.diagnostics()).extracting(Diagnostic::id).doesNotContain("Promotion.SoakNotMet");
            assertSameAsFullCompile(at.withValidation(at.validation().withNow(now.plus(Duration.ofDays(5)))),
                    () -> { }, at.withValidation(at.validation().withNow(now.plus(Duration.ofDays(6)))));
        }
    }


    /** Copies a folder as it is: symbolic links as links, files with their permissions and times. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

}
