package dev.istiodsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A revision's IstioOperator file, read as istioctl reads it (aliases resolved, merge keys applied), with the place of
 * every field, so a check of what it sets is reported at its line. Its tree is shared, never modified.
 *
 * @param path     where the file is (absolute, inside the project); it goes to istioctl as it is
 * @param document the IstioOperator document of the file
 * @param keys     by JSON pointer into the document ({@code /spec/values/global/tag}), where the key is written (for a
 *                 list item, the item)
 * @param values   by JSON pointer, where the value starts
 */
public record OperatorFile(Path path, JsonNode document, SourceLocation at, Map<String, SourceLocation> keys,
        Map<String, SourceLocation> values) {

    public OperatorFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(at, "at");
        keys = Map.copyOf(keys);
        values = Map.copyOf(values);
    }

    /** The file's {@code spec}; an empty one when it has none, or one that is not a map. */
    public ObjectNode spec() {
        return document.path("spec") instanceof ObjectNode spec ? spec : Json.NODES.objectNode();
    }

    /** Where the field at {@code pointer} is written: its key, else that of the nearest field around it. */
    public SourceLocation keyAt(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            SourceLocation found = keys.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return at;
            }
        }
    }

    /** Where the value at {@code pointer} starts: for a wrong value, under the value rather than its key. */
    public SourceLocation valueAt(String pointer) {
        SourceLocation found = values.get(pointer);
        return found != null ? found : keyAt(pointer);
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }
}
