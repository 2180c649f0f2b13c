package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final List<Map.Entry<String, Long>> timings = new ArrayList<>();
    private Optional<String> soakKey = Optional.empty();

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

    /** What the stages before {@code validate} made: the expansions, and each environment's placed resources. */
    record Built(ExpandStage.Result expanded, Map<String, List<Placed>> placed, Mesh fleet) {

        /** The values of every Secret expanded or placed, for the run's redaction. */
        List<String> secretValues() {
            List<String> out = new ArrayList<>();
            expanded.expansions().values().forEach(list -> list.forEach(e -> e.resources()
                    .forEach(r -> out.addAll(Secrets.values(r.body())))));
            placed.values().forEach(list -> list.forEach(p -> out.addAll(Secrets.values(p.resource().body()))));
            return out;
        }
    }

    /**
     * Expand, partition, transform, for every environment and every cluster with settings that change its render
     * ({@link Fleet}). Environments whose expansion failed are left out of {@code placed}.
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
        start = lap("expand", start);

        Map<String, List<Placed>> placedByEnv = new TreeMap<>();
        for (Environment env : mesh.environments().values()) {
            List<Expansion> expansions = expanded.expansions().getOrDefault(env.name(), List.of());
            if (expansions.size() < env.revisions().size()) {
                // A revision failed to expand and said so; overlays over the rest would only echo that error.
                continue;
            }
            placedByEnv.put(env.name(), new Partitioner(diagnostics.in(env.name())).partition(mesh, env, expansions));
        }
        start = lap("partition", start);

        for (Environment env : mesh.environments().values()) {
            if (!placedByEnv.containsKey(env.name())) {
                continue;
            }
            List<Overlay> overlays = env.overlays().stream().map(mesh.overlays()::get).toList();
            // After every overlay, so that no Namespace of the tree, whoever made it, lets Flux or Helm delete it.
            placedByEnv.put(env.name(), Namespaces.kept(new OverlayTransform(diagnostics.in(env.name())).apply(env,
                    overlays, placedByEnv.get(env.name()))));
        }
        lap("transform", start);
        return new Built(expanded, placedByEnv, mesh);
    }

    /** Stage {@code validate} over what was built, or over the DSL alone when nothing was. */
    void validate(Mesh bound, Optional<Built> built) {
        Mesh mesh = built.map(Built::fleet).orElse(bound);
        long start = System.nanoTime();
        built.ifPresent(b -> ValidateStage.prepare(b.placed()));
        ValidateOptions options = request.validation();
        Rules rules = Rules.load(Pipeline.class.getClassLoader());
        Optional<TreeHistory> history = Optional.empty();
        // Every environment needs it: a revision is removed only once no pod can still run it (Revision.*).
        try {
            history = TreeHistory.open(request.outputDirectory(), options.soakBase());
            soakKey = Optional.of(soakKey(history));
        } catch (TreeHistory.Problem e) {
            diagnostics.error("Promotion.NoBase", null, "the soak gates cannot be measured: " + e.getMessage(),
                    "fetch the base (git fetch origin main), or set istiodsl.soak.base to a commit this clone"
                            + " has");
        }
        try {
            SoakGate soak = new SoakGate(history, options.now());
            Optional<LockFile> previous = previousLock();
            diagnostics.addAll(new ValidateStage(rules, VersionFacts.shipped(), options.today(), soak).validate(mesh,
                    built.map(Built::placed).orElse(Map.of()), built.isPresent(), options.suppressions(),
                    previousInputs(previous), built.isPresent() ? previousNamespaces(previous) : Map.of()));
        } finally {
            history.ifPresent(TreeHistory::close);
        }
        lap("validate", start);
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

    /** The lock file of the tree on disk; nothing when there is none or it is unreadable. */
    private Optional<LockFile> previousLock() {
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

    /** The tree, its Flux or Helmfile layout and lock file, swapped in when no stage reported an error. */
    CompileSummary emit(Mesh mesh, SourceSet sources, Built built) {
        long start = System.nanoTime();
        Rendered rendered = render(mesh, sources, built);
        Optional<EmitResult> emitted = Optional.empty();
        if (!diagnostics.hasErrors()) {
            try {
                emitted = Optional.of(new TreeEmitter().emit(rendered.tree(), rendered.inputs(),
                        request.outputDirectory()));
            } catch (EmitException e) {
                diagnostics.error("Emit.Refused", null, e.getMessage(), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + request.outputDirectory(), e);
            }
        }
        lap("emit", start);
        return summary(Optional.of(built), emitted);
    }

    /** The tree as it would be written, and the inputs its lock file records. */
    record Rendered(Tree tree, LockFile.Inputs inputs) {
    }

    /**
     * The files of every environment and its Flux or Helmfile layout, in memory: what {@code emit} writes, and verify
     * compares.
     */
    Rendered render(Mesh bound, SourceSet sources, Built built) {
        Mesh mesh = built.fleet();
        ExpandStage.Result expanded = built.expanded();
        Map<String, List<Placed>> placedByEnv = built.placed();
        Tree.Builder tree = Tree.builder();
        Map<String, Map<String, String>> inputs = new TreeMap<>();
        String dsl = dslDigest(sources);
        String treePath = request.projectDirectory().relativize(request.outputDirectory()).toString()
                .replace('\\', '/');
        Map<String, Map<Part, List<String>>> written = new TreeMap<>();
        // An environment's helmfile.yaml is written once its clusters' own charts are known.
        Map<String, SortedMap<Part, SortedSet<String>>> helmfiles = new TreeMap<>();
        Map<String, Map<Part, SortedSet<String>>> ownCharts = new TreeMap<>();
        Set<String> withClusterRenders = mesh.environments().keySet().stream().map(Fleet::base)
                .flatMap(Optional::stream).collect(Collectors.toSet());
        for (Environment env : mesh.environments().values()) {
            Optional<String> base = Fleet.base(env.name());
            List<Placed> placed = placedByEnv.getOrDefault(env.name(), List.of()).stream()
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
        helmfiles.forEach((name, files) -> {
            Environment env = mesh.environments().get(name);
            new HelmfileLayout().files(name, files, env.tags(), env.clusters(), ownCharts.getOrDefault(name, Map.of()))
                    .forEach((path, text) -> tree.add(path, text, "istiodsl helmfile layout"));
        });
        return new Rendered(tree.build(), LockFile.Inputs.of(inputs));
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
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        built.ifPresent(b -> b.placed().forEach((env, placed) -> {
            Map<String, Integer> perPart = new TreeMap<>();
            placed.forEach(p -> perPart.merge(p.part().path(), 1, Integer::sum));
            counts.put(env, perPart);
        }));
        Map<String, String> binaries = built.map(b -> b.expanded().binaries()).orElse(Map.of());
        int runs = built.map(b -> b.expanded().istioctlRuns()).orElse(0);
        int renders = built.map(b -> b.expanded().helmRenders()).orElse(0);
        int hits = built.map(b -> b.expanded().cacheHits()).orElse(0);
        return new CompileSummary(counts, binaries, runs, renders, hits, emitted, List.copyOf(timings));
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
        timings.add(new AbstractMap.SimpleImmutableEntry<>(stage, (now - since) / 1_000_000));
        return now;
    }
}
