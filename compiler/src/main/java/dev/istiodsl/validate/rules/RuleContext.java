package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.ClusterScope;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Revision;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.validate.VersionFacts;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rule sees: the whole mesh, the environment being checked, the version facts, the date to judge end-of-life
 * against (the compile date; a fixed date in tests, so output never depends on the wall clock), and, once the
 * revisions are expanded, every resource of the environment as it will be emitted.
 *
 * <p>{@code previouslyCompiled} holds the inputs the lock file of the tree on disk recorded for this environment
 * ({@code istio/<revision>} to its Istio version), and {@code previousNamespaces} the Namespaces of the environment's
 * tree on disk (the Namespace files its lock lists, by name, as they are on disk); both are empty when there is no
 * earlier tree. Rules compare against them to see what a commit changes.
 *
 * <p>Rules about resources look at {@link #resources()}; when the mesh is checked without expanding
 * ({@code istiodsl.expand=false}) it is empty and {@link #expanded()} is false, and they report nothing.
 *
 * <p>The {@code ...At} methods say where in the DSL a finding belongs: the line of the tag, the namespace binding,
 * the {@code revisions} entry or the {@code kubernetes} setting, where it was written (inherited ones where they were
 * inherited from), else the environment's name. Rules ask for the most specific place they mean.
 */
public record RuleContext(Mesh mesh, Environment environment, VersionFacts facts, LocalDate today,
        List<Placed> resources, boolean expanded, Map<String, String> previouslyCompiled,
        Map<String, JsonNode> previousNamespaces) {

    private static final Comparator<Revision> BY_VERSION = Comparator.comparing(Revision::istio)
            .thenComparing(Revision::name);

    public RuleContext {
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(today, "today");
        resources = List.copyOf(resources);
        previouslyCompiled = Map.copyOf(previouslyCompiled);
        previousNamespaces = Map.copyOf(previousNamespaces);
    }

    /** Expanded resources and an earlier compile's inputs, without its Namespaces. */
    public RuleContext(Mesh mesh, Environment environment, VersionFacts facts, LocalDate today,
            List<Placed> resources, boolean expanded, Map<String, String> previouslyCompiled) {
        this(mesh, environment, facts, today, resources, expanded, previouslyCompiled, Map.of());
    }

    /** The DSL alone, nothing expanded, no earlier compile. */
    public RuleContext(Mesh mesh, Environment environment, VersionFacts facts, LocalDate today) {
        this(mesh, environment, facts, today, List.of(), false, Map.of(), Map.of());
    }

    /**
     * Whether the environment is production: the end of a promotion chain (no environment is promoted after it) in a
     * mesh of more than one environment. Operational rules hold production to a higher standard.
     */
    public boolean isProduction() {
        // A cluster's own environment (prod/clusters/prod-eu-1) is judged as the environment it belongs to.
        String name = ClusterScope.of(environment.name()).map(ClusterScope::environment).orElse(environment.name());
        return mesh.environments().keySet().stream().filter(e -> ClusterScope.of(e).isEmpty()).count() > 1
                && mesh.environments().values().stream()
                        .noneMatch(e -> e.promotion().filter(p -> p.after().equals(name)).isPresent());
    }

    /** The environment's resources of one kind, in emit order. */
    public List<Placed> resourcesOf(String kind) {
        return resources.stream().filter(p -> p.resource().kind().equals(kind)).toList();
    }

    /** The environment's core Secrets ({@code v1}; not another group's kind of that name), in emit order. */
    public List<Placed> secrets() {
        return resources.stream().filter(p -> Secrets.isSecret(p.resource().body())).toList();
    }

    /** The revisions the environment runs, in the order written. */
    public List<Revision> revisions() {
        return environment.revisions().stream().map(this::revision).toList();
    }

    /** A revision of the mesh by name. */
    public Revision revision(String name) {
        Revision revision = mesh.revisions().get(name);
        if (revision == null) {
            throw new IllegalArgumentException("the mesh declares no revision '" + name + "'");
        }
        return revision;
    }

    /** The revision with the highest Istio version the environment runs (by name on a tie). */
    public Revision newest() {
        return newest(environment);
    }

    /** The revision with the highest Istio version another environment runs (by name on a tie). */
    public Revision newest(Environment other) {
        return other.revisions().stream().map(this::revision).max(BY_VERSION)
                .orElseThrow(() -> new IllegalStateException("environment '" + other.name() + "' runs no revision"));
    }

    /** The environment this one is promoted after, if any. */
    public Optional<Environment> predecessor() {
        return environment.promotion().map(p -> mesh.environments().get(p.after()));
    }

    /** The revision a tag or revision name stands for in this environment. */
    public String resolve(String tagOrRevision) {
        return environment.tags().getOrDefault(tagOrRevision, tagOrRevision);
    }

    /** The environment's name: for problems of the environment as a whole. */
    public SourceLocation environmentAt() {
        return environment.at();
    }

    /** Where the environment lists {@code revision} (or the environment it inherits its revisions from). */
    public SourceLocation revisionAt(String revision) {
        return environment.locations().revisions().getOrDefault(revision, environment.at());
    }

    /** Where the environment's {@code tag} is declared (here, in the environment it extends, or the mesh). */
    public SourceLocation tagAt(String tag) {
        return environment.locations().tags().getOrDefault(tag, environment.at());
    }

    /** Where {@code namespace} is bound (here, or in the environment it extends). */
    public SourceLocation namespaceAt(String namespace) {
        return environment.locations().namespaces().getOrDefault(namespace, environment.at());
    }

    /** Where the environment's Kubernetes version is set; the environment's name when it comes from the mesh. */
    public SourceLocation kubernetesAt() {
        return environment.locations().kubernetes().orElse(environment.at());
    }

    /** The {@code after} clause, or the environment's name when it is promoted after nothing. */
    public SourceLocation promotionAt() {
        return environment.promotion().map(p -> p.at()).orElse(environment.at());
    }
}
