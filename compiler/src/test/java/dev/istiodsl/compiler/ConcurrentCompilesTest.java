package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.emit.OutputLock;
import dev.istiodsl.testing.ChildJvm;
import dev.istiodsl.testing.CompileMain;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.HoldOutputLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles of one project at the same time, in real processes: they take turns on the output, so after every round
 * the tree is one run's whole tree and verifies; a run that cannot get its turn in time fails saying so and changes
 * nothing; and a compile killed in the middle of writing leaves nothing the next one cannot recover from.
 * {@code -Distiodsl.concurrency.rounds=N} plays more rounds than the default.
 */
class ConcurrentCompilesTest {

    private static final String MANIFEST = "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml";

    /** Five environments of one revision: a tree of some 300 files, so two emits overlap for a while. */
    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8  manifest "manifests/1-22-8.yaml" }
              tag stable -> 1-22-8
              environment dev { revisions 1-22-8  namespaces { payments -> stable  search -> stable } }
              environment test extends dev { }
              environment staging extends dev { }
              environment prod-eu extends dev { }
              environment prod-us extends dev { }
            }
            """;

    private static final Pattern STAGE = Pattern.compile("^stage lock (\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        Files.createDirectories(project.resolve("manifests"));
        Files.copy(Fixtures.resolve(MANIFEST), project.resolve("manifests/1-22-8.yaml"));
    }

    private CompileRequest request() {
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                IstioctlOptions.defaults());
    }

    private static List<String> errors(CompileResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    /** The files of the tree on disk, relative to it. */
    private SortedSet<String> tree() {
        Path root = project.resolve("deploy/istio");
        try (Stream<Path> walk = Files.walk(root)) {
            return new TreeSet<>(walk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What sits beside the tree: the lock file, and any staging folder or earlier tree a run left. */
    private List<String> besideTheTree() {
        try (Stream<Path> list = Files.list(project.resolve("deploy"))) {
            return list.map(p -> p.getFileName().toString()).filter(name -> !name.equals("istio")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChildJvm.Exit compileInAnotherProcess(String name) {
        return ChildJvm.withEnvironment(Map.of()).run(CompileMain.class, temp.resolve(name + ".log"),
                Duration.ofMinutes(5), project.toString(), temp.resolve("cache").toString());
    }

    private static long lockWait(ChildJvm.Exit exit) {
        Matcher m = STAGE.matcher(exit.output());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void twoProcessesCompilingOneProjectTakeTurnsAndLeaveAWholeTreeThatVerifies() {
        CompileResult first = new Compiler().compile(request());
        assertThat(errors(first)).isEmpty();
        SortedSet<String> whole = tree();
        assertThat(whole).hasSizeGreaterThan(250);
        int rounds = Integer.getInteger("istiodsl.concurrency.rounds", 4);
        List<String> failures = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String a = "round-" + round + "-a";
            String b = "round-" + round + "-b";
            CompletableFuture<ChildJvm.Exit> runA = CompletableFuture.supplyAsync(() -> compileInAnotherProcess(a));
            CompletableFuture<ChildJvm.Exit> runB = CompletableFuture.supplyAsync(() -> compileInAnotherProcess(b));
            ChildJvm.Exit exitA = runA.join();
            ChildJvm.Exit exitB = runB.join();
            waits.add(Math.max(lockWait(exitA), lockWait(exitB)));
            SortedSet<String> onDisk = tree();
            List<String> verify = errors(new Compiler().verify(request()));
            if (exitA.code() != 0 || exitB.code() != 0 || !onDisk.equals(whole) || !verify.isEmpty()
                    || !besideTheTree().equals(List.of(".istio.istiodsl-lock"))) {
                failures.add("round " + round + ": exits " + exitA.code() + "/" + exitB.code() + ", " + onDisk.size()
                        + " of " + whole.size() + " files, verify " + verify + ", beside the tree "
                        + besideTheTree() + "\n" + exitA.output() + exitB.output());
            }
        }
        System.out.println("ConcurrentCompilesTest: " + rounds + " rounds, " + failures.size()
                + " broken, the second run waited (ms) " + waits);
        assertThat(failures).isEmpty();
        assertThat(waits).as("the two runs overlapped, and one waited for the other").anyMatch(ms -> ms > 0);
    }

    @Test
    void aCompileThatCannotGetTheOutputInTimeFailsSayingSoAndChangesNothing() throws Exception {
        assertThat(errors(new Compiler().compile(request()))).isEmpty();
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("search -> stable", "search -> stable  shop"
                + " -> stable"));
        Path log = temp.resolve("holder.log");
        Process holder = ChildJvm.withEnvironment(Map.of()).start(HoldOutputLock.class, log,
                project.resolve("deploy/istio").toString(), "60");
        try {
            awaitLine(log, "locked");
            long start = System.nanoTime();
            CompileResult result = new Compiler().compile(request().withLockWait(Duration.ofSeconds(1)));
            long waited = (System.nanoTime() - start) / 1_000_000;

            assertThat(errors(result)).containsExactly("ERROR Emit.OutputLocked another compile or promote is writing"
                    + " deploy/istio (it holds deploy/.istio.istiodsl-lock); this run waited 1 s for it and changed"
                    + " nothing (hint: let the other run finish, then run again; wait longer with istiodsl.lockWait"
                    + " (seconds))");
            assertThat(waited).isBetween(1000L, 10_000L);
            assertThat(tree()).noneMatch(path -> path.contains("_shop") || path.endsWith("/shop.yaml"));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void aCompileWaitsForTheRunHoldingTheOutputAndThenWrites() throws Exception {
        Path log = temp.resolve("holder.log");
        Process holder = ChildJvm.withEnvironment(Map.of()).start(HoldOutputLock.class, log,
                project.resolve("deploy/istio").toString(), "3");
        try {
            awaitLine(log, "locked");
            CompileResult result = new Compiler().compile(request().withLockWait(Duration.ofSeconds(60)));

            assertThat(errors(result)).isEmpty();
            long waited = result.summary().orElseThrow().stageMillis().stream()
                    .filter(stage -> stage.getKey().equals("lock")).mapToLong(Map.Entry::getValue).sum();
            System.out.println("ConcurrentCompilesTest: waited " + waited + " ms for a holder of 3 s");
            assertThat(waited).isBetween(500L, 60_000L);
            assertThat(project.resolve("deploy/istio/istiodsl.lock")).isRegularFile();
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void twoCompilesInOneJvmTakeTurnsToo() {
        CompletableFuture<CompileResult> one = CompletableFuture.supplyAsync(() -> new Compiler().compile(request()));
        CompletableFuture<CompileResult> two = CompletableFuture.supplyAsync(() -> new Compiler().compile(request()));

        assertThat(errors(one.join())).isEmpty();
        assertThat(errors(two.join())).isEmpty();
        assertThat(errors(new Compiler().verify(request()))).isEmpty();
        assertThat(besideTheTree()).containsExactly(".istio.istiodsl-lock");
    }

    @Test
    void aCompileKilledWhileWritingTheTreeLeavesWhatTheNextCompileRecoversFrom() throws Exception {
        assertThat(errors(new Compiler().compile(request()))).isEmpty();
        SortedSet<String> whole = tree();
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("environment prod-us extends dev { }",
                "environment prod-us extends dev { }\n  environment prod-ap extends dev { }"));
        boolean killedMidEmit = false;
        for (int attempt = 0; attempt < 5 && !killedMidEmit; attempt++) {
            Process compile = ChildJvm.withEnvironment(Map.of()).start(CompileMain.class,
                    temp.resolve("killed-" + attempt + ".log"), project.toString(), temp.resolve("cache").toString());
            while (compile.isAlive() && besideTheTree().stream().noneMatch(name -> name.contains("staging"))) {
                Thread.sleep(2);
            }
            compile.destroyForcibly().waitFor(1, TimeUnit.MINUTES); // SIGKILL: no finally block runs
            killedMidEmit = besideTheTree().stream().anyMatch(name -> name.contains("istiodsl-staging")
                    || name.contains("istiodsl-old"));
        }
        assertThat(killedMidEmit).as("a compile was killed while it wrote").isTrue();
        assertThat(tree()).as("the previous tree is untouched").isEqualTo(whole);

        CompileResult next = new Compiler().compile(request().withLockWait(Duration.ZERO));

        assertThat(errors(next)).as("the dead run's lock went with it").isEmpty();
        assertThat(besideTheTree()).containsExactly(".istio.istiodsl-lock");
        assertThat(tree()).hasSizeGreaterThan(whole.size()).anyMatch(path -> path.startsWith("prod-ap/"));
        assertThat(errors(new Compiler().verify(request()))).isEmpty();
    }

    @Test
    void theLockFileLiesBesideTheOutputsRealPlace() throws IOException {
        Files.createDirectories(project.resolve("trees/istio"));
        Files.createDirectories(project.resolve("deploy"));
        Files.createSymbolicLink(project.resolve("deploy/istio"), Path.of("../trees/istio"));

        assertThat(OutputLock.file(project.resolve("deploy/istio")))
                .isEqualTo(project.toRealPath().resolve("trees/.istio.istiodsl-lock"));
    }

    private static void awaitLine(Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).lines().toList().contains(line)) {
            assertThat(System.nanoTime()).as("waiting for '" + line + "' in " + log).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
