package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Numbers;
import dev.istiodsl.json.Yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads generated manifests (istioctl's and Helm's formatting alike) into resources: multi-document YAML, empty
 * documents and comments skipped, {@code List} kinds unpacked, anchors, aliases and duplicate keys refused.
 */
public final class ManifestReader {

    private ManifestReader() {
    }

    /** What is wrong with a manifest, in words for a diagnostic. */
    public static final class Problem extends Exception {
        public Problem(String message) {
            super(message);
        }
    }

    /**
     * @param origin           where the text came from, kept on every resource for messages
     * @param defaultNamespace the namespace of namespaced objects written without one
     */
    public static List<Resource> read(String text, String origin, String defaultNamespace) throws Problem {
        List<Yaml.Document> documents;
        try {
            documents = Yaml.numberedDocuments(text);
        } catch (Yaml.Problem e) {
            throw new Problem(e.numberOutOfRange() ? e.describe() + " (" + Numbers.RANGE + ")"
                    : "the manifest is not valid YAML " + e.describe());
        }
        List<Resource> resources = new ArrayList<>();
        for (Yaml.Document document : documents) {
            add(document.tree(), "document " + document.number(), origin, defaultNamespace, resources);
        }
        return resources;
    }

    /**
     * Kubernetes reads a null field as an absent one, but kustomize (and so Flux) fails on some, such as Helm's bare
     * {@code env:}. Dropping them keeps the meaning and makes Helm's and istioctl's renders of one object equal.
     */
    static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
            object.forEach(ManifestReader::dropNulls);
        } else if (node.isArray()) {
            node.forEach(ManifestReader::dropNulls);
        }
    }

    private static void add(JsonNode document, String where, String origin, String defaultNamespace,
            List<Resource> into) throws Problem {
        if (!document.isObject()) {
            throw new Problem(where + " is not a Kubernetes object");
        }
        String kind = document.path("kind").asText("");
        if (kind.equals("List") || kind.endsWith("List") && document.path("items").isArray()) {
            JsonNode items = document.path("items");
            for (int i = 0; i < items.size(); i++) {
                add(items.get(i), where + " item " + (i + 1), origin, defaultNamespace, into);
            }
            return;
        }
        if (kind.isEmpty() || !document.path("apiVersion").isTextual()
                || !document.path("metadata").path("name").isTextual()) {
            throw new Problem(where + " lacks " + (kind.isEmpty() ? "kind" : !document.path("apiVersion")
                    .isTextual() ? "apiVersion" : "metadata.name"));
        }
        ObjectNode body = (ObjectNode) document;
        dropNulls(body);
        if (!Scope.isClusterScoped(kind) && body.path("metadata").path("namespace").asText("").isEmpty()) {
            // Written down, so the object lands where its id says whatever applies it (Flux, Helm, kubectl).
            ((ObjectNode) body.get("metadata")).put("namespace", defaultNamespace);
        }
        ResourceId id = ResourceId.of(body, Scope.isClusterScoped(kind) ? "" : defaultNamespace);
        if (Scope.isClusterScoped(kind) && !id.namespace().isEmpty()) {
            id = new ResourceId(id.group(), id.kind(), "", id.name());
        }
        into.add(new Resource(id, body, origin));
    }
}
