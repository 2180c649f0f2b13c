package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Numbers;
import dev.istiodsl.json.Yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads generated manifests (istioctl's and Helm's formatting alike) into resources: multi-document YAML, empty
 * documents and comments skipped, {@code List} kinds unpacked, anchors, aliases and duplicate keys refused, and an
 * IstioOperator refused: a manifest is what istioctl generates from one.
 */
public final class ManifestReader {

    private static final String ISTIO_OPERATOR = "IstioOperator";
    private static final String OPERATOR_GROUP = "install.istio.io/";

    private ManifestReader() {
    }

    /** What is wrong with a manifest, in words for a diagnostic. */
    public static final class Problem extends Exception {
        private final boolean istioOperator;

        public Problem(String message) {
            this(message, false);
        }

        private Problem(String message, boolean istioOperator) {
            super(message);
            this.istioOperator = istioOperator;
        }

        /** Whether a document is an IstioOperator: istioctl's input was given where its output was expected. */
        public boolean istioOperator() {
            return istioOperator;
        }
    }

    /**
     * One object of a manifest and where it is.
     *
     * @param document the number of the document it came from, counting empty ones ({@link Yaml.Document})
     * @param line     the line that document starts on
     */
    public record Located(Resource resource, int document, int line) {
    }

    /**
     * @param origin           where the text came from, kept on every resource for messages
     * @param defaultNamespace the namespace of namespaced objects written without one
     */
    public static List<Resource> read(String text, String origin, String defaultNamespace) throws Problem {
        List<Resource> resources = new ArrayList<>();
        for (Located located : readLocated(text, origin, defaultNamespace)) {
            resources.add(located.resource());
        }
        return resources;
    }

    /** Like {@link #read}, keeping where each object is in the text. */
    public static List<Located> readLocated(String text, String origin, String defaultNamespace) throws Problem {
        List<Yaml.Document> documents;
        try {
            documents = Yaml.numberedDocuments(text);
        } catch (Yaml.Problem e) {
            throw new Problem(e.numberOutOfRange() ? e.describe() + " (" + Numbers.RANGE + ")"
                    : "the manifest is not valid YAML " + e.describe());
        }
        List<Located> located = new ArrayList<>();
        for (Yaml.Document document : documents) {
            List<Resource> resources = new ArrayList<>();
            add(document.tree(), "document " + document.number(), origin, defaultNamespace, resources);
            resources.forEach(r -> located.add(new Located(r, document.number(), document.line())));
        }
        return located;
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
        if (kind.equals(ISTIO_OPERATOR) && document.path("apiVersion").asText("").startsWith(OPERATOR_GROUP)) {
            // Applied, it would do nothing without the in-cluster operator Istio removed in 1.24, or act behind the
            // tree's back with it; its place is istioctl's input.
            throw new Problem(where + " is an IstioOperator, the input istioctl reads, not an object it generates",
                    true);
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
