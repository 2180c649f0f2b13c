package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * What istioctl prints for the objects Helm rendered: every object re-serialised with sorted keys and no comments,
 * in istioctl's order (by kind priority, then name), each followed by {@code ---}. A manifest in this shape is what
 * a {@code manifest "file.yaml"} revision reads when a team commits istioctl's output.
 */
final class IstioctlShape {

    /** The kind order of {@code istioctl manifest generate} since 1.7. */
    private static final List<String> KIND_ORDER = List.of("CustomResourceDefinition", "ServiceAccount",
            "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration", "EnvoyFilter", "ConfigMap",
            "MutatingWebhookConfiguration", "Deployment", "PodDisruptionBudget", "Role", "RoleBinding",
            "HorizontalPodAutoscaler", "Service");

    private static final YAMLMapper YAML = new YAMLMapper();

    private IstioctlShape() {
    }

    static String of(String... helmOutputs) {
        List<JsonNode> objects = new ArrayList<>();
        try {
            for (String output : helmOutputs) {
                objects.addAll(Yaml.readDocuments(output));
            }
        } catch (Yaml.Problem e) {
            throw new AssertionError("Helm's output is not YAML " + e.describe(), e);
        }
        objects.sort(Comparator.comparingInt((JsonNode o) -> rank(o.path("kind").asText()))
                .thenComparing(o -> o.path("metadata").path("name").asText()));
        StringBuilder out = new StringBuilder();
        for (JsonNode object : objects) {
            try {
                out.append(YAML.writeValueAsString(sorted(object)).replaceFirst("^---\n", "")).append("---\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static int rank(String kind) {
        int rank = KIND_ORDER.indexOf(kind);
        return rank < 0 ? KIND_ORDER.size() : rank;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = Json.NODES.objectNode();
            new TreeSet<>(iterable(object)).forEach(key -> out.set(key, sorted(object.get(key))));
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.NODES.arrayNode();
            array.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
