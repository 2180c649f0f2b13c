package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.emit.EmitException;
import dev.istiodsl.emit.EmitResult;
import dev.istiodsl.emit.LockFile;
import dev.istiodsl.emit.Tree;
import dev.istiodsl.emit.TreeEmitter;
import dev.istiodsl.emit.TreeLayout;
import dev.istiodsl.emit.CanonicalYaml;
import dev.istiodsl.expand.ExpandStage;
import dev.istiodsl.expand.IstioctlAdapter;
import dev.istiodsl.expand.IstioctlTool;
import dev.istiodsl.expand.helm.ChartRenderer;
import dev.istiodsl.expand.download.HttpFetch;
import dev.istiodsl.expand.helm.ChartRepository;
import dev.istiodsl.expand.helm.HelmExpander;
import dev.istiodsl.expand.istioctl.IstioctlSettings;
import dev.istiodsl.flux.FluxLayout;
import dev.istiodsl.helmfile.HelmfileLayout;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.partition.Expansion;
import dev.istiodsl.partition.Namespaces;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Partitioner;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.promote.SoakGate;
import dev.istiodsl.promote.TreeHistory;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.transform.OverlayTransform;
import dev.istiodsl.validate.ValidateStage;
import dev.istiodsl.validate.VersionFacts;
import dev.istiodsl.validate.kubernetes.Identities;
import dev.istiodsl.validate.rules.Rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The stages after {@code bind}, composed per goal: expand, partition, transform ({@link #build}), validate, emit. */
final class Pipeline {

    private final CompileRequest request;
    private final Optional<IstioctlTool> istioctl;
    private final ChartRenderer charts;
    private final Diagnostics diagnostics;
    /** Milliseconds per stage, in the order the stages first ran; a stage run per environment adds up. */
    private final Map<String, Long> timings = new java.util.LinkedHashMap<>();
    /** Nanoseconds spent in stages run inside another (an environment made and judged while the tree is written). */
    private long nested;
    private Optional<String> soakKey = Optional.empty();
    /** The lock file of the tree on disk, once read ({@link #previousLock()}); null before. */
    private Optional<LockFile> previousLock;

    /** {@link #soakKey(Optional)} when there is no committed tree to measure soak gates against. */
    static final String SOAK_INACTIVE = "inactive";

    Pipeline(CompileRequest request, Optional<IstioctlTool> istioctl, ChartRenderer charts, Diagnostics diagnostics) {
        this.request = request;
        this.istioctl = istioctl;
        this.charts = charts;
        this.diagnostics = diagnostics;
    }

    static IstioctlTool realIstioctl(CompileRequest request) {
        IstioctlOptions options = request.istioctl();
        IstioctlSettings settings = IstioctlSettings.defaults(request.cacheDirectory(), options.pathVariable())
                .withPathSearch(options.searchPath(), options.pathVariable())
                .withOffline(options.offline())
                .withDownloadBaseUrl(options.downloadUrl())
                .withTimeout(options.timeout());
        if (options.directory().isPresent()) {
            settings = settings.withBinaryDirectory(options.directory().get());
        }
        for (Map.Entry<String, java.nio.file.Path> binary : options.binaries().entrySet()) {
            settings = settings.withConfiguredBinary(binary.getKey(), binary.getValue());
        }
        return new IstioctlAdapter(settings, request.projectDirectory());
    }

    /**
     * What the stages before {@code validate} make: the expansions, made at once, and each environment's placed
     * resources (partitioned and transformed), made when first asked for, so that a compile holds one environment's
     * resources at a time: it lets each go once its folder is written ({@link #release}). How many resources each
     * part has is kept for the summary, which outlives them.
     */
    static final class Built {
        private final ExpandStage.Result expanded;
        private final Mesh fleet;
        private final java.util.function.Function<Environment, Optional<List<Placed>>> maker;
        private final Map<String, List<Placed>> placed = new TreeMap<>();
        private final Set<String> made = new TreeSet<>();
        private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
        /** The values of the Secrets placed, kept once their environment is let go (few, and small). */
        private final Set<String> placedSecrets = new TreeSet<>();
        private java.util.function.Consumer<String> redaction = value -> { };
        private Set<ObjectNode> expandedBodies;
        private final List<java.util.function.BiConsumer<Environment, Optional<List<Placed>>>> listeners =
                new ArrayList<>();

        Built(ExpandStage.Result expanded, Mesh fleet,
                java.util.function.Function<Environment, Optional<List<Placed>>> maker) {
            this.expanded = expanded;
            this.fleet = fleet;
            this.maker = maker;
        }

        ExpandStage.Result expanded() {
            return expanded;
        }

        /**
         * Whether a body is one of the expansions': an environment places such a body itself when no overlay changed
         * it, and every environment with the same revision does the same, so its rendering and findings are kept.
         */
        boolean shared(ObjectNode body) {
            if (expandedBodies == null) {
                expandedBodies = Collections.newSetFromMap(new IdentityHashMap<>());
                expanded.expansions().values().forEach(list -> list.forEach(e -> e.resources()
                        .forEach(r -> expandedBodies.add(r.body()))));
            }
            return expandedBodies.contains(body);
        }

        Mesh fleet() {
            return fleet;
        }

        /**
         * Called with each environment as its resources are made (nothing when its expansion failed), before anyone
         * reads them; environments made already are handed over at once.
         */
        void onEach(java.util.function.BiConsumer<Environment, Optional<List<Placed>>> listener) {
            made.forEach(name -> listener.accept(fleet.environments().get(name),
                    Optional.ofNullable(placed.get(name))));
            listeners.add(listener);
        }

        /** An environment's placed resources, made now if they were not; nothing when its expansion failed. */
        Optional<List<Placed>> placedOf(Environment env) {
            if (made.add(env.name())) {
                Optional<List<Placed>> made = maker.apply(env);
                made.ifPresent(list -> {
                    placed.put(env.name(), list);
                    Map<String, Integer> perPart = new TreeMap<>();
                    list.forEach(p -> perPart.merge(p.part().path(), 1, Integer::sum));
                    counts.put(env.name(), perPart);
                    list.forEach(p -> Secrets.values(p.resource().body()).stream().filter(placedSecrets::add)
                            .forEach(redaction));
                });
                listeners.forEach(l -> l.accept(env, made));
            }
            return Optional.ofNullable(placed.get(env.name()));
        }

        /** Every environment's placed resources, all made now: for the goals that hold the whole tree anyway. */
        Map<String, List<Placed>> placed() {
            fleet.environments().values().forEach(this::placedOf);
            return placed;
        }

        Map<String, Map<String, Integer>> counts() {
            return counts;
        }

        /** Drops an environment's placed resources: nothing needs them once its folder is written. */
        void release(String environment) {
            placed.remove(environment);
        }

        /**
         * Hands {@code redaction} the values of every Secret expanded now, and of every Secret placed as each
         * environment is made: before any message is shown, since messages are shown once the run ends.
         */
        void redactInto(java.util.function.Consumer<String> redaction) {
            expandedSecretValues().forEach(redaction);
            placedSecrets.forEach(redaction);
            this.redaction = redaction;
        }

        /** The values of every Secret expanded, for the run's redaction. */
        List<String> expandedSecretValues() {
            List<String> out = new ArrayList<>();
            expanded.expansions().values().forEach(list -> list.forEach(e -> e.resources()
                    .forEach(r -> out.addAll(Secrets.values(r.body())))));
            return out;
        }

        /**
         * The values of every Secret expanded or placed, those of environments let go included, for the run's
         * redaction: every environment not made yet is made.
         */
        List<String> secretValues() {
            placed();
            List<String> out = expandedSecretValues();
            out.addAll(placedSecrets);
            return out;
        }
    }

    /**
     * Expand, for every environment and every cluster with settings that change its render ({@link Fleet}); then,
     * when each environment's resources are asked for, partition and transform them. An environment whose expansion
     * failed has none.
     */
    Built build(Mesh bound) {
        Mesh mesh = Fleet.of(bound);
        long start = System.nanoTime();
        VersionFacts facts = VersionFacts.shipped();
        IstioctlOptions options = request.istioctl();
        ChartRepository repository = new ChartRepository(request.cacheDirectory(), options.offline(),
                new HttpFetch(options.timeout()));
        HelmExpander helm = new HelmExpander(charts, version -> facts.minor(version)
                .flatMap(minor -> minor.kubernetesSupported().stream().min(Comparator.naturalOrder())),
                Optional.of(repository), options.chartRepository());
        ExpandStage.Result expanded = new ExpandStage(istioctl, helm, request.cacheDirectory(), diagnostics, 2)
                .expand(mesh);
        lap("expand", start);
        return new Built(expanded, mesh, env -> placed(mesh, env, expanded));
    }

    /** One environment's resources, partitioned and transformed; nothing when a revision of it failed to expand. */
    private Optional<List<Placed>> placed(Mesh mesh, Environment env, ExpandStage.Result expanded) {
        long start = System.nanoTime();
        List<Expansion> expansions = expanded.expansions().getOrDefault(env.name(), List.of());
        if (expansions.size() < env.revisions().size()) {
            // A revision failed to expand and said so; overlays over the rest would only echo that error.
            return Optional.empty();
        }
        List<Placed> placed = new Partitioner(diagnostics.in(env.name())).partition(mesh, env, expansions);
        start = add("partition", start);
        List<Overlay> overlays = env.overlays().stream().map(mesh.overlays()::get).toList();
        // After every overlay, so that no Namespace of the tree, whoever made it, lets Flux or Helm delete it.
        placed = Namespaces.kept(new OverlayTransform(diagnostics.in(env.name())).apply(env, overlays, placed));
        add("transform", start);
        return Optional.of(placed);
    }

    /** Stage {@code validate} over what was built, environment by environment, or over the DSL alone. */
    void validate(Mesh bound, Optional<Built> built) {
        Mesh mesh = built.map(Built::fleet).orElse(bound);
        try (Judge judge = new Judge(mesh, built.isPresent(), body -> true)) {
            for (Environment env : mesh.environments().values()) {
                judge.environment(env, built.flatMap(b -> b.placedOf(env)));
            }
            judge.finish();
        }
    }

    /**
     * One run of stage {@code validate}, taken one environment at a time as its resources are made; the history the
     * soak gates read stays open until it is closed.
     */
    private final class Judge implements AutoCloseable {
        private final ValidateStage.Session session;
        private final Optional<TreeHistory> history;

        /** @param shared the bodies environments share, whose findings are worth remembering */
        Judge(Mesh mesh, boolean expanded, java.util.function.Predicate<ObjectNode> shared) {
            long start = System.nanoTime();
            ValidateOptions options = request.validation();
            Rules rules = Rules.load(Pipeline.class.getClassLoader());
            Optional<TreeHistory> opened = Optional.empty();
            // Every environment needs it: a revision is removed only once no pod can still run it (Revision.*).
            try {
                opened = TreeHistory.open(request.outputDirectory(), options.soakBase());
                soakKey = Optional.of(soakKey(opened));
            } catch (TreeHistory.Problem e) {
                diagnostics.error("Promotion.NoBase", null, "the soak gates cannot be measured: " + e.getMessage(),
                        "fetch the base (git fetch origin main), or set istiodsl.soak.base to a commit this clone"
                                + " has");
            }
            history = opened;
            Optional<LockFile> previous = previousLock();
            clustersLeaving(mesh, previous);
            session = new ValidateStage(rules, VersionFacts.shipped(), options.today(),
                    new SoakGate(history, options.now())).rememberingOnly(shared).session(mesh, expanded, options.suppressions(),
                    previousInputs(previous), expanded ? previousNamespaces(previous) : Map.of());
            add("validate", start);
        }

        void environment(Environment env, Optional<List<Placed>> placed) {
            long start = System.nanoTime();
            placed.ifPresent(p -> ValidateStage.prepare(Map.of(env.name(), p)));
            diagnostics.addAll(session.environment(env, placed));
            add("validate", start);
        }

        void finish() {
            long start = System.nanoTime();
            diagnostics.addAll(session.finish());
            add("validate", start);
        }

        @Override
        public void close() {
            history.ifPresent(TreeHistory::close);
        }
    }

    /**
     * What the soak gates of this run were measured against ({@link #soakKey(Optional)}); empty before
     * {@link #validate}, or when the history could not be read.
     */
    Optional<String> soakKey() {
        return soakKey;
    }

    /**
     * What the soak gates ({@code Promotion.SoakNotMet}, {@code Revision.RemovedWhileInUse}) depend on besides the
     * mesh and the instant: {@code inactive} when no committed tree is there to measure against, else the base commit,
     * whose first-parent history is fixed.
     */
    static String soakKey(Optional<TreeHistory> history) {
        return history.filter(TreeHistory::treeCommitted).map(h -> "base " + h.base().id()).orElse(SOAK_INACTIVE);
    }

    /** {@link #soakKey(Optional)} of the output's history now; empty when it cannot be read (compile reports why). */
    static Optional<String> soakKey(CompileRequest request) {
        try {
            Optional<TreeHistory> history = TreeHistory.open(request.outputDirectory(),
                    request.validation().soakBase());
            try {
                return Optional.of(soakKey(history));
            } finally {
                history.ifPresent(TreeHistory::close);
            }
        } catch (TreeHistory.Problem e) {
            return Optional.empty();
        }
    }

    /** The lock file of the tree on disk, as the caller read it already; {@link #previousLock()} reads it no more. */
    void previousLock(Optional<LockFile> lock) {
        previousLock = lock;
    }

    /** The lock file of the tree on disk; nothing when there is none or it is unreadable. */
    private Optional<LockFile> previousLock() {
        if (previousLock == null) {
            previousLock = readLock();
        }
        return previousLock;
    }

    private Optional<LockFile> readLock() {
        Path lock = request.outputDirectory().resolve(LockFile.FILE_NAME);
        if (!Files.isRegularFile(lock)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LockFile.read(lock));
        } catch (IOException | EmitException e) {
            return Optional.empty(); // emit reports a broken lock file, with its reason, when it writes the tree
        }
    }

    /**
     * {@code Cluster.Removed}: a cluster whose Flux entry point, {@code <env>/clusters/<cluster>/kustomization.yaml},
     * the tree on disk has, and which is no cluster of that environment any more. Its Flux then finds no path: it
     * applies nothing more and deletes nothing, so what it applied stays in the cluster, unmanaged. Said once, by the
     * compile that makes the change, as the namespaces that leave the tree are.
     */
    private void clustersLeaving(Mesh mesh, Optional<LockFile> previous) {
        if (previous.isEmpty()) {
            return;
        }
        Map<String, String> environmentOf = new TreeMap<>();
        mesh.environments().values().stream().filter(env -> Fleet.base(env.name()).isEmpty())
                .forEach(env -> env.clusters().forEach(c -> environmentOf.put(c, env.name())));
        previous.get().environments().forEach((name, recorded) -> {
            Environment env = mesh.environments().get(name);
            if (env == null) {
                return;
            }
            recorded.files().keySet().stream().filter(path -> path.startsWith(Fleet.CLUSTERS.substring(1))
                    && path.endsWith("/kustomization.yaml") && path.chars().filter(c -> c == '/').count() == 2)
                    .map(path -> path.substring(Fleet.CLUSTERS.length() - 1, path.lastIndexOf('/')))
                    .filter(cluster -> !env.clusters().contains(cluster))
                    .forEach(cluster -> {
                        String movedTo = environmentOf.get(cluster);
                        String entry = name + Fleet.CLUSTERS + cluster + "/";
                        diagnostics.warning("Cluster.Removed", env.at(), "cluster '" + cluster + "' "
                                + (movedTo == null ? "leaves environment '" + name + "'"
                                        : "moves from environment '" + name + "' to '" + movedTo + "'")
                                + ": its entry point " + entry + " leaves the tree, and what that cluster's Flux"
                                + " applied from it stays as it is, unmanaged (Flux finds no path to reconcile and"
                                + " deletes nothing)", movedTo == null
                                        ? "point that cluster's Flux elsewhere, or uninstall what it applied yourself"
                                        : "point that cluster's Flux at " + movedTo + Fleet.CLUSTERS + cluster
                                                + "/ in the same change");
                    });
        });
    }

    /** What the lock file of the tree on disk recorded per environment. */
    private static Map<String, Map<String, String>> previousInputs(Optional<LockFile> lock) {
        Map<String, Map<String, String>> inputs = new TreeMap<>();
        lock.ifPresent(l -> l.environments().forEach((env, recorded) -> inputs.put(env, recorded.inputs())));
        return inputs;
    }

    /**
     * Per environment, the Namespaces of the tree on disk, by name: the Namespace files its lock lists, as they are
     * now. Like the inputs {@code Upgrade.Downgrade} reads, this is what the compile replaces; and a compile that
     * reports an error leaves the tree as it was, so an error about it holds until it is dealt with. Read only when
     * the revisions are expanded: the rules that compare with them judge nothing else.
     */
    private Map<String, Map<String, JsonNode>> previousNamespaces(Optional<LockFile> onDisk) {
        Map<String, Map<String, JsonNode>> out = new TreeMap<>();
        onDisk.ifPresent(lock -> lock.environments().forEach((env, recorded) -> recorded.files().keySet().stream()
                .filter(Namespaces::isNamespaceFile)
                .forEach(path -> namespaceIn(request.outputDirectory().resolve(env).resolve(path))
                        .ifPresent(ns -> out.computeIfAbsent(env, e -> new TreeMap<>())
                                .put(ns.path("metadata").path("name").asText(), ns)))));
        return out;
    }

    /** The one Namespace a tree file holds; nothing when it is gone or holds anything else (edited, say). */
    private static Optional<JsonNode> namespaceIn(Path file) {
        try {
            List<JsonNode> documents = Yaml.readDocuments(Files.readString(file, StandardCharsets.UTF_8));
            return documents.size() == 1 && "Namespace".equals(documents.get(0).path("kind").asText())
                    ? Optional.of(documents.get(0)) : Optional.empty();
        } catch (IOException | Yaml.Problem e) {
            return Optional.empty();
        }
    }

    /**
     * Validates, then writes, the tree, its Flux or Helmfile layout and lock file, swapped in when no stage reported
     * an error. One environment's folder at a time is made (partitioned and transformed), judged, rendered and handed
     * to the emitter, which writes what changed and keeps only paths and digests, and then let go: neither the whole
     * tree nor every environment's resources are ever in memory at once.
     */
    CompileSummary emit(Mesh mesh, SourceSet sources, Built built) {
        long start = System.nanoTime();
        long before = nested;
        Optional<EmitResult> emitted = Optional.empty();
        try (Judge judge = new Judge(built.fleet(), true, built::shared)) {
            built.onEach(judge::environment);
            emitted = written(mesh, sources, built, judge);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + request.outputDirectory(), e);
        }
        long own = System.nanoTime() - start - (nested - before);
        timings.merge("emit", own / 1_000_000, Long::sum);
        return summary(Optional.of(built), emitted);
    }

    /**
     * The tree rendered into the emitter, and swapped in unless a stage reported an error or the emitter refused.
     * After an error, the rest is still made, judged and rendered for what they report, and the staging folder goes.
     */
    private Optional<EmitResult> written(Mesh mesh, SourceSet sources, Built built, Judge judge) throws IOException {
        Optional<TreeEmitter.Staging> opened = Optional.empty();
        try {
            opened = diagnostics.hasErrors() ? Optional.empty()
                    : Optional.of(new TreeEmitter().open(request.outputDirectory()));
        } catch (EmitException e) {
            diagnostics.error("Emit.Refused", null, e.getMessage(), null);
        }
        if (opened.isEmpty()) {
            render(mesh, sources, built, folder -> { }, true);
            allJudged(built, judge);
            return Optional.empty();
        }
        try (TreeEmitter.Staging staging = opened.get()) {
            List<EmitException> refused = new ArrayList<>();
            LockFile.Inputs inputs = render(mesh, sources, built, folder -> {
                if (refused.isEmpty() && !diagnostics.hasErrors()) {
                    try {
                        staging.add(folder);
                    } catch (EmitException e) {
                        refused.add(e);
                    }
                }
            }, true);
            allJudged(built, judge);
            refused.forEach(e -> diagnostics.error("Emit.Refused", null, e.getMessage(), null));
            return diagnostics.hasErrors() ? Optional.empty() : Optional.of(staging.finish(inputs));
        }
    }

    /** Judges the environments rendering did not ask for, then what is said once per run. */
    private static void allJudged(Built built, Judge judge) {
        built.fleet().environments().values().forEach(built::placedOf);
        judge.finish();
    }

    /** Takes the tree one environment's folder at a time. */
    @FunctionalInterface
    interface Folders {
        void accept(Tree folder) throws IOException;
    }

    /** The tree as it would be written, and the inputs its lock file records. */
    record Rendered(Tree tree, LockFile.Inputs inputs) {
    }

    /** The whole tree in memory, for tests; compile, verify and diff take it folder by folder. */
    Rendered render(Mesh bound, SourceSet sources, Built built) {
        Tree.Builder all = Tree.builder();
        LockFile.Inputs inputs;
        try {
            inputs = render(bound, sources, built, folder -> folder.paths()
                    .forEach(path -> all.add(path, folder.bytes(path), "rendered")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(all.build(), inputs);
    }

    /**
     * The files of every environment and its Flux or Helmfile layout, handed to {@code folders} one environment's
     * folder at a time (an environment with the clusters that have their own render, since those folders are inside
     * its own), in the order of the folders' names: what {@code emit} writes, and verify and diff compare. Returns
     * the inputs the lock file records.
     */
    LockFile.Inputs render(Mesh bound, SourceSet sources, Built built, Folders folders) throws IOException {
        return render(bound, sources, built, folders, false);
    }

    /** @param release whether each environment's placed resources go once its folder is handed on */
    private LockFile.Inputs render(Mesh bound, SourceSet sources, Built built, Folders folders, boolean release)
            throws IOException {
        Mesh mesh = built.fleet();
        Map<String, Map<String, String>> inputs = new TreeMap<>();
        String dsl = dslDigest(sources);
        String treePath = request.projectDirectory().relativize(request.outputDirectory()).toString()
                .replace('\\', '/');
        Set<String> withClusterRenders = mesh.environments().keySet().stream().map(Fleet::base)
                .flatMap(Optional::stream).collect(Collectors.toSet());
        // A body of an expansion that no overlay changed is rendered once, for every environment that places it.
        Tree.Renderings renderings = new Tree.Renderings(built::shared);
        Map<String, List<Environment>> byFolder = new TreeMap<>();
        mesh.environments().values().forEach(env -> byFolder.computeIfAbsent(Fleet.base(env.name())
                .orElse(env.name()), k -> new ArrayList<>()).add(env));
        for (List<Environment> group : byFolder.values()) {
            Tree.Builder tree = Tree.builder(renderings);
            renderFolder(mesh, group, built, tree, treePath, withClusterRenders);
            for (Environment env : group) {
                lockInputs(env, built.expanded(), dsl, inputs);
                if (release) {
                    built.release(env.name());
                }
            }
            folders.accept(tree.build());
        }
        return LockFile.Inputs.of(inputs);
    }

    /**
     * One environment's folder: its own files, and those of the clusters with their own render, which come after it
     * ({@code prod} before {@code prod/clusters/prod-eu-1}).
     */
    private void renderFolder(Mesh mesh, List<Environment> group, Built built,
            Tree.Builder tree, String treePath, Set<String> withClusterRenders) {
        Map<String, Map<Part, List<String>>> written = new TreeMap<>();
        // The environment's helmfile.yaml is written once its clusters' own charts are known.
        Map<String, SortedMap<Part, SortedSet<String>>> helmfiles = new TreeMap<>();
        Map<String, Map<Part, SortedSet<String>>> ownCharts = new TreeMap<>();
        for (Environment env : group) {
            Optional<String> base = Fleet.base(env.name());
            List<Placed> placed = built.placedOf(env).orElse(List.of()).stream()
                    .sorted(Comparator.comparing(Placed::part).thenComparing(p -> p.resource().id())).toList();
            // Only an environment with clusters of their own render, and those clusters, compare their parts' texts.
            boolean compared = base.isPresent() || withClusterRenders.contains(env.name());
            Map<Part, List<String>> texts = compared ? texts(placed) : Map.of();
            written.put(env.name(), texts);
            // A cluster's part that is the same as its environment's is served from the environment's folder.
            Map<Part, String> shared = new TreeMap<>();
            base.ifPresent(b -> texts.forEach((part, text) -> {
                if (text.equals(written.getOrDefault(b, Map.of()).get(part))) {
                    shared.put(part, b);
                }
            }));
            SortedMap<Part, SortedSet<String>> files = new TreeMap<>();
            for (Placed p : placed) {
                if (Identities.problem(p.resource().id()).isPresent()) {
                    continue; // validate reported it: no file of the tree can be named after it
                }
                String folder = shared.getOrDefault(p.part(), env.name());
                // A cluster's folder, prod/clusters/prod-eu-1, is inside its environment's.
                String top = Fleet.base(folder).orElse(folder);
                String part = folder.equals(top) ? p.part().path() : folder.substring(top.length() + 1) + "/"
                        + p.part().path();
                if (folder.equals(env.name())) {
                    try {
                        tree.addResource(top, part, p.resource());
                    } catch (IllegalStateException e) {
                        diagnostics.in(env.name()).error("Emit.PathCollision", env.at(), e.getMessage(), null);
                        continue;
                    }
                }
                String path = TreeLayout.path(top, part, p.resource().id());
                files.computeIfAbsent(p.part(), k -> new TreeSet<>()).add(path.substring(folder.length() + 1));
            }
            String names = base.orElse(env.name());
            if (env.output() == OutputFormat.FLUX) {
                Map<Part, List<dev.istiodsl.resource.Resource>> contents = placed.stream().collect(
                        Collectors.groupingBy(Placed::part, TreeMap::new,
                                Collectors.mapping(Placed::resource, Collectors.toList())));
                fluxFiles(tree, env, new FluxLayout(treePath, env.flux()).files(env.name(), names, files, shared,
                        env.tags(), contents));
                if (base.isEmpty()) {
                    clusterEntryPoints(tree, mesh, env, treePath, files, contents);
                }
            } else if (env.output() == OutputFormat.HELMFILE && base.isEmpty()) {
                helmfiles.put(env.name(), files);
            } else if (env.output() == OutputFormat.HELMFILE) {
                // A cluster's parts that differ are charts of its own, which its Helmfile environment releases.
                String cluster = env.clusters().get(0);
                Set<Part> own = new TreeSet<>(files.keySet());
                own.removeAll(shared.keySet());
                own.forEach(part -> ownCharts.computeIfAbsent(base.get(), k -> new TreeMap<>())
                        .computeIfAbsent(part, k -> new TreeSet<>()).add(cluster));
                new HelmfileLayout().clusterCharts(base.get(), cluster, own)
                        .forEach((path, text) -> tree.add(path, text, "istiodsl helmfile layout"));
            }
        }
        helmfiles.forEach((name, files) -> {
            Environment env = mesh.environments().get(name);
            new HelmfileLayout().files(name, files, env.tags(), env.clusters(), ownCharts.getOrDefault(name, Map.of()))
                    .forEach((path, text) -> tree.add(path, text, "istiodsl helmfile layout"));
        });
    }

    /** What the lock file records of an environment: a cluster's inputs are its environment's, under its name. */
    private static void lockInputs(Environment env, ExpandStage.Result expanded, String dsl,
            Map<String, Map<String, String>> inputs) {
        Optional<String> base = Fleet.base(env.name());
        String lockedAs = base.orElse(env.name());
        String prefix = base.isPresent() ? env.name().substring(lockedAs.length() + 1) + "/" : "";
        Map<String, String> envInputs = inputs.computeIfAbsent(lockedAs, k -> new TreeMap<>());
        if (base.isEmpty() && envInputs.putIfAbsent("dsl", dsl) != null) {
            throw new IllegalStateException("environment " + env.name() + " has the input dsl twice");
        }
        for (Map.Entry<String, String> input : expanded.inputs().getOrDefault(env.name(), Map.of()).entrySet()) {
            envInputs.put(prefix + input.getKey(), input.getValue());
        }
    }

    /**
     * {@code <env>/clusters/<cluster>/kustomization.yaml} for each cluster of a Flux environment: its own tree's Flux
     * objects when it has one, Flux objects of its own over the environment's parts when only its Flux settings
     * differ, else the environment's.
     */
    private void clusterEntryPoints(Tree.Builder tree, Mesh mesh, Environment env, String treePath,
            SortedMap<Part, SortedSet<String>> files, Map<Part, List<dev.istiodsl.resource.Resource>> contents) {
        for (dev.istiodsl.model.Cluster cluster : env.clusterSettings().values()) {
            String folder = env.name() + Fleet.CLUSTERS + cluster.name();
            boolean own = mesh.environments().containsKey(folder);
            if (!own && !cluster.flux().equals(env.flux())) {
                Map<Part, String> shared = new TreeMap<>();
                files.keySet().forEach(part -> shared.put(part, env.name()));
                fluxFiles(tree, env, new FluxLayout(treePath, cluster.flux()).files(folder, env.name(), files,
                        shared, env.tags(), contents));
                own = true;
            }
            tree.add(folder + "/kustomization.yaml", CanonicalYaml.write(FluxLayout.entryPoint(own)),
                    "istiodsl flux layout");
        }
    }

    private void fluxFiles(Tree.Builder tree, Environment env, FluxLayout.Files flux) {
        flux.files().forEach((path, body) -> tree.add(path, CanonicalYaml.write(body), "istiodsl flux layout"));
        flux.unmatched().forEach(check -> diagnostics.in(env.name()).error("Flux.HealthCheckNotInTree",
                check.at(), "the health check " + check.kind() + " " + check.namespace().map(ns -> ns + "/")
                        .orElse("") + check.name() + " names no object of environment '" + env.name()
                        + "'s tree", "name an object the tree applies; Flux would wait for it for ever"));
    }

    /** Each part's files as they would be written, to see whether a cluster's part is its environment's. */
    private static Map<Part, List<String>> texts(List<Placed> placed) {
        Map<Part, List<String>> out = new TreeMap<>();
        for (Placed p : placed) {
            out.computeIfAbsent(p.part(), k -> new ArrayList<>()).add(p.resource().id() + "\n" + p.resource()
                    .verbatim().orElseGet(() -> CanonicalYaml.write(p.resource().body())));
        }
        return out;
    }

    /** What the log shows of a run that stopped before emitting, or of one that emitted. */
    CompileSummary summary(Optional<Built> built, Optional<EmitResult> emitted) {
        Map<String, Map<String, Integer>> counts = built.map(Built::counts).orElse(Map.of());
        Map<String, String> binaries = built.map(b -> b.expanded().binaries()).orElse(Map.of());
        int runs = built.map(b -> b.expanded().istioctlRuns()).orElse(0);
        int renders = built.map(b -> b.expanded().helmRenders()).orElse(0);
        int hits = built.map(b -> b.expanded().cacheHits()).orElse(0);
        return new CompileSummary(counts, binaries, runs, renders, hits, emitted, timings.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /**
     * One digest of every source file and every file the sources name (operator, patch and resource files), by name:
     * the DSL side of the lock file. A change to any of them changes it.
     */
    static String dslDigest(SourceSet sources) {
        StringBuilder all = new StringBuilder();
        sources.files().stream().sorted(Comparator.comparing(SourceFile::displayName)).forEach(file -> all
                .append(file.displayName()).append('\n').append(LockFile.sha256(file.text()
                        .getBytes(StandardCharsets.UTF_8))).append('\n'));
        sources.data().forEach((name, digest) -> {
            if (sources.get(name).isEmpty()) {
                all.append(name).append('\n').append("sha256:").append(digest).append('\n');
            }
        });
        return LockFile.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long lap(String stage, long since) {
        long now = System.nanoTime();
        timings.merge(stage, (now - since) / 1_000_000, Long::sum);
        return now;
    }

    /** Like {@link #lap}, for a stage that runs inside another, which does not count it as its own. */
    private long add(String stage, long since) {
        long now = System.nanoTime();
        nested += now - since;
        timings.merge(stage, (now - since) / 1_000_000, Long::sum);
        return now;
    }
}
