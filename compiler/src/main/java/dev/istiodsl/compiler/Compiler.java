package dev.istiodsl.compiler;

import dev.istiodsl.bind.Binder;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Redaction;
import dev.istiodsl.emit.EmitException;
import dev.istiodsl.emit.EmitResult;
import dev.istiodsl.emit.LockFile;
import dev.istiodsl.emit.OutputLock;
import dev.istiodsl.emit.TreeEmitter;
import dev.istiodsl.expand.IstioctlTool;
import dev.istiodsl.expand.helm.ChartRenderer;
import dev.istiodsl.expand.helm.HelmJavaRenderer;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.promote.Promoter;
import dev.istiodsl.promote.SoakGate;
import dev.istiodsl.util.PendingFile;
import dev.istiodsl.util.RealPaths;
import dev.istiodsl.diff.GitTree;
import dev.istiodsl.diff.RevisionDiff;
import dev.istiodsl.diff.TreeDiff;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.verify.TreeVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The compiler's one face: a request in, a result out. Stages are composed here per goal; none of them prints,
 * exits or throws for a user mistake.
 */
public final class Compiler {

    private final Function<CompileRequest, IstioctlTool> istioctl;
    private final ChartRenderer charts;

    public Compiler() {
        this(Pipeline::realIstioctl);
    }

    /** A compiler with another istioctl behind the expand stage (tests use a stand-in executable through it). */
    public Compiler(Function<CompileRequest, IstioctlTool> istioctl) {
        this(istioctl, new HelmJavaRenderer());
    }

    /** A compiler with another istioctl and another Helm engine (tests count the renders of the real one). */
    public Compiler(Function<CompileRequest, IstioctlTool> istioctl, ChartRenderer charts) {
        this.istioctl = istioctl;
        this.charts = charts;
    }

    /** What an expansion the cache does not hold says, in {@link #cachedExpansionsOnly()}'s compiler. */
    public static final String NOT_CACHED = "not in the expansion cache, and this run starts no istioctl and no Helm";

    /**
     * A compiler that takes every expansion from the cache and makes none: no istioctl runs, no chart is rendered,
     * nothing is downloaded. An expansion the cache lacks is an {@code Expand.*} error saying {@link #NOT_CACHED}.
     * For editors, which may check a saved file against Istio's output only when that costs nothing.
     */
    public static Compiler cachedExpansionsOnly() {
        ChartRenderer real = new HelmJavaRenderer();
        return new Compiler(request -> new CachedOnly(Pipeline.realIstioctl(request)), new ChartRenderer() {
            @Override
            public String engine() {
                return real.engine();
            }

            @Override
            public String template(dev.istiodsl.expand.helm.ChartRelease release, Path valuesFile)
                    throws RenderFailure {
                throw new RenderFailure(NOT_CACHED);
            }
        });
    }

    /** The binaries as configured (their digests key the cache), but never run. */
    private record CachedOnly(IstioctlTool binaries) implements IstioctlTool {
        @Override
        public String identity(dev.istiodsl.model.IstioVersion version) throws ExpandFailure {
            return binaries.identity(version);
        }

        @Override
        public String location(dev.istiodsl.model.IstioVersion version) throws ExpandFailure {
            return binaries.location(version);
        }

        @Override
        public String manifestGenerate(dev.istiodsl.model.IstioVersion version, List<Path> operatorFiles,
                List<String> setFlags) throws ExpandFailure {
            throw new ExpandFailure(NOT_CACHED);
        }
    }

    /**
     * Compiles the mesh into the output tree: bind, expand, partition, transform, validate, then emit, which swaps
     * the new tree in only when no stage reported an error.
     */
    public CompileResult compile(CompileRequest request) {
        Optional<CompileResult> refused = refuseOutput(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        try (OutputLock lock = OutputLock.acquire(request.outputDirectory(), request.lockWait())) {
            return waited(run(request, true), lock.waitedMillis());
        } catch (OutputLock.Busy e) {
            return busy(request, bind(request), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the output directory " + request.outputDirectory(), e);
        }
    }

    /**
     * A writing goal's output outside the project: that error, after every binding problem. Checked before the
     * output's lock file is made beside it.
     */
    private Optional<CompileResult> refuseOutput(CompileRequest request) {
        Optional<Diagnostic> outside = outputOutsideProject(request);
        if (outside.isEmpty()) {
            return Optional.empty();
        }
        CompileResult bound = bind(request);
        List<Diagnostic> all = new ArrayList<>(bound.diagnostics());
        all.add(outside.get());
        return Optional.of(new CompileResult(bound.mesh(), all.stream().sorted().toList(), bound.sources()));
    }

    /** Another compile or promote of the same output held it for longer than this run would wait. */
    private static CompileResult busy(CompileRequest request, CompileResult bound, OutputLock.Busy busy) {
        List<Diagnostic> all = new ArrayList<>(bound.diagnostics());
        Path project = request.projectDirectory();
        String lockFile = busy.file().startsWith(project) ? project.relativize(busy.file()).toString()
                .replace('\\', '/') : busy.file().toString();
        all.add(Diagnostic.error("Emit.OutputLocked", null, "another compile or promote is writing "
                + project.relativize(request.outputDirectory()).toString().replace('\\', '/') + " (it holds "
                + lockFile + "); this run waited " + request.lockWait().toSeconds() + " s for it and changed nothing",
                "let the other run finish, then run again; wait longer with istiodsl.lockWait (seconds)"));
        return new CompileResult(bound.mesh(), all.stream().sorted().toList(), bound.sources());
    }

    /** The result, its summary showing how long the run waited for another to release the output, when it did. */
    private static CompileResult waited(CompileResult result, long millis) {
        if (millis == 0 || result.summary().isEmpty()) {
            return result;
        }
        CompileSummary summary = result.summary().get();
        List<Map.Entry<String, Long>> timings = new ArrayList<>();
        timings.add(Map.entry("lock", millis));
        timings.addAll(summary.stageMillis());
        return new CompileResult(result.mesh(), result.diagnostics(), result.sources(), Optional.of(
                new CompileSummary(summary.resources(), summary.istioctlBinaries(), summary.istioctlRuns(),
                        summary.helmRenders(), summary.cacheHits(), summary.emitted(), timings)));
    }

    /**
     * Checks the mesh as {@code compile} would, and writes nothing: bind, then (unless the request says not to
     * expand) expand, partition, transform, and validate every resource and rule.
     */
    public CompileResult validate(CompileRequest request) {
        return run(request, false);
    }

    /**
     * Checks that the tree on disk is what the sources compile to, and writes nothing. When the lock file says the
     * tree was compiled from exactly these sources, only the files are compared with the lock (hand edits), and no
     * istioctl runs; otherwise the sources are compiled in memory and every file compared (a stale tree).
     */
    public CompileResult verify(CompileRequest request) {
        CompileResult bound = bind(request);
        if (bound.hasErrors()) {
            return bound;
        }
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(bound.diagnostics());
        Mesh mesh = bound.mesh().orElseThrow();
        Path output = request.outputDirectory();
        String shown = request.projectDirectory().relativize(output).toString().replace('\\', '/');
        Path lockFile = output.resolve(LockFile.FILE_NAME);
        if (!Files.isRegularFile(lockFile)) {
            diagnostics.error("Verify.NoTree", null, "there is no compiled tree in " + shown + " (no "
                    + LockFile.FILE_NAME + ")", "run `mvn istiodsl:compile` and commit the tree");
            return new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources());
        }
        LockFile onDisk;
        try {
            onDisk = LockFile.read(lockFile);
        } catch (IOException | EmitException e) {
            diagnostics.error("Verify.NoTree", null, e.getMessage(), "restore it from git, or compile again");
            return new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources());
        }
        TreeVerifier verifier = new TreeVerifier(output, shown);
        Pipeline pipeline = new Pipeline(request, Optional.of(istioctl.apply(request)), charts, diagnostics);
        if (TreeVerifier.compiledFrom(onDisk, mesh, Pipeline.dslDigest(bound.sources()))) {
            diagnostics.addAll(verifier.handEdits(onDisk));
            return new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources(),
                    Optional.of(pipeline.summary(Optional.empty(), Optional.empty())));
        }
        TreeVerifier.Stale stale = verifier.stale(onDisk);
        InMemory compiled = inMemory(request, bound, diagnostics, stale::add);
        if (compiled.result().hasErrors()) {
            return compiled.result();
        }
        diagnostics.addAll(stale.finish(compiled.inputs()));
        return new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources(), compiled.result().summary());
    }

    /** What the sources compile to in memory (validated, never written), and the result so far. */
    private record InMemory(CompileResult result, LockFile.Inputs inputs) {
    }

    /**
     * Expand, partition, transform, validate and render, adding to {@code diagnostics}; the tree is handed to
     * {@code folders} one environment's folder at a time, and nothing is written.
     */
    private InMemory inMemory(CompileRequest request, CompileResult bound, Diagnostics diagnostics,
            Pipeline.Folders folders) {
        Mesh mesh = bound.mesh().orElseThrow();
        Pipeline pipeline = new Pipeline(request, Optional.of(istioctl.apply(request)), charts, diagnostics);
        Pipeline.Built built = pipeline.build(mesh);
        built.secretValues().forEach(bound.sources().redaction()::value);
        pipeline.validate(mesh, Optional.of(built));
        LockFile.Inputs inputs;
        try {
            inputs = pipeline.render(mesh, bound.sources(), built, folders);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tree in " + request.outputDirectory(), e);
        }
        return new InMemory(new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources(),
                Optional.of(pipeline.summary(Optional.of(built), Optional.empty()))), inputs);
    }

    /**
     * Collects the files of the tree handed over; where a file has the bytes {@code same} already holds at its path,
     * those are taken, so that an unchanged file is held once.
     */
    private static Pipeline.Folders collect(Map<String, byte[]> into, Map<String, byte[]> same,
            java.util.function.Predicate<String> wanted) {
        return folder -> folder.paths().stream().filter(wanted).forEach(path -> into.put(path,
                same.containsKey(path) && folder.holds(path, same.get(path)) ? same.get(path) : folder.bytes(path)));
    }

    /** A diff, when the sources compiled: the result carries the diagnostics either way. */
    public record DiffOutcome(CompileResult result, Optional<TreeDiff> diff) {
    }

    /**
     * Compiles the sources in memory and compares the tree with the one committed at {@code ref} in the project's git
     * repository (read from its objects, no checkout). Writes nothing.
     */
    public DiffOutcome diff(CompileRequest request, String ref) {
        CompileResult bound = bind(request);
        if (bound.hasErrors()) {
            return new DiffOutcome(bound, Optional.empty());
        }
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(bound.diagnostics());
        Mesh mesh = bound.mesh().orElseThrow();
        GitTree.Snapshot committed;
        try {
            committed = GitTree.read(request.projectDirectory(), ref, request.outputDirectory());
        } catch (GitTree.Problem e) {
            diagnostics.error("Diff.NoBase", null, "cannot read the tree at '" + ref + "': " + e.getMessage(),
                    "run inside a git repository, and name a commit it has (istiodsl.diff.base)");
            return new DiffOutcome(new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources()),
                    Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the git repository of " + request.projectDirectory(), e);
        }
        Map<String, byte[]> before = new TreeMap<>();
        ownedAt(committed).forEach(path -> before.put(path, committed.files().get(path)));
        Redaction redaction = bound.sources().redaction();
        TreeDiff.secretValues(before).forEach(redaction::value);
        Map<String, byte[]> after = new TreeMap<>();
        InMemory compiled = inMemory(request, bound, diagnostics, collect(after, before, path -> true));
        if (compiled.result().hasErrors()) {
            return new DiffOutcome(compiled.result(), Optional.empty());
        }
        String base = ref + " (" + committed.commit().substring(0, 12) + ")";
        return new DiffOutcome(compiled.result(), Optional.of(TreeDiff.of(base, before, after)
                .masked(redaction::mask)));
    }

    /**
     * The diff a user asked for with the settings {@code istiodsl.diff.base}, {@code istiodsl.diff.revisions} and
     * {@code istiodsl.diff.environment}: revision A against revision B of one environment when {@code revisions} is
     * {@code A,B}, else the tree against the one committed at {@code base}.
     */
    public DiffOutcome diff(CompileRequest request, String base, String revisions, String environment)
            throws Settings.Invalid {
        if (revisions == null || revisions.isBlank()) {
            return diff(request, base);
        }
        List<String> pair = Settings.revisionPair(revisions);
        return revisionDiff(request, Optional.ofNullable(environment).filter(e -> !e.isBlank()), pair.get(0),
                pair.get(1));
    }

    /**
     * Compiles the sources in memory and compares revision {@code from} with revision {@code to} of one environment,
     * names normalised: what the upgrade changes for this configuration. With no environment given, the first (by
     * name) that runs both.
     */
    public DiffOutcome revisionDiff(CompileRequest request, Optional<String> environment, String from, String to) {
        CompileResult bound = bind(request);
        if (bound.hasErrors()) {
            return new DiffOutcome(bound, Optional.empty());
        }
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(bound.diagnostics());
        Mesh mesh = bound.mesh().orElseThrow();
        Optional<String> env = environment.isPresent() ? environment.filter(e -> mesh.environments().containsKey(e)
                && mesh.environments().get(e).revisions().containsAll(List.of(from, to)))
                : mesh.environments().values().stream().filter(e -> e.revisions().containsAll(List.of(from, to)))
                        .map(e -> e.name()).findFirst();
        if (env.isEmpty()) {
            diagnostics.error("Diff.RevisionsNotTogether", null, environment.map(e -> "environment '" + e + "'")
                    .orElse("no environment") + " runs both revision '" + from + "' and revision '" + to + "'",
                    "name two revisions one environment runs (istiodsl.diff.revisions=A,B), and that environment"
                            + " (istiodsl.diff.environment)");
            return new DiffOutcome(new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources()),
                    Optional.empty());
        }
        // Only the environment compared is kept.
        Map<String, byte[]> files = new TreeMap<>();
        InMemory compiled = inMemory(request, bound, diagnostics, collect(files, Map.of(),
                path -> path.startsWith(env.get() + "/")));
        if (compiled.result().hasErrors()) {
            return new DiffOutcome(compiled.result(), Optional.empty());
        }
        return new DiffOutcome(compiled.result(), Optional.of(RevisionDiff.compare(files, env.get(), from,
                to).masked(bound.sources().redaction()::mask)));
    }

    /** The files the committed lock says istiodsl wrote: the user's own files in the tree are not compared. */
    private static List<String> ownedAt(GitTree.Snapshot committed) {
        byte[] lock = committed.files().get(LockFile.FILE_NAME);
        if (lock == null) {
            return List.of();
        }
        try {
            return LockFile.read(new String(lock, java.nio.charset.StandardCharsets.UTF_8), "at the base commit")
                    .ownedFiles().stream().filter(committed.files()::containsKey).toList();
        } catch (EmitException e) {
            return List.copyOf(committed.files().keySet());
        }
    }

    /** Parses and binds the mesh: every syntax and binding problem, all at once. Nothing is expanded. */
    public CompileResult bind(CompileRequest request) {
        return bind(request, Map.of());
    }

    /**
     * Binds the mesh, each file of {@code unsaved} read as the text given instead of from the disk: what an editor
     * shows before it saves.
     */
    public CompileResult bind(CompileRequest request, Map<Path, String> unsaved) {
        Diagnostics diagnostics = new Diagnostics();
        SourceSet sources = new SourceSet();
        checkSettings(request, diagnostics);
        Binder binder = new Binder(request.projectDirectory(), sources, diagnostics);
        unsaved.forEach(binder::withUnsaved);
        var mesh = binder.bind(request.meshFile());
        boolean failed = diagnostics.hasErrors();
        return new CompileResult(failed ? Optional.empty() : mesh, diagnostics.sorted(), sources);
    }

    /** The request's own settings, which come from the build (plugin parameters), not from a source file. */
    private static void checkSettings(CompileRequest request, Diagnostics diagnostics) {
        java.time.Duration timeout = request.istioctl().timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            diagnostics.error("Expand.InvalidTimeout", null, "the istioctl timeout must be a positive number of "
                    + "seconds, not " + timeout.toSeconds(), "set istiodsl.istioctlTimeout to how long one istioctl"
                            + " run may take, e.g. 300");
        }
    }

    /** A promotion's result, its plan when one could be made, and whether the mesh file and tree were written. */
    public record PromoteOutcome(CompileResult result, Optional<Promoter.Plan> plan, boolean written) {
    }

    /**
     * Makes environment {@code to} run what {@code from} runs (or moves one tag), by rewriting the mesh file, then
     * compiles. The rewritten file is compiled before it is saved: when anything fails, the soak gate above all, the
     * mesh file and the tree stay exactly as they were.
     */
    public PromoteOutcome promote(CompileRequest request, Promoter.Request promotion) {
        Optional<CompileResult> refused = refuseOutput(request);
        if (refused.isPresent()) {
            return new PromoteOutcome(refused.get(), Optional.empty(), false);
        }
        try (OutputLock lock = OutputLock.acquire(request.outputDirectory(), request.lockWait())) {
            PromoteOutcome outcome = promoteLocked(request, promotion);
            return new PromoteOutcome(waited(outcome.result(), lock.waitedMillis()), outcome.plan(),
                    outcome.written());
        } catch (OutputLock.Busy e) {
            return new PromoteOutcome(busy(request, bind(request), e), Optional.empty(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the output directory " + request.outputDirectory(), e);
        }
    }

    /** {@link #promote}, the output locked: the mesh file is read, rewritten and saved with the tree by this run alone. */
    private PromoteOutcome promoteLocked(CompileRequest request, Promoter.Request promotion) {
        CompileResult bound = bind(request);
        if (bound.hasErrors()) {
            return new PromoteOutcome(bound, Optional.empty(), false);
        }
        Mesh mesh = bound.mesh().orElseThrow();
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(bound.diagnostics());
        String text;
        try {
            text = Files.readString(request.meshFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + request.meshFile(), e);
        }
        Optional<Promoter.Plan> plan = new Promoter(diagnostics).plan(mesh, text, mesh.at(), promotion);
        if (plan.isEmpty() || plan.get().changesNothing()) {
            plan.ifPresent(p -> diagnostics.note("Promote.NothingToDo", mesh.environments().get(promotion.to()).at(),
                    promotion.tag().map(t -> "tag '" + t + "' of environment '" + promotion.to() + "' already points"
                            + " where it points in '" + promotion.from() + "'").orElse("environment '"
                            + promotion.to() + "' already runs what '" + promotion.from() + "' runs"), null));
            return new PromoteOutcome(new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources()), plan,
                    false);
        }
        // The mesh file's new text waits beside it, so nothing about the file can fail once the tree is written.
        try (PendingFile pending = PendingFile.of(request.meshFile(), plan.get().text())) {
            long start = System.nanoTime();
            CompileResult rebound = bind(request, Map.of(request.meshFile(), plan.get().text()));
            CompileResult compiled = rebound.hasErrors() ? rebound
                    : run(request, true, rebound, (System.nanoTime() - start) / 1_000_000);
            if (compiled.hasErrors()) {
                List<Diagnostic> all = new ArrayList<>(compiled.diagnostics());
                all.add(Diagnostic.error("Promote.Refused", mesh.environments()
                        .get(promotion.to()).at(), "promoting '" + promotion.to() + "' from '" + promotion.from()
                        + "' is refused, and " + mesh.at().file() + " and the tree are unchanged: the promoted mesh"
                        + " does not compile (the lines shown with its errors are those of " + mesh.at().file()
                        + " as promote would write it)", "wait for the soak, fix what is reported, or override a"
                        + " soak gate with a reason"));
                return new PromoteOutcome(new CompileResult(compiled.mesh(), all.stream().sorted().toList(),
                        compiled.sources(), compiled.summary()), plan, false);
            }
            pending.commit();
            return new PromoteOutcome(compiled, plan, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + request.meshFile(), e);
        }
    }

    /**
     * The tree is committed and Flux reads it by its path in the repository, so it must land inside the project: the
     * output, its staging folder and the previous tree beside it are judged where the file system puts them, every
     * symbolic link along the output's path followed ({@code deploy -> /elsewhere}).
     */
    private static Optional<Diagnostic> outputOutsideProject(CompileRequest request) {
        Path output = request.outputDirectory();
        Path project = request.projectDirectory();
        String hint = "set istiodsl.outputDirectory to a folder of the project, such as deploy/istio";
        if (!output.startsWith(project) || output.equals(project)) {
            return Optional.of(Diagnostic.error("Emit.OutputOutsideProject", null, "the output directory " + output
                    + " must be a folder inside the project " + project, hint));
        }
        Path real;
        try {
            real = RealPaths.of(output);
            if (RealPaths.strictlyInside(output, project)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow the links of the output directory " + output, e);
        }
        return Optional.of(Diagnostic.error("Emit.OutputOutsideProject", null, "the output directory "
                + project.relativize(output).toString().replace('\\', '/') + " leads, through a symbolic link, to "
                + real + ", which is not a folder inside the project " + project, "point the link at a folder"
                + " inside the project, or " + hint));
    }

    /**
     * Checks the mesh as {@code validate} does without expanding anything (bind and the rules on the DSL), each file of
     * {@code unsaved} read as the text given: the diagnostics an editor shows as the user types.
     */
    public CompileResult checkUnsaved(CompileRequest request, Map<Path, String> unsaved) {
        long start = System.nanoTime();
        CompileResult bound = bind(request, unsaved);
        if (bound.hasErrors()) {
            return bound;
        }
        return run(request.withValidation(request.validation().withExpand(false)), false, bound,
                (System.nanoTime() - start) / 1_000_000);
    }

    private CompileResult run(CompileRequest request, boolean write) {
        long start = System.nanoTime();
        CompileResult bound = bind(request);
        if (bound.hasErrors()) {
            return bound;
        }
        return run(request, write, bound, (System.nanoTime() - start) / 1_000_000);
    }

    private CompileResult run(CompileRequest request, boolean write, CompileResult bound, long bindMillis) {
        Optional<byte[]> lockBefore = Optional.empty();
        Optional<LockFile> lock = Optional.empty();
        if (write) {
            long start = System.nanoTime();
            Optional<byte[]> bytes = lockBytes(request);
            lockBefore = bytes;
            lock = bytes.flatMap(read -> parsedLock(request, read));
            Optional<CompileResult> unchanged = lock.flatMap(parsed -> unchanged(request, bound, bytes.get(),
                    parsed, bindMillis, start));
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
        }
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(bound.diagnostics());
        Mesh mesh = bound.mesh().orElseThrow();
        boolean expand = write || request.validation().expand();
        Pipeline pipeline = new Pipeline(request, expand ? Optional.of(istioctl.apply(request)) : Optional.empty(),
                charts, diagnostics);
        if (write) {
            pipeline.previousLock(lock); // read once, above, for the short cut
        }
        Optional<Pipeline.Built> built = expand ? Optional.of(pipeline.build(mesh)) : Optional.empty();
        built.ifPresent(b -> b.redactInto(bound.sources().redaction()::value));
        CompileSummary summary;
        if (write) {
            // Each environment is made, judged and written in turn: see Pipeline.emit.
            summary = pipeline.emit(mesh, bound.sources(), built.orElseThrow());
        } else {
            pipeline.validate(mesh, built);
            summary = pipeline.summary(built, Optional.empty());
        }
        List<Map.Entry<String, Long>> timings = new ArrayList<>();
        timings.add(Map.entry("bind", bindMillis));
        timings.addAll(summary.stageMillis());
        summary = new CompileSummary(summary.resources(), summary.istioctlBinaries(), summary.istioctlRuns(),
                summary.helmRenders(), summary.cacheHits(), summary.emitted(), timings);
        CompileResult result = new CompileResult(bound.mesh(), diagnostics.sorted(), bound.sources(),
                Optional.of(summary));
        if (write) {
            remember(request, bound, built.orElseThrow(), pipeline.soakKey(), result, lockBefore);
        }
        return result;
    }

    /** The bytes of the lock file of the tree on disk; nothing when there is none. */
    private static Optional<byte[]> lockBytes(CompileRequest request) {
        Path lock = request.outputDirectory().resolve(LockFile.FILE_NAME);
        if (!Files.isRegularFile(lock)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(lock));
        } catch (IOException e) {
            return Optional.empty(); // the compile reads it again, and says why it cannot
        }
    }

    /** The lock file's bytes, parsed; nothing when they do not parse (emit says why when it writes the tree). */
    private static Optional<LockFile> parsedLock(CompileRequest request, byte[] bytes) {
        try {
            return Optional.of(LockFile.read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                    request.outputDirectory().resolve(LockFile.FILE_NAME).toString()));
        } catch (EmitException e) {
            return Optional.empty();
        }
    }

    /**
     * A compile with nothing to do, answered without compiling: the lock on disk records exactly these sources
     * ({@link TreeVerifier#compiledFrom}, and the same istioctl binaries), no file of the tree was edited by hand or
     * moved behind a symbolic link ({@link TreeVerifier#laidOutAsWritten}), and the last compile that wrote this lock
     * left its diagnostics under the same key ({@link LastCompile}). Nothing is expanded, validated, rendered or
     * written; the diagnostics are that compile's. Empty when any of it does not hold: then the sources are compiled.
     */
    private Optional<CompileResult> unchanged(CompileRequest request, CompileResult bound, byte[] lockBytes,
            LockFile lock, long bindMillis, long start) {
        Path output = request.outputDirectory();
        Mesh mesh = bound.mesh().orElseThrow();
        String dsl = Pipeline.dslDigest(bound.sources());
        Optional<String> soak = Pipeline.soakKey(request);
        if (soak.isEmpty()) {
            return Optional.empty();
        }
        Optional<LastCompile.Replay> replay = LastCompile.read(request, LastCompile.key(request, dsl, lockBytes,
                soak.get()), !soak.get().equals(Pipeline.SOAK_INACTIVE));
        if (replay.isEmpty() || !TreeVerifier.compiledFrom(lock, mesh, dsl) || !sameIstioctl(request, lock)) {
            return Optional.empty();
        }
        String shown = request.projectDirectory().relativize(output).toString().replace('\\', '/');
        try {
            TreeVerifier tree = new TreeVerifier(output, shown);
            if (TreeEmitter.leftoversBeside(output) || !tree.laidOutAsWritten(lock)
                    || !tree.handEdits(lock).isEmpty()) {
                return Optional.empty();
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // the compile reads the tree again, and says what it cannot read
        }
        List<Map.Entry<String, Long>> timings = List.of(Map.entry("bind", bindMillis), Map.entry("unchanged",
                (System.nanoTime() - start) / 1_000_000));
        CompileSummary summary = new CompileSummary(replay.get().resources(), replay.get().binaries(), 0, 0, 0,
                Optional.of(new EmitResult(List.of(), List.of(), List.of(), lock.ownedFiles().size(), List.of())),
                timings);
        return Optional.of(new CompileResult(bound.mesh(), replay.get().diagnostics(), bound.sources(),
                Optional.of(summary)));
    }

    /**
     * Whether every istioctl binary the lock records ({@code istioctl/<version>}, a cluster's too) is the one this
     * compile would use: located as a compile locates it, its digest the same. Its version was remembered by the
     * compile that wrote the lock, so no istioctl runs.
     */
    private boolean sameIstioctl(CompileRequest request, LockFile lock) {
        Map<String, String> now = new TreeMap<>();
        IstioctlTool tool = null;
        for (LockFile.Environment env : lock.environments().values()) {
            for (Map.Entry<String, String> input : env.inputs().entrySet()) {
                String name = input.getKey();
                int at = name.lastIndexOf("istioctl/");
                if (at < 0 || at > 0 && name.charAt(at - 1) != '/') {
                    continue;
                }
                String version = name.substring(at + "istioctl/".length());
                if (!now.containsKey(version)) {
                    Optional<IstioVersion> parsed = IstioVersion.parse(version);
                    if (parsed.isEmpty()) {
                        return false;
                    }
                    tool = tool == null ? istioctl.apply(request) : tool;
                    try {
                        now.put(version, tool.identity(parsed.get()));
                    } catch (IstioctlTool.ExpandFailure e) {
                        return false;
                    }
                }
                if (!input.getValue().equals(now.get(version))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Keeps a compile's diagnostics for the next compile when that one could replay them: the compile found the tree
     * and the lock as it left them (so its rules compared with the tree the next compile sees: a file edited by hand
     * and restored was read as edited), no soak finding depends on the instant, and no source shows a secret value only
     * the expansion knows (the replay could not mask it in the source lines).
     */
    private static void remember(CompileRequest request, CompileResult bound, Pipeline.Built built,
            Optional<String> soak, CompileResult result, Optional<byte[]> lockBefore) {
        if (result.hasErrors() || soak.isEmpty() || lockBefore.isEmpty() || result.summary()
                .flatMap(CompileSummary::emitted).filter(emitted -> !emitted.changedAnything()).isEmpty()) {
            return;
        }
        Optional<byte[]> lockAfter = lockBytes(request);
        if (lockAfter.isEmpty() || !java.util.Arrays.equals(lockBefore.get(), lockAfter.get())) {
            return;
        }
        if (result.diagnostics().stream().anyMatch(d -> SoakGate.IDS.contains(d.id()))
                || LastCompile.sourcesShow(built.secretValues(), bound.sources())) {
            LastCompile.forget(request);
            return;
        }
        LastCompile.write(request, LastCompile.key(request, Pipeline.dslDigest(bound.sources()), lockAfter.get(),
                soak.get()), result);
    }
}
