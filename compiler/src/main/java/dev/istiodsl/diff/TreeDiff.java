package dev.istiodsl.diff;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a change does to the tree: per environment the resources it adds, removes and changes, and the namespaces
 * whose workloads must restart for it to reach them.
 *
 * @param base    what the tree is compared with ({@code HEAD}, or {@code HEAD (abc1234)} with the commit)
 */
public record TreeDiff(String base, SortedMap<String, List<ResourceChange>> changes, List<Restart> restarts) {

    public TreeDiff {
        changes = new TreeMap<>(changes);
        restarts = List.copyOf(restarts);
    }

    /** Compares two trees (files by path inside the tree's folder). */
    public static TreeDiff of(String base, Map<String, byte[]> before, Map<String, byte[]> after) {
        SortedMap<String, List<ResourceChange>> changes = SemanticDiff.compare(before, after);
        return new TreeDiff(base, changes, Restarts.of(before, after, changes));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** How many resources of an environment a change of this type touches. */
    public long count(String environment, ResourceChange.Type type) {
        return changes.getOrDefault(environment, List.of()).stream().filter(c -> c.type() == type).count();
    }
}
