package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Cluster;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.EnvironmentLocations;
import dev.istiodsl.model.FluxSettings;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.model.Promotion;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.model.SetPath;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.parse.Ast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Binds environments: folds mesh defaults and {@code extends} into each one, checks the promotion chain, and checks
 * every tag and namespace binding against the revisions the environment runs.
 */
final class EnvironmentBinder {

    static final Set<String> SINGLE = Set.of("kubernetes", "output", "namespace", "hub", "flux");
    static final Set<String> LISTS = Set.of("clusters", "revisions", "overlays", "gateways", "pullSecrets");

    /** Ten years: a longer soak is a typo, and the soak gate measures it back from today through git history. */
    static final java.time.Duration MAX_SOAK = java.time.Duration.ofDays(3650);

    /** Mesh-wide defaults every environment starts from. */
    record Defaults(Optional<KubernetesVersion> kubernetes, OutputFormat output, String namespace, Optional<String> hub,
            List<String> pullSecrets, List<String> overlays, Map<String, Ast.Tag> tags, Set<String> declaredTags,
            FluxSettings flux) {
    }

    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final Defaults defaults;
    private final Set<String> revisions;
    private final Map<String, Gateway> gateways;
    private final Set<String> overlays;
    private final Map<String, Ast.Environment> declared;
    private final Map<String, Optional<Environment>> bound = new TreeMap<>();
    /** Where each environment writes a {@code flux { }} setting of its own. */
    private final Map<String, SourceLocation> ownFlux = new TreeMap<>();
    /** Every tag name declared anywhere, valid or not, so references to a broken tag are not reported twice. */
    private final Set<String> declaredTags = new HashSet<>();
    /** Clusters whose clusterName a later value or set took away: reported where that was written. */
    private final Set<String> unnamedAsReported = new HashSet<>();

    EnvironmentBinder(Diagnostics diagnostics, ValueReader values, Defaults defaults, Set<String> revisions,
            Map<String, Gateway> gateways, Set<String> overlays, Map<String, Ast.Environment> declared) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.defaults = defaults;
        this.revisions = revisions;
        this.gateways = gateways;
        this.overlays = overlays;
        this.declared = declared;
        declaredTags.addAll(defaults.declaredTags());
        declared.values().forEach(env -> env.tags().forEach(tag -> declaredTags.add(tag.name().text())));
    }

    Map<String, Environment> bindAll() {
        Set<String> inExtendsCycle = cycles(e -> e.extendsName(), "Bind.ExtendsCycle", "extend",
                "an environment cannot inherit from itself; break the cycle");
        cycles(e -> e.after(), "Bind.PromotionCycle", "promote after",
                "a promotion chain runs one way, test -> staging -> prod; break the cycle");
        Map<String, Environment> result = new TreeMap<>();
        for (String name : declared.keySet()) {
            if (!inExtendsCycle.contains(name)) {
                bind(name).ifPresent(env -> result.put(name, env));
            }
        }
        uniqueClusters(result);
        unusedFluxSettings(result);
        return result;
    }

    /**
     * An environment's own {@code flux { }} setting is read by its Flux objects and by those of the environments
     * that extend it: when none of them writes Flux output, no Flux object reads it.
     */
    private void unusedFluxSettings(Map<String, Environment> environments) {
        if (environments.size() < declared.size()) {
            return; // an environment that is not bound may extend one and write Flux output
        }
        ownFlux.forEach((name, at) -> {
            Environment env = environments.get(name);
            if (env == null || env.output() == OutputFormat.FLUX) {
                return;
            }
            boolean readByAnother = environments.values().stream().anyMatch(other -> other.output()
                    == OutputFormat.FLUX && extendsFrom(other, name, environments));
            if (!readByAnother) {
                unusedFlux(at, "environment '" + name + "'", "it writes " + outputName(env.output())
                        + " output, and no environment that extends it writes Flux output");
            }
        });
    }

    private static boolean extendsFrom(Environment env, String ancestor, Map<String, Environment> environments) {
        Set<String> seen = new HashSet<>();
        Optional<String> parent = env.extendsFrom();
        while (parent.isPresent() && seen.add(parent.get())) {
            if (parent.get().equals(ancestor)) {
                return true;
            }
            parent = Optional.ofNullable(environments.get(parent.get())).flatMap(Environment::extendsFrom);
        }
        return false;
    }

    private void unusedFlux(SourceLocation at, String owner, String reason) {
        diagnostics.warning("Bind.UnusedSetting", at, "the flux settings of " + owner + " reach no Flux object: "
                + reason, "remove the `flux` setting, or write `output flux`");
    }

    private static String outputName(OutputFormat output) {
        return output == OutputFormat.HELMFILE ? "Helmfile" : "plain";
    }

    /**
     * The mesh identity of the clusters agrees: one {@code meshID} for the whole mesh (istiod trusts and load-balances
     * across the clusters of one mesh), and a {@code clusterName} for each cluster of its own (istiod tells the
     * clusters' endpoints apart by it). Each later disagreement is reported where it is written.
     */
    private void consistentIdentity(List<Cluster> clusters) {
        Optional<Cluster> firstMesh = Optional.empty();
        Map<String, Cluster> byName = new TreeMap<>();
        for (Cluster cluster : clusters) {
            if (cluster.meshId().isPresent()) {
                if (firstMesh.isEmpty()) {
                    firstMesh = Optional.of(cluster);
                } else if (!firstMesh.get().meshId().equals(cluster.meshId())) {
                    diagnostics.error("Bind.ClusterIdentity", cluster.at(), "cluster '" + cluster.name()
                            + "' has meshID '" + cluster.meshId().get() + "', but cluster '" + firstMesh.get().name()
                            + "' (line " + firstMesh.get().at().line() + ") has '" + firstMesh.get().meshId().get()
                            + "'", "the clusters of one mesh share one meshID");
                }
            }
            if (cluster.clusterName().isPresent()) {
                Cluster same = byName.putIfAbsent(cluster.clusterName().get(), cluster);
                if (same != null) {
                    diagnostics.error("Bind.ClusterIdentity", cluster.at(), "clusters '" + same.name() + "' and '"
                            + cluster.name() + "' have the same clusterName '" + cluster.clusterName().get() + "'",
                            "istiod tells clusters apart by their clusterName: give each its own");
                }
            }
        }
    }

    /** A cluster runs one environment's tree: a name in two environments is reported where it is written second. */
    private void uniqueClusters(Map<String, Environment> environments) {
        Map<String, Environment> owner = new TreeMap<>();
        List<Cluster> all = new ArrayList<>();
        environments.values().forEach(env -> all.addAll(env.clusterSettings().values()));
        all.sort(Comparator.comparing((Cluster c) -> c.at().file())
                .thenComparingInt(c -> c.at().line()).thenComparingInt(c -> c.at().column()));
        for (Cluster cluster : all) {
            Environment env = environments.values().stream()
                    .filter(e -> e.clusterSettings().get(cluster.name()) == cluster).findFirst().orElseThrow();
            Environment first = owner.putIfAbsent(cluster.name(), env);
            if (first != null) {
                diagnostics.error("Bind.DuplicateName", cluster.at(), "cluster '" + cluster.name()
                        + "' is in environment '" + first.name() + "' already", "a cluster runs one environment's"
                        + " tree; name each cluster once in the mesh");
            }
        }
        consistentIdentity(all);
        Set<String> networks = new TreeSet<>();
        all.forEach(cluster -> cluster.network().ifPresent(networks::add));
        for (Cluster cluster : all) {
            Environment env = environments.values().stream()
                    .filter(e -> e.clusterSettings().get(cluster.name()) == cluster).findFirst().orElseThrow();
            if (networks.size() > 1 && cluster.network().isPresent() && env.gateways().stream()
                    .noneMatch(g -> gateways.get(g).kind() == Gateway.Kind.EASTWEST)) {
                diagnostics.error("Bind.ClusterIdentity", cluster.at(), "cluster '" + cluster.name() + "' is on"
                        + " network '" + cluster.network().get() + "' of a mesh on " + networks.size() + " networks ("
                        + String.join(", ", networks) + "), and environment '" + env.name() + "' deploys no east-west"
                        + " gateway", "declare `gateway eastwest { kind eastwest }` and deploy it there: the other"
                                + " networks reach this one's services through it");
            }
            if (networks.size() > 1 && cluster.network().isPresent() && cluster.clusterName().isEmpty()
                    && !unnamedAsReported.contains(cluster.name())) {
                diagnostics.error("Bind.ClusterIdentity", cluster.at(), "cluster '" + cluster.name() + "' is on"
                        + " network '" + cluster.network().get() + "' of a mesh on " + networks.size() + " networks,"
                        + " but sets no clusterName, which Istio's multi-network install needs: istiod would take"
                        + " its default, 'Kubernetes'", "set `clusterName " + cluster.name() + "` in its block: it becomes"
                                + " values.global.multiCluster.clusterName");
            }
        }
    }

    /** Reports each cycle once, at the clause of its alphabetically first member; returns every member. */
    private Set<String> cycles(java.util.function.Function<Ast.Environment, Optional<Ast.Name>> next, String id,
            String verb, String hint) {
        Set<String> members = new TreeSet<>();
        for (String start : declared.keySet()) {
            List<String> path = new ArrayList<>();
            String current = start;
            while (current != null && declared.containsKey(current) && !path.contains(current)) {
                path.add(current);
                current = next.apply(declared.get(current)).map(Ast.Name::text).orElse(null);
            }
            if (current != null && current.equals(start)) {
                members.add(start);
                if (path.stream().allMatch(n -> n.compareTo(start) >= 0)) {
                    path.add(start);
                    Ast.Name clause = next.apply(declared.get(start)).orElseThrow();
                    diagnostics.error(id, clause.at(), "environments " + verb + " each other in a cycle: "
                            + String.join(" -> ", path), hint);
                }
            }
        }
        return members;
    }

    private Optional<Environment> bind(String name) {
        if (bound.containsKey(name)) {
            return bound.get(name);
        }
        bound.put(name, Optional.empty());
        Ast.Environment ast = declared.get(name);
        Optional<Environment> base = Optional.empty();
        if (ast.extendsName().isPresent()) {
            Ast.Name parent = ast.extendsName().get();
            if (!declared.containsKey(parent.text())) {
                unknownEnvironment(parent);
            } else {
                base = bind(parent.text());
            }
        }
        Optional<Environment> env = fold(ast, base);
        bound.put(name, env);
        return env;
    }

    private Optional<Environment> fold(Ast.Environment ast, Optional<Environment> base) {
        String name = ast.name().text();
        boolean ok = Names.checkLabel(ast.name(), "environment", diagnostics);
        String where = "environment '" + name + "'";
        Settings settings = Settings.check(ast.settings(), SINGLE, LISTS, where, diagnostics);

        Optional<KubernetesVersion> kubernetes = settings.value("kubernetes")
                .map(v -> values.kubernetesVersion(v, "kubernetes"))
                .orElseGet(() -> base.map(Environment::kubernetes).orElse(defaults.kubernetes()));
        List<String> runs = settings.has("revisions") ? references(settings.values("revisions"), revisions,
                "Bind.UnknownRevision", "revision") : base.map(Environment::revisions).orElse(List.of());
        List<String> ownOverlays = references(settings.values("overlays"), overlays, "Bind.UnknownOverlay", "overlay");
        LinkedHashSet<String> allOverlays = new LinkedHashSet<>(
                base.map(Environment::overlays).orElse(defaults.overlays()));
        allOverlays.addAll(ownOverlays);
        List<String> deploys = settings.has("gateways") ? references(settings.values("gateways"),
                gateways.keySet(), "Bind.UnknownGateway", "gateway")
                : base.map(Environment::gateways).orElse(List.copyOf(new TreeSet<>(gateways.keySet())));
        OutputFormat output = settings.value("output").flatMap(this::output)
                .orElseGet(() -> base.map(Environment::output).orElse(defaults.output()));
        String namespace = settings.value("namespace").flatMap(v -> values.dnsLabel(v, "namespace"))
                .orElseGet(() -> base.map(Environment::controlPlaneNamespace).orElse(defaults.namespace()));
        Optional<String> hub = settings.value("hub").flatMap(values::hub)
                .or(() -> base.isPresent() ? base.get().hub() : defaults.hub());
        List<String> pullSecrets = settings.has("pullSecrets") ? names(settings.values("pullSecrets"), "pull secret")
                : base.map(Environment::pullSecrets).orElse(defaults.pullSecrets());

        FluxSettings flux = new FluxSettingsBinder(diagnostics, values).apply(
                base.map(Environment::flux).orElse(defaults.flux()), settings.value("flux"));

        settings.setting("flux").ifPresent(written -> ownFlux.put(name, written.name().at()));
        Map<String, Cluster> fleet = clusters(ast, settings, flux, output);
        List<String> clusters = List.copyOf(fleet.keySet());

        boolean unknownParent = ast.extendsName().filter(p -> !declared.containsKey(p.text())).isPresent();
        if (runs.isEmpty() && !settings.has("revisions") && !unknownParent) {
            diagnostics.error("Bind.NoRevisions", ast.name().at(), where + " runs no revision",
                    "add `revisions NAME` listing the control planes it runs");
            ok = false;
        }
        Map<String, String> tags = tags(ast, base, runs, where);
        Map<String, String> namespaces = namespaces(ast, base, tags, runs);
        checkDerivedNames(deploys, runs);
        if (output != OutputFormat.PLAIN) {
            checkPartNames(ast.name(), output, runs, tags.keySet(), deploys);
        }
        Optional<Promotion> promotion = promotion(ast);

        if (!ok) {
            return Optional.empty();
        }
        List<Suppression> suppressions = new ArrayList<>(base.map(Environment::suppressions).orElse(List.of()));
        ast.suppressions().forEach(s -> Suppressions.bind(s, diagnostics).ifPresent(suppressions::add));
        return Optional.of(new Environment(name, ast.name().at(), kubernetes, clusters, runs, tags, namespaces,
                List.copyOf(allOverlays), deploys, output, namespace, hub, pullSecrets, promotion,
                ast.extendsName().map(Ast.Name::text), suppressions,
                locations(ast, base, settings, tags, namespaces, runs), flux, fleet));
    }

    /** Where each kept tag, binding and revision was written: here, or where it was inherited from. */
    private EnvironmentLocations locations(Ast.Environment ast, Optional<Environment> base, Settings settings,
            Map<String, String> tags, Map<String, String> namespaces, List<String> runs) {
        EnvironmentLocations inherited = base.map(Environment::locations).orElse(EnvironmentLocations.none());
        Map<String, SourceLocation> tagAt = new TreeMap<>(inherited.tags());
        if (base.isEmpty()) {
            defaults.tags().forEach((tag, decl) -> tagAt.put(tag, decl.at()));
        }
        ast.tags().forEach(tag -> tagAt.put(tag.name().text(), tag.at()));
        tagAt.keySet().retainAll(tags.keySet());
        Map<String, SourceLocation> namespaceAt = new TreeMap<>(inherited.namespaces());
        ast.namespaces().forEach(b -> namespaceAt.put(b.namespace().text(), b.namespace().at()));
        namespaceAt.keySet().retainAll(namespaces.keySet());
        Map<String, SourceLocation> revisionAt = new TreeMap<>();
        if (settings.has("revisions")) {
            for (Ast.Value value : settings.values("revisions")) {
                String text = value instanceof Ast.Value.WordValue w ? w.text()
                        : value instanceof Ast.Value.StringValue s ? s.text()
                        : value instanceof Ast.Value.VersionValue v ? v.text() : "";
                revisionAt.putIfAbsent(text, value.at());
            }
        } else {
            revisionAt.putAll(inherited.revisions());
        }
        revisionAt.keySet().retainAll(runs);
        Optional<SourceLocation> kubernetesAt = settings.value("kubernetes").map(Ast.Value::at)
                .or(inherited::kubernetes);
        return new EnvironmentLocations(tagAt, namespaceAt, revisionAt, kubernetesAt);
    }

    /** Cluster settings: the identity, then values and sets, then the rest. */
    static final Set<String> CLUSTER_SINGLE = Set.of("meshID", "clusterName", "network", "values", "kubernetes",
            "flux");
    static final Set<String> CLUSTER_LISTS = Set.of("overlays");

    /**
     * The clusters it names, its own and never inherited (a cluster runs one environment's tree): {@code clusters a,
     * b}, or {@code cluster NAME} with or without a block of settings.
     */
    private Map<String, Cluster> clusters(Ast.Environment ast, Settings settings,
            FluxSettings flux, OutputFormat output) {
        Map<String, Cluster> out = new LinkedHashMap<>();
        boolean conflict = !ast.clusters().isEmpty() && settings.has("clusters");
        if (conflict) {
            diagnostics.error("Bind.ConflictingSettings", settings.setting("clusters").get().at(),
                    "both `cluster` and `clusters` are set", "list every cluster in `clusters a, b`, or give each"
                            + " its own `cluster NAME { }`");
        }
        for (Ast.Value value : conflict ? List.<Ast.Value>of() : settings.values("clusters")) {
            values.dnsLabel(value, "cluster").ifPresent(name -> {
                if (out.putIfAbsent(name, Cluster.plain(name, value.at(), flux)) != null) {
                    diagnostics.error("Bind.DuplicateReference", value.at(), "cluster '" + name
                            + "' is listed twice", "list it once");
                }
            });
        }
        for (Ast.Cluster cluster : ast.clusters()) {
            if (!Names.checkLabel(cluster.name(), "cluster", diagnostics)) {
                continue;
            }
            String name = cluster.name().text();
            Optional<Cluster> bound = cluster(cluster, ast.name().text(), flux, output);
            if (out.containsKey(name)) {
                diagnostics.error("Bind.DuplicateName", cluster.name().at(), "cluster '" + name
                        + "' is declared twice in environment '" + ast.name().text() + "'", "keep one");
            } else {
                bound.ifPresent(c -> out.put(name, c));
            }
        }
        if (output == OutputFormat.HELMFILE && out.containsKey("default")) {
            diagnostics.error("Bind.InvalidName", out.remove("default").at(), "cluster 'default' would be Helmfile's"
                    + " default environment, which `helmfile apply` without `-e` applies", "rename the cluster:"
                    + " helmfile.yaml has an environment of each cluster's name beside `default`");
        }
        return out;
    }

    private Optional<Cluster> cluster(Ast.Cluster ast, String environment,
            FluxSettings flux, OutputFormat output) {
        String where = "cluster '" + ast.name().text() + "'";
        Settings settings = Settings.check(ast.settings(), CLUSTER_SINGLE, CLUSTER_LISTS, where, diagnostics);
        if (output != OutputFormat.FLUX) {
            settings.setting("flux").ifPresent(written -> unusedFlux(written.name().at(), where, "environment '"
                    + environment + "' writes " + outputName(output) + " output"));
        }
        List<SetOverride> sets = new ArrayList<>();
        Optional<String> meshId = identity(settings, "meshID", "values.global.meshID", sets);
        Optional<String> clusterName = identity(settings, "clusterName", "values.global.multiCluster.clusterName",
                sets);
        Optional<String> network = identity(settings, "network", "values.global.network", sets);
        int identitySets = sets.size();
        settings.value("values").flatMap(v -> values.map(v, "values"))
                .ifPresent(map -> leaves(SetPath.parse("values").path().orElseThrow(), map,
                        settings.value("values").get().at(), sets));
        SetBinder setBinder = new SetBinder(diagnostics, values);
        ast.sets().forEach(set -> setBinder.bind(set).ifPresent(sets::add));
        List<SetOverride> later = sets.subList(identitySets, sets.size());
        meshId = rendered(later, "meshID", "values.global.meshID", meshId);
        Optional<String> namedInTheBlock = clusterName;
        clusterName = rendered(later, "clusterName", "values.global.multiCluster.clusterName", clusterName);
        if (namedInTheBlock.isPresent() && clusterName.isEmpty()) {
            unnamedAsReported.add(ast.name().text()); // a later value or set took it away, and was reported there
        }
        network = rendered(later, "network", "values.global.network", network);
        List<String> own = references(settings.values("overlays"), overlays, "Bind.UnknownOverlay", "overlay");
        Optional<KubernetesVersion> kubernetes = settings.value("kubernetes")
                .flatMap(v -> values.kubernetesVersion(v, "kubernetes"));
        FluxSettings clusterFlux = new FluxSettingsBinder(diagnostics, values).apply(flux,
                settings.value("flux"));
        return Optional.of(new Cluster(ast.name().text(), ast.name().at(), meshId, clusterName,
                network, sets, own, kubernetes, clusterFlux));
    }

    /**
     * A Kubernetes label value, not empty: Istio reads a cluster's {@code network} and {@code clusterName} as the
     * values of {@code topology.istio.io/network} and {@code topology.istio.io/cluster}, and its charts print all three
     * identity values into quoted YAML and JSON as they are.
     */
    private static final Pattern LABEL_VALUE =
            Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    /** {@code meshID}, {@code clusterName}, {@code network}: a value of Istio's global settings. */
    private Optional<String> identity(Settings settings, String name, String path,
            List<SetOverride> sets) {
        Optional<Ast.Value> written = settings.value(name);
        Optional<String> text = written.flatMap(v -> values.text(v, name));
        if (text.isPresent() && !labelValue(name, text.get(), written.get().at())) {
            return Optional.empty();
        }
        text.ifPresent(t -> sets.add(new SetOverride(SetPath.parse(path).path()
                .orElseThrow(), TextNode.valueOf(t), written.get().at())));
        return text;
    }

    private boolean labelValue(String name, String text, SourceLocation at) {
        if (LABEL_VALUE.matcher(text).matches()) {
            return true;
        }
        diagnostics.error("Bind.InvalidValue", at, name + " '" + text + "' is not a valid label value"
                + (text.length() > 63 ? " (" + text.length() + " characters)" : ""),
                (name.equals("meshID") ? "Istio's charts print it into YAML and JSON as it is"
                        : "Istio labels and selects workloads by it") + ": use at most 63 letters, digits, '-', '_' or"
                        + " '.', starting and ending with a letter or digit");
        return false;
    }

    /**
     * The identity value the cluster's render ends with: a {@code values { }} leaf or a {@code set} that writes its
     * path, or a map holding it, after the key wins, as it does in the render (null, or a map without the key, removes
     * it), so the rules and the east-west gateway's network label read what istiod is told.
     */
    private Optional<String> rendered(List<SetOverride> later, String name, String path,
            Optional<String> written) {
        List<SetPath.Segment> target = SetPath.parse(path).path().orElseThrow()
                .segments();
        Optional<String> result = written;
        for (SetOverride set : later) {
            List<SetPath.Segment> at = set.path().segments();
            if (at.size() > target.size() || !target.subList(0, at.size()).equals(at)) {
                continue;
            }
            JsonNode node = set.value();
            for (SetPath.Segment segment : target.subList(at.size(), target.size())) {
                node = node.path(((SetPath.Segment.Key) segment).name());
            }
            if (node.isMissingNode()) {
                // A map (or a scalar) set above the key replaces what held it: the key is gone from the render.
                if (result.isPresent()) {
                    diagnostics.error("Bind.ClusterIdentity", set.at(), "this replaces the map " + set.path() + ", which"
                            + " held " + name + " '" + result.get() + "': istiod is told no " + name, "set the keys"
                            + " one at a time (" + set.path() + ".KEY = VALUE), or write " + name + " into the map");
                }
                result = Optional.empty();
                continue;
            }
            result = node.isNull() || !node.isValueNode() || !labelValue(name, node.asText(), set.at())
                    ? Optional.empty() : Optional.of(node.asText());
        }
        return result;
    }

    /** One override per leaf of a {@code values { }} map, so that it merges into the values instead of replacing. */
    private static void leaves(SetPath at, JsonNode node,
            SourceLocation where, List<SetOverride> sets) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> {
                List<SetPath.Segment> segments = new ArrayList<>(at.segments());
                segments.add(new SetPath.Segment.Key(field.getKey()));
                leaves(new SetPath(segments), field.getValue(), where, sets);
            });
        } else {
            sets.add(new SetOverride(at, node, where));
        }
    }

    private List<String> names(List<Ast.Value> written, String what) {
        List<String> names = new ArrayList<>();
        for (Ast.Value value : written) {
            values.dnsLabel(value, what).ifPresent(names::add);
        }
        return names;
    }

    /** Names that must be declared, in the order written; unknown and repeated ones are reported. */
    private List<String> references(List<Ast.Value> written, Set<String> known, String id, String noun) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ast.Value value : written) {
            Optional<String> text = values.name(value, noun);
            if (text.isEmpty()) {
                continue;
            }
            if (!known.contains(text.get())) {
                diagnostics.error(id, value.at(), "unknown " + noun + " '" + text.get() + "'",
                        Suggestions.hint(text.get(), new TreeSet<>(known), noun));
            } else if (!seen.add(text.get())) {
                diagnostics.error("Bind.DuplicateReference", value.at(), noun + " '" + text.get()
                        + "' is listed twice", "list it once");
            } else {
                names.add(text.get());
            }
        }
        return names;
    }

    private Map<String, String> tags(Ast.Environment ast, Optional<Environment> base, List<String> runs,
            String where) {
        Map<String, String> tags = new TreeMap<>();
        Map<String, String> origin = new TreeMap<>();
        if (base.isPresent()) {
            base.get().tags().forEach((tag, rev) -> {
                tags.put(tag, rev);
                origin.put(tag, "environment '" + base.get().name() + "'");
            });
        } else {
            defaults.tags().forEach((tag, decl) -> {
                tags.put(tag, decl.revision().text());
                origin.put(tag, "the mesh (line " + decl.at().line() + ")");
            });
        }
        Map<String, Ast.Tag> own = new LinkedHashMap<>();
        for (Ast.Tag tag : ast.tags()) {
            Ast.Tag first = own.putIfAbsent(tag.name().text(), tag);
            if (first != null) {
                diagnostics.error("Bind.DuplicateName", tag.name().at(), "tag '" + tag.name().text()
                        + "' is declared twice in " + where + " (first at line " + first.at().line() + ")",
                        "a tag points at one revision; keep one line");
                continue;
            }
            // Declared here, the tag no longer comes from the parent, whether or not this declaration holds.
            origin.remove(tag.name().text());
            if (!Names.checkTag(tag.name(), diagnostics) || !tagTarget(tag)) {
                tags.remove(tag.name().text());
                continue;
            }
            if (!runs.contains(tag.revision().text())) {
                diagnostics.error("Bind.TagRevisionNotRun", tag.revision().at(), "tag '" + tag.name().text()
                        + "' points at revision '" + tag.revision().text() + "', which " + where + " does not run",
                        "add " + tag.revision().text() + " to its `revisions`, or point the tag at one of: "
                                + String.join(", ", runs));
                tags.remove(tag.name().text());
                continue;
            }
            tags.put(tag.name().text(), tag.revision().text());
        }
        for (var inherited : origin.entrySet()) {
            String tag = inherited.getKey();
            String rev = tags.get(tag);
            if (!runs.contains(rev) && !runs.isEmpty()) {
                diagnostics.error("Bind.TagRevisionNotRun", ast.name().at(), where + " inherits tag '" + tag
                        + "' -> '" + rev + "' from " + inherited.getValue() + ", but does not run revision '" + rev
                        + "'", "add `tag " + tag + " -> " + runs.get(runs.size() - 1) + "` to " + where
                                + ", or add " + rev + " to its `revisions`");
                tags.remove(tag);
            }
        }
        return tags;
    }

    private boolean tagTarget(Ast.Tag tag) {
        return tagTarget(tag, revisions, diagnostics);
    }

    /** A tag must point at a declared revision and must not be named like one (istioctl refuses both). */
    static boolean tagTarget(Ast.Tag tag, Set<String> revisions, Diagnostics diagnostics) {
        if (revisions.contains(tag.name().text())) {
            diagnostics.error("Bind.TagShadowsRevision", tag.name().at(), "tag '" + tag.name().text()
                    + "' has the name of a revision", "istioctl refuses a tag named like a revision; rename the tag");
            return false;
        }
        if (!revisions.contains(tag.revision().text())) {
            diagnostics.error("Bind.UnknownRevision", tag.revision().at(), "tag '" + tag.name().text()
                    + "' points at unknown revision '" + tag.revision().text() + "'",
                    Suggestions.hint(tag.revision().text(), new TreeSet<>(revisions), "revision"));
            return false;
        }
        return true;
    }

    private Map<String, String> namespaces(Ast.Environment ast, Optional<Environment> base, Map<String, String> tags,
            List<String> runs) {
        Map<String, String> bindings = new TreeMap<>(base.map(Environment::namespaces).orElse(Map.of()));
        Map<String, Ast.Binding> own = new LinkedHashMap<>();
        for (Ast.Binding binding : ast.namespaces()) {
            String namespace = binding.namespace().text();
            Ast.Binding first = own.putIfAbsent(namespace, binding);
            if (first != null) {
                diagnostics.error("Bind.DuplicateBinding", binding.namespace().at(), "namespace '" + namespace
                        + "' is bound twice (first at line " + first.namespace().at().line() + ")",
                        "a namespace follows one tag or revision");
                continue;
            }
            if (!Names.checkLabel(binding.namespace(), "namespace", diagnostics)) {
                continue;
            }
            String target = binding.target().text();
            if (tags.containsKey(target) || runs.contains(target)) {
                bindings.put(namespace, target);
            } else if (declaredTags.contains(target)) {
                // The tag itself is broken and already reported; binding to it is not a second mistake.
                continue;
            } else if (revisions.contains(target)) {
                diagnostics.error("Bind.NamespaceRevisionNotRun", binding.target().at(), "namespace '" + namespace
                        + "' is bound to revision '" + target + "', which environment '" + ast.name().text()
                        + "' does not run", "bind it to a tag, or to one of: " + String.join(", ", runs));
            } else {
                Set<String> candidates = new TreeSet<>(tags.keySet());
                candidates.addAll(runs);
                diagnostics.error("Bind.UnknownNamespaceTarget", binding.target().at(), "namespace '" + namespace
                        + "' is bound to '" + target + "', which is neither a tag nor a revision of environment '"
                        + ast.name().text() + "'", Suggestions.hint(target, candidates, "tag or revision"));
            }
        }
        return bindings;
    }

    /** Each gateway is deployed once per revision as {@code <gateway>-<revision>}: that name must fit in 63. */
    private void checkDerivedNames(List<String> deploys, List<String> runs) {
        for (String gateway : deploys) {
            for (String revision : runs) {
                String derived = gateway + "-" + revision;
                if (derived.length() > 63) {
                    diagnostics.error("Bind.NameTooLong", gateways.get(gateway).at(), "gateway '" + gateway
                            + "' deployed for revision '" + revision + "' would be named '" + derived + "' ("
                            + derived.length() + " characters; Kubernetes allows 63)",
                            "shorten the gateway or the revision name");
                }
            }
        }
    }

    /** Helm refuses a release name longer than this: it becomes a label value with a suffix of Helm's own. */
    static final int MAX_HELM_RELEASE = 53;
    /**
     * Flux labels every object a Kustomization applies with the Kustomization's name
     * ({@code kustomize.toolkit.fluxcd.io/name}), and a label value holds at most 63 characters: the API server
     * refuses every object of a Kustomization with a longer name.
     */
    static final int MAX_FLUX_KUSTOMIZATION = 63;

    /**
     * Helmfile releases and Flux Kustomizations name each part {@code <environment>-<part>} ({@code
     * prod-revision-1-22-8}, {@code prod-tag-stable}, {@code prod-gateway-public-1-22-8}, as {@code Part.slug} names
     * them; a cluster's are named as its environment's), which Helm or the API server would refuse only when the tree
     * is applied; one error names the longest.
     */
    private void checkPartNames(Ast.Name environment, OutputFormat output, List<String> runs, Set<String> tags,
            List<String> deploys) {
        String env = environment.text();
        // A revision or a gateway's Deployment whose own name is too long is reported already, at its line.
        List<String> revisions = runs.stream().filter(revision -> revision.length() <= Names.MAX_REVISION).toList();
        List<String> names = new ArrayList<>();
        revisions.forEach(revision -> names.add(env + "-revision-" + revision));
        tags.forEach(tag -> names.add(env + "-tag-" + tag));
        deploys.forEach(gateway -> revisions.stream().filter(revision -> gateway.length() + 1 + revision.length()
                <= 63).forEach(revision -> names.add(env + "-gateway-" + gateway + "-" + revision)));
        boolean helm = output == OutputFormat.HELMFILE;
        int limit = helm ? MAX_HELM_RELEASE : MAX_FLUX_KUSTOMIZATION;
        List<String> tooLong = names.stream().filter(name -> name.length() > limit).toList();
        tooLong.stream().max(Comparator.comparingInt(String::length).thenComparing(name -> name))
                .ifPresent(longest -> diagnostics.error("Bind.NameTooLong", environment.at(), "environment '" + env
                        + "' writes " + (helm ? "Helmfile output, and " + tooLong.size() + " of its Helm release"
                                + " names would be longer than Helm's "
                                : "Flux output, and " + tooLong.size() + " of its Flux Kustomization names would be"
                                        + " longer than the ") + limit + " characters"
                        + (helm ? "" : " of the label Flux puts them in on every object they apply") + ", the longest '"
                        + longest + "' (" + longest.length() + ")", "shorten the environment name, or the revision,"
                        + " tag or gateway names it uses"));
    }

    private Optional<Promotion> promotion(Ast.Environment ast) {
        if (ast.after().isEmpty()) {
            return Optional.empty();
        }
        Ast.Name after = ast.after().get();
        if (!declared.containsKey(after.text())) {
            unknownEnvironment(after);
            return Optional.empty();
        }
        return ast.soak().flatMap(v -> values.duration(v, "soak", MAX_SOAK)).map(d -> new Promotion(after.text(), d,
                after.at()));
    }

    private Optional<OutputFormat> output(Ast.Value value) {
        Optional<String> text = values.text(value, "output");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<OutputFormat> format = OutputFormat.of(text.get());
        if (format.isEmpty()) {
            List<String> known = java.util.Arrays.stream(OutputFormat.values()).map(OutputFormat::keyword).toList();
            diagnostics.error("Bind.InvalidValue", value.at(), "'" + text.get() + "' is not an output format",
                    Suggestions.closest(text.get(), known).map(s -> "did you mean '" + s + "'?")
                            .orElse("use one of: " + String.join(", ", known)));
        }
        return format;
    }

    private void unknownEnvironment(Ast.Name name) {
        diagnostics.error("Bind.UnknownEnvironment", name.at(), "unknown environment '" + name.text() + "'",
                Suggestions.hint(name.text(), new TreeSet<>(declared.keySet()), "environment"));
    }
}
