package dev.istiodsl.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an upgrade changes for one environment's configuration: the control plane (and gateways) of revision A against
 * those of revision B, with the revision names taken out of file names, object names, labels and values, so
 * {@code istiod-1-22-8} and {@code istiod-1-24-6} are compared as one {@code istiod-<rev>}, and with the version
 * numbers taken out of version labels ({@link VersionLabels}). What remains is what the new Istio version and the
 * DSL's settings for it change.
 */
public final class RevisionDiff {

    /** What stands for either revision name after normalising. */
    public static final String REV = "<rev>";

    private RevisionDiff() {
    }

    /**
     * @param tree        the compiled tree, files by path ({@code test/revisions/1-22-8/...})
     * @param environment the environment both revisions run in
     * @return the changes from A to B, under the environment's name, and nothing else
     */
    public static TreeDiff compare(Map<String, byte[]> tree, String environment, String from, String to) {
        SortedMap<String, byte[]> a = part(tree, environment, from);
        SortedMap<String, byte[]> b = part(tree, environment, to);
        return new TreeDiff("revision " + from + " of environment " + environment, SemanticDiff.compare(a, b),
                List.of());
    }

    /**
     * A file with the version labels of its objects (and of their pod templates) normalised: their version numbers
     * become {@link VersionLabels#VERSION}, as revision names become {@link #REV}. A file that is not one YAML
     * document is left as it is.
     */
    private static byte[] versionLabels(byte[] bytes) {
        Optional<JsonNode> document = SemanticDiff.document(bytes);
        if (document.isEmpty()) {
            return bytes;
        }
        normalise(document.get());
        try {
            return Json.MAPPER.writeValueAsBytes(document.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed document cannot be written back", e);
        }
    }

    private static void normalise(JsonNode node) {
        if (node.isObject()) {
            JsonNode labels = node.path("metadata").path("labels");
            if (labels.isObject()) {
                ObjectNode writable = (ObjectNode) labels;
                List<String> keys = new ArrayList<>();
                labels.fieldNames().forEachRemaining(keys::add);
                for (String key : keys) {
                    String value = labels.get(key).asText();
                    if (labels.get(key).isValueNode() && VersionLabels.carriesVersion(key, value)) {
                        writable.put(key, VersionLabels.KEYS.contains(key) ? VersionLabels.VERSION
                                : VersionLabels.normalised(value));
                    }
                }
            }
        }
        node.forEach(RevisionDiff::normalise);
    }

    /** The files of one revision (its control plane and its gateways), normalised. */
    private static SortedMap<String, byte[]> part(Map<String, byte[]> tree, String environment, String revision) {
        Pattern name = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(revision) + "(?![A-Za-z0-9])");
        SortedMap<String, byte[]> out = new TreeMap<>();
        tree.forEach((path, bytes) -> {
            String[] parts = path.split("/");
            boolean revisionPart = parts.length > 3 && parts[0].equals(environment) && parts[1].equals("revisions")
                    && parts[2].equals(revision);
            boolean gatewayPart = parts.length > 4 && parts[0].equals(environment) && parts[1].equals("gateways")
                    && parts[3].equals(revision);
            if ((revisionPart || gatewayPart) && !path.endsWith("/kustomization.yaml")) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                out.put(name.matcher(path).replaceAll(REV), versionLabels(name.matcher(text).replaceAll(REV)
                        .getBytes(StandardCharsets.UTF_8)));
            }
        });
        return out;
    }
}
