package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.resource.Secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares two trees resource by resource and field by field, ignoring formatting and key order. Lists whose items a
 * key identifies ({@code name}, else {@code port}, else {@code key}: containers, env, ports, volumes, tolerations) are
 * matched by that key, so a moved item is one "order" change, not a change of every item after it. The values of a
 * Secret's {@code data} and {@code stringData} are never shown: only which keys changed.
 */
public final class SemanticDiff {

    private static final List<String> ITEM_KEYS = List.of("name", "port", "key", "mountPath");
    private static final String REDACTED = "<redacted>";
    private static final Pattern SECRET_KIND = Pattern.compile("(?m)^\\s*kind:\\s*[\"']?Secret[\"']?\\s*$");

    private SemanticDiff() {
    }

    /**
     * @param before files by path in the tree ({@code prod/base/namespace/payments.yaml}), as they were
     * @param after  the same, as they are now
     * @return per environment (the first path segment), the resources that differ, by file
     */
    public static SortedMap<String, List<ResourceChange>> compare(Map<String, byte[]> before,
            Map<String, byte[]> after) {
        SortedMap<String, List<ResourceChange>> out = new TreeMap<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash < 0 || !path.endsWith(".yaml")) {
                continue; // the lock file, and anything that is not a resource of an environment
            }
            String env = path.substring(0, slash);
            String file = path.substring(slash + 1);
            Optional<JsonNode> old = parse(before.get(path));
            Optional<JsonNode> now = parse(after.get(path));
            ResourceChange change;
            if (old.isEmpty() && now.isEmpty()) {
                continue;
            } else if (old.isEmpty()) {
                change = change(ResourceChange.Type.ADDED, file, now.get(), List.of());
            } else if (now.isEmpty()) {
                change = change(ResourceChange.Type.REMOVED, file, old.get(), List.of());
            } else {
                List<FieldChange> fields = fields(old.get(), now.get(), isSecret(file, old.get(), now.get()));
                if (fields.isEmpty()) {
                    continue;
                }
                change = change(ResourceChange.Type.CHANGED, file, now.get(), fields);
                if (change.kind().equals("CustomResourceDefinition")) {
                    change = new ResourceChange(change.type(), change.file(), change.kind(), change.name(),
                            change.fields(), CrdChange.of(old.get(), now.get()));
                }
            }
            out.computeIfAbsent(env, e -> new ArrayList<>()).add(change);
        }
        return out;
    }

    /** Every field that differs between two versions of one resource, in document order. */
    public static List<FieldChange> fields(JsonNode before, JsonNode after) {
        return fields(before, after, Secrets.isSecret(before) || Secrets.isSecret(after));
    }

    /**
     * Every field that differs, a Secret's values redacted. A Secret whose two versions are not both Secrets (a
     * committed file left with conflict markers, which is compared as text; an object that changed its kind) is
     * compared whole, and shown by the names of its keys only.
     */
    private static List<FieldChange> fields(JsonNode before, JsonNode after, boolean secret) {
        List<FieldChange> out = new ArrayList<>();
        if (secret && !(Secrets.isSecret(before) && Secrets.isSecret(after))) {
            if (!before.equals(after)) {
                out.add(new FieldChange("", redacted(before), redacted(after)));
            }
            return out;
        }
        walk("", before, after, secret, out);
        return out;
    }

    /**
     * Whether a file holds a Secret: either version is one, it is in a {@code secret} folder of the tree's layout, or
     * a version that is not YAML any more says {@code kind: Secret}.
     */
    private static boolean isSecret(String file, JsonNode before, JsonNode after) {
        String[] segments = file.split("/");
        return Secrets.isSecret(before) || Secrets.isSecret(after)
                || segments.length >= 2 && segments[segments.length - 2].equals("secret")
                || Stream.of(before, after).anyMatch(v -> v.isTextual() && SECRET_KIND.matcher(v.asText()).find());
    }

    /** A version of a Secret as the names of its keys, or as "not YAML". */
    private static String redacted(JsonNode version) {
        if (!version.isObject()) {
            return "<redacted: not YAML>";
        }
        List<String> keys = new ArrayList<>();
        for (String field : Secrets.FIELDS) {
            version.path(field).fieldNames().forEachRemaining(keys::add);
        }
        return keys.isEmpty() ? REDACTED : "<redacted: " + String.join(", ", keys) + ">";
    }

    private static ResourceChange change(ResourceChange.Type type, String file, JsonNode body,
            List<FieldChange> fields) {
        String namespace = body.path("metadata").path("namespace").asText("");
        // Files that are no Kubernetes object (a kustomization, a helmfile, a chart's Chart.yaml or template) go
        // by their file name, and "file" when they have no kind either.
        String name = body.path("metadata").path("name").asText(file.substring(file.lastIndexOf('/') + 1));
        return new ResourceChange(type, file, body.path("kind").asText("file"),
                namespace.isEmpty() ? name : namespace + "/" + name, fields);
    }

    private static void walk(String path, JsonNode before, JsonNode after, boolean secret, List<FieldChange> out) {
        if (before.equals(after)) {
            return;
        }
        boolean secretValues = secret && (path.equals("data") || path.equals("stringData"));
        if (before.isObject() && after.isObject()) {
            Map<String, JsonNode> keys = new LinkedHashMap<>();
            before.fieldNames().forEachRemaining(k -> keys.put(k, before.get(k)));
            after.fieldNames().forEachRemaining(k -> keys.putIfAbsent(k, after.get(k)));
            for (String key : keys.keySet()) {
                String at = path.isEmpty() ? key : path + "." + key;
                JsonNode b = before.get(key);
                JsonNode a = after.get(key);
                boolean secretBlock = secret && path.isEmpty() && (key.equals("data") || key.equals("stringData"));
                if (secretBlock && (b == null || a == null)) {
                    out.add(new FieldChange(at, b == null ? null : keysOnly(b), a == null ? null : keysOnly(a)));
                } else if (secretValues) {
                    if (b == null || a == null || !b.equals(a)) {
                        out.add(new FieldChange(at, b == null ? null : REDACTED, a == null ? null : REDACTED));
                    }
                } else if (b == null) {
                    out.add(new FieldChange(at, null, text(a)));
                } else if (a == null) {
                    out.add(new FieldChange(at, text(b), null));
                } else {
                    walk(at, b, a, secret, out);
                }
            }
            return;
        }
        if (before.isArray() && after.isArray()) {
            Optional<String> key = itemKey(before, after);
            if (key.isPresent()) {
                keyedList(path, key.get(), before, after, secret, out);
                return;
            }
            if (before.size() == after.size()) {
                for (int i = 0; i < before.size(); i++) {
                    walk(path + "[" + i + "]", before.get(i), after.get(i), secret, out);
                }
                return;
            }
            // No key and another length: the items that went and the items that came, compared whole.
            List<JsonNode> gone = new ArrayList<>();
            before.forEach(gone::add);
            List<JsonNode> came = new ArrayList<>();
            for (JsonNode item : after) {
                if (!gone.remove(item)) {
                    came.add(item);
                }
            }
            gone.forEach(item -> out.add(new FieldChange(path + "[-]", text(item), null)));
            came.forEach(item -> out.add(new FieldChange(path + "[+]", null, text(item))));
            return;
        }
        if (before.isTextual() && after.isTextual() && LineDiff.applies(before.asText(), after.asText())) {
            out.add(new FieldChange(path, text(before), text(after), LineDiff.of(before.asText(), after.asText())));
            return;
        }
        out.add(new FieldChange(path, text(before), text(after)));
    }

    /** The key every item of both lists has, unique in each: what identifies an item wherever it stands. */
    private static Optional<String> itemKey(JsonNode before, JsonNode after) {
        for (String key : ITEM_KEYS) {
            if (identifies(before, key) && identifies(after, key) && (before.size() > 0 || after.size() > 0)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static boolean identifies(JsonNode list, String key) {
        TreeSet<String> seen = new TreeSet<>();
        for (JsonNode item : list) {
            if (!item.isObject() || !item.path(key).isValueNode() || !seen.add(item.path(key).asText())) {
                return false;
            }
        }
        return true;
    }

    private static void keyedList(String path, String key, JsonNode before, JsonNode after, boolean secret,
            List<FieldChange> out) {
        Map<String, JsonNode> old = byKey(before, key);
        Map<String, JsonNode> now = byKey(after, key);
        for (Map.Entry<String, JsonNode> item : old.entrySet()) {
            String at = path + "[" + key + "=" + item.getKey() + "]";
            JsonNode other = now.get(item.getKey());
            if (other == null) {
                out.add(new FieldChange(at, text(item.getValue()), null));
            } else {
                walk(at, item.getValue(), other, secret, out);
            }
        }
        for (Map.Entry<String, JsonNode> item : now.entrySet()) {
            if (!old.containsKey(item.getKey())) {
                out.add(new FieldChange(path + "[" + key + "=" + item.getKey() + "]", null, text(item.getValue())));
            }
        }
        List<String> oldOrder = new ArrayList<>(old.keySet());
        oldOrder.retainAll(now.keySet());
        List<String> newOrder = new ArrayList<>(now.keySet());
        newOrder.retainAll(old.keySet());
        if (!oldOrder.equals(newOrder)) {
            out.add(new FieldChange(path + " (order of " + key + ")", String.join(", ", oldOrder),
                    String.join(", ", newOrder)));
        }
    }

    /** A Secret's data as the names of its keys only. */
    private static String keysOnly(JsonNode data) {
        List<String> keys = new ArrayList<>();
        data.fieldNames().forEachRemaining(keys::add);
        return "<redacted: " + String.join(", ", keys) + ">";
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        list.forEach(item -> out.put(item.path(key).asText(), item));
        return out;
    }

    /** A value as one line of JSON (strings unquoted), cut to a readable length. */
    static String text(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        text = text.replace("\n", "\\n");
        return text.length() > 200 ? text.substring(0, 199) + "\u2026" : text;
    }

    private static Optional<JsonNode> parse(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        // A file that is not one YAML document (edited by hand, say) is compared as text.
        return Optional.of(document(bytes).orElseGet(() -> Json.NODES.textNode(new String(bytes,
                StandardCharsets.UTF_8))));
    }

    /** A tree file's one YAML document; empty when it holds none, several, or no YAML at all. */
    static Optional<JsonNode> document(byte[] bytes) {
        try {
            List<JsonNode> documents = Yaml.readDocuments(new String(bytes, StandardCharsets.UTF_8));
            return documents.size() == 1 ? Optional.of(documents.get(0)) : Optional.empty();
        } catch (Yaml.Problem e) {
            return Optional.empty();
        }
    }
}
