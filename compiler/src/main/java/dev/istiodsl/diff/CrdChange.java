package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A CustomResourceDefinition's change as a reviewer reads it: which versions are served and which one is stored, the
 * schema fields added and removed, the CEL rules ({@code x-kubernetes-validations}) added and removed, and the fields
 * whose constraints changed. Never the raw schema. A field is named by its path in the resource
 * ({@code spec.selector.matchLabels}, {@code []} for a list's items, {@code *} for a map's values) and, when not every
 * version the two sides share has the change, by the versions that do.
 *
 * @param constraints per field, the schema keywords that changed on it ({@code maxLength}, {@code pattern}, ...)
 */
public record CrdChange(List<String> servedBefore, List<String> servedAfter, String storageBefore,
        String storageAfter, List<String> fieldsAdded, List<String> fieldsRemoved, List<String> rulesAdded,
        List<String> rulesRemoved, SortedMap<String, List<String>> constraints) {

    /** What the summary stands for: a version's schema, whether it is served or stored, a whole version. */
    static final Pattern SCHEMA = Pattern.compile(
            "^spec\\.versions\\[name=[^\\]]*\\](\\.schema(\\.|$)|\\.served$|\\.storage$|$)");
    private static final Set<String> STRUCTURE = Set.of("properties", "items", "additionalProperties",
            "x-kubernetes-validations", "description");

    public CrdChange {
        servedBefore = List.copyOf(servedBefore);
        servedAfter = List.copyOf(servedAfter);
        fieldsAdded = List.copyOf(fieldsAdded);
        fieldsRemoved = List.copyOf(fieldsRemoved);
        rulesAdded = List.copyOf(rulesAdded);
        rulesRemoved = List.copyOf(rulesRemoved);
        SortedMap<String, List<String>> copy = new TreeMap<>();
        constraints.forEach((field, keys) -> copy.put(field, List.copyOf(keys)));
        constraints = copy;
    }

    /** Whether a field change of a CRD lies in what the summary stands for ({@link #SCHEMA}). */
    public static boolean summarises(FieldChange change) {
        return SCHEMA.matcher(change.path()).find();
    }

    /**
     * The fields of a list whose parent is not in it, each with how many of the list lie under it: a new
     * {@code status} block is one line, not fourteen.
     */
    public static SortedMap<String, Integer> topmost(List<String> fields) {
        SortedMap<String, Integer> roots = new TreeMap<>();
        for (String field : new TreeSet<>(fields)) {
            Optional<String> root = roots.keySet().stream().filter(r -> field.startsWith(r + ".")
                    || field.startsWith(r + "[")).findFirst();
            if (root.isPresent()) {
                roots.merge(root.get(), 1, Integer::sum);
            } else {
                roots.put(field, 0);
            }
        }
        return roots;
    }

    /** Whether the served or storage versions change. */
    public boolean versionsChange() {
        return !servedBefore.equals(servedAfter) || !storageBefore.equals(storageAfter);
    }

    /** Whether the schema changes in any way the summary shows. */
    public boolean schemaChanges() {
        return !fieldsAdded.isEmpty() || !fieldsRemoved.isEmpty() || !rulesAdded.isEmpty() || !rulesRemoved.isEmpty()
                || !constraints.isEmpty();
    }

    /** The same summary, every text passed through {@code mask}. */
    CrdChange masked(UnaryOperator<String> mask) {
        SortedMap<String, List<String>> masked = new TreeMap<>();
        constraints.forEach((field, keys) -> masked.put(mask.apply(field), keys));
        return new CrdChange(servedBefore, servedAfter, storageBefore, storageAfter,
                fieldsAdded.stream().map(mask).toList(), fieldsRemoved.stream().map(mask).toList(),
                rulesAdded.stream().map(mask).toList(), rulesRemoved.stream().map(mask).toList(), masked);
    }

    /** The summary of two versions of a CRD; empty when either is no CRD. */
    static Optional<CrdChange> of(JsonNode before, JsonNode after) {
        if (!isCrd(before) || !isCrd(after)) {
            return Optional.empty();
        }
        Map<String, JsonNode> old = versions(before);
        Map<String, JsonNode> now = versions(after);
        TreeSet<String> shared = new TreeSet<>(old.keySet());
        shared.retainAll(now.keySet());
        SortedMap<String, TreeSet<String>> added = new TreeMap<>();
        SortedMap<String, TreeSet<String>> removed = new TreeMap<>();
        SortedMap<String, TreeSet<String>> rulesAdded = new TreeMap<>();
        SortedMap<String, TreeSet<String>> rulesRemoved = new TreeMap<>();
        SortedMap<String, TreeSet<String>> constraints = new TreeMap<>();
        for (String version : shared) {
            Schema a = Schema.of(old.get(version));
            Schema b = Schema.of(now.get(version));
            difference(b.fields(), a.fields()).forEach(f -> note(added, f, version));
            difference(a.fields(), b.fields()).forEach(f -> note(removed, f, version));
            difference(b.rules, a.rules).forEach(r -> note(rulesAdded, r, version));
            difference(a.rules, b.rules).forEach(r -> note(rulesRemoved, r, version));
            a.nodes.forEach((field, node) -> {
                JsonNode other = b.nodes.get(field);
                if (other != null) {
                    TreeSet<String> keys = new TreeSet<>();
                    node.fieldNames().forEachRemaining(keys::add);
                    other.fieldNames().forEachRemaining(keys::add);
                    keys.removeAll(STRUCTURE);
                    keys.removeIf(k -> node.path(k).equals(other.path(k)));
                    if (!keys.isEmpty()) {
                        constraints.computeIfAbsent(field, f -> new TreeSet<>()).addAll(keys);
                    }
                }
            });
        }
        SortedMap<String, List<String>> constraintList = new TreeMap<>();
        constraints.forEach((field, keys) -> constraintList.put(field, List.copyOf(keys)));
        return Optional.of(new CrdChange(served(before), served(after), storage(before), storage(after),
                named(added, shared), named(removed, shared), named(rulesAdded, shared), named(rulesRemoved, shared),
                constraintList));
    }

    private static boolean isCrd(JsonNode node) {
        return node.isObject() && "CustomResourceDefinition".equals(node.path("kind").asText());
    }

    private static Map<String, JsonNode> versions(JsonNode crd) {
        Map<String, JsonNode> out = new TreeMap<>();
        crd.path("spec").path("versions").forEach(v -> out.put(v.path("name").asText(), v));
        return out;
    }

    private static List<String> served(JsonNode crd) {
        List<String> out = new ArrayList<>();
        crd.path("spec").path("versions").forEach(v -> {
            if (v.path("served").asBoolean(false)) {
                out.add(v.path("name").asText());
            }
        });
        return out;
    }

    private static String storage(JsonNode crd) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                return v.path("name").asText();
            }
        }
        return "";
    }

    private static List<String> difference(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    private static void note(SortedMap<String, TreeSet<String>> into, String what, String version) {
        into.computeIfAbsent(what, w -> new TreeSet<>()).add(version);
    }

    /** Each item, followed by the versions that have it when those are not all the shared ones. */
    private static List<String> named(SortedMap<String, TreeSet<String>> items, Set<String> shared) {
        List<String> out = new ArrayList<>();
        items.forEach((item, versions) -> out.add(versions.size() == shared.size() || shared.size() == 1 ? item
                : item + " (" + String.join(", ", versions) + ")"));
        return out;
    }

    /**
     * One version's schema: its fields (named properties), every schema node by path without its children (for the
     * constraints), and its CEL rules ({@code path: rule}).
     */
    private record Schema(Set<String> fieldSet, SortedMap<String, JsonNode> nodes, Set<String> rules) {

        static Schema of(JsonNode version) {
            Schema schema = new Schema(new TreeSet<>(), new TreeMap<>(), new TreeSet<>());
            schema.walk("", version.path("schema").path("openAPIV3Schema"));
            return schema;
        }

        Set<String> fields() {
            return fieldSet;
        }

        private void walk(String path, JsonNode node) {
            if (!node.isObject()) {
                return;
            }
            nodes.put(path.isEmpty() ? "(root)" : path, withoutChildren(node));
            for (JsonNode validation : node.path("x-kubernetes-validations")) {
                rules.add((path.isEmpty() ? "(root)" : path) + ": " + validation.path("rule").asText());
            }
            Iterator<Map.Entry<String, JsonNode>> properties = node.path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                String at = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                fieldSet.add(at);
                walk(at, property.getValue());
            }
            if (node.path("items").isObject()) {
                walk(path + "[]", node.path("items"));
            }
            if (node.path("additionalProperties").isObject()) {
                walk(path + ".*", node.path("additionalProperties"));
            }
        }

        private static JsonNode withoutChildren(JsonNode node) {
            if (!node.isObject()) {
                return node;
            }
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove(STRUCTURE);
            return copy;
        }
    }
}
