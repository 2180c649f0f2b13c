package dev.istiodsl.diff;

import dev.istiodsl.partition.Namespaces;
import dev.istiodsl.resource.Secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a change does to the tree: per environment the resources it adds, removes and changes, the namespaces whose
 * workloads must restart for it to reach them, and the namespaces it takes out of the tree or out of their binding
 * (what the cluster then does with each is {@link Namespaces.Departure#fate}).
 *
 * @param base       what the tree is compared with ({@code HEAD}, or {@code HEAD (abc1234)} with the commit)
 * @param departures per environment, in namespace order
 */
public record TreeDiff(String base, SortedMap<String, List<ResourceChange>> changes, List<Restart> restarts,
        SortedMap<String, List<Namespaces.Departure>> departures) {

    public TreeDiff {
        changes = new TreeMap<>(changes);
        restarts = List.copyOf(restarts);
        SortedMap<String, List<Namespaces.Departure>> copy = new TreeMap<>();
        departures.forEach((env, list) -> copy.put(env, List.copyOf(list)));
        departures = copy;
    }

    /** A comparison that takes no namespace anywhere. */
    public TreeDiff(String base, SortedMap<String, List<ResourceChange>> changes, List<Restart> restarts) {
        this(base, changes, restarts, new TreeMap<>());
    }

    /** Compares two trees (files by path inside the tree's folder). */
    public static TreeDiff of(String base, Map<String, byte[]> before, Map<String, byte[]> after) {
        SortedMap<String, List<ResourceChange>> changes = SemanticDiff.compare(before, after);
        SortedMap<String, List<Namespaces.Departure>> departures = Departures.of(before, after);
        return new TreeDiff(base, changes, Restarts.of(before, after, departures), departures);
    }

    /** What the change does to a namespace of an environment that leaves the tree or its binding, if it does. */
    public Optional<Namespaces.Departure> departure(String environment, String namespace) {
        return departures.getOrDefault(environment, List.of()).stream()
                .filter(d -> d.namespace().equals(namespace)).findFirst();
    }

    /** The same diff, every value shown passed through {@code mask}: the run's redaction of Secret values. */
    public TreeDiff masked(UnaryOperator<String> mask) {
        SortedMap<String, List<ResourceChange>> out = new TreeMap<>();
        changes.forEach((env, list) -> out.put(env, list.stream().map(c -> new ResourceChange(c.type(), c.file(),
                c.kind(), c.name(), c.fields().stream().map(f -> new FieldChange(f.path(), mask.apply(f.before()),
                        mask.apply(f.after()), f.lines().stream().map(mask).toList())).toList(),
                c.crd().map(crd -> crd.masked(mask)))).toList()));
        return new TreeDiff(base, out, restarts, departures);
    }

    /** The values of every Secret among the files of a tree, for the run's redaction. */
    public static List<String> secretValues(Map<String, byte[]> files) {
        List<String> out = new ArrayList<>();
        files.values().forEach(bytes -> SemanticDiff.document(bytes).ifPresent(doc -> out.addAll(
                Secrets.values(doc))));
        return out;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** How many resources of an environment a change of this type touches. */
    public long count(String environment, ResourceChange.Type type) {
        return changes.getOrDefault(environment, List.of()).stream().filter(c -> c.type() == type).count();
    }
}
