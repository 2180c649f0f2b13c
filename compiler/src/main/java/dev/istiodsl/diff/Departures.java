package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.partition.Namespaces;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which namespaces a change takes out of the tree, or out of their binding, read from the Namespace files of the two
 * trees ({@link Namespaces#departures}), so the diff can say what the cluster then does with each instead of a bare
 * "- Namespace web". An environment removed whole takes all its namespaces with it.
 */
final class Departures {

    private Departures() {
    }

    /** Per environment, in namespace order; environments without any are left out. */
    static SortedMap<String, List<Namespaces.Departure>> of(Map<String, byte[]> before, Map<String, byte[]> after) {
        Map<String, Map<String, JsonNode>> old = namespaces(before);
        Map<String, Map<String, JsonNode>> now = namespaces(after);
        SortedMap<String, List<Namespaces.Departure>> out = new TreeMap<>();
        for (String env : new TreeSet<>(old.keySet())) {
            List<Namespaces.Departure> departures = Namespaces.departures(old.get(env), now.getOrDefault(env,
                    Map.of()));
            if (!departures.isEmpty()) {
                out.put(env, departures);
            }
        }
        return out;
    }

    private static Map<String, Map<String, JsonNode>> namespaces(Map<String, byte[]> tree) {
        Map<String, Map<String, JsonNode>> out = new TreeMap<>();
        tree.forEach((path, bytes) -> {
            int slash = path.indexOf('/');
            if (slash > 0 && Namespaces.isNamespaceFile(path.substring(slash + 1))) {
                SemanticDiff.document(bytes).filter(doc -> "Namespace".equals(doc.path("kind").asText()))
                        .ifPresent(ns -> out.computeIfAbsent(path.substring(0, slash),
                                env -> new TreeMap<>()).put(ns.path("metadata").path("name").asText(), ns));
            }
        });
        return out;
    }
}
