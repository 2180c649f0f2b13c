package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.util.Utf8ByteOrder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one text of a resource: the bytes a pull request diffs, so they depend on nothing but the resource.
 *
 * <ul>
 *   <li>{@code apiVersion}, {@code kind}, {@code metadata} first, then the other top-level keys; {@code name} and
 *   {@code namespace} first inside {@code metadata}; every other map sorted by the UTF-8 bytes of its keys; lists in
 *   their order.</li>
 *   <li>Two-space indentation, lists indented under their key, {@code {}} and {@code []} for empty ones; no document
 *   markers, no comments, LF only, one final line break, UTF-8 characters as they are.</li>
 *   <li>Multi-line text (injector templates, mesh config, values JSON) as literal blocks, so diffs go line by line;
 *   text a block cannot carry exactly (lines ending in spaces, tabs, control characters, or blank lines that would
 *   end the file) as double-quoted lines, still one source line per output line.</li>
 *   <li>Strings plain only when every YAML 1.1 and 1.2 reader takes them for that string ({@link YamlScalars}).</li>
 * </ul>
 *
 * <p>Why not Jackson's {@code YAMLGenerator}: it delegates style to SnakeYAML's emitter, which folds long strings at
 * a width, refuses literal blocks for text with trailing spaces and falls back to folded double-quoted text whose
 * line breaks are not the text's, chooses quotes from a resolver that misses 1.1 forms ({@code 0x1F}, {@code 1_000},
 * {@code 1:20}) unless numbers are always quoted, writes long keys as {@code ? } entries at its own threshold, and has
 * changed these choices between versions. The output contract is these bytes, so a hundred lines that decide every
 * one of them are cheaper than pinning another library's behaviour.
 */
public final class CanonicalYaml {

    static final int INDENT = 2;
    private static final List<String> TOP_FIRST = List.of("apiVersion", "kind", "metadata");
    private static final List<String> METADATA_FIRST = List.of("name", "namespace");

    private final StringBuilder out = new StringBuilder();

    private CanonicalYaml() {
    }

    /** The canonical YAML of one resource body, ending in exactly one line break. */
    public static String write(ObjectNode body) {
        if (body.isEmpty()) {
            return "{}\n";
        }
        CanonicalYaml writer = new CanonicalYaml();
        writer.mapping(body, 0, false, TOP_FIRST, true);
        return writer.out.toString();
    }

    /**
     * @param inline       the cursor already stands at {@code indent}, after a list's {@code "- "}
     * @param endsDocument nothing follows this map in the document
     */
    private void mapping(ObjectNode node, int indent, boolean inline, List<String> first, boolean endsDocument) {
        List<String> keys = orderedKeys(node, first);
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (i > 0 || !inline) {
                indent(indent);
            }
            String text = YamlScalars.inline(key);
            if (text.length() > YamlScalars.LONGEST_IMPLICIT_KEY) {
                out.append("? ").append(text).append('\n').append(" ".repeat(indent));
            } else {
                out.append(text);
            }
            out.append(':');
            List<String> childFirst = first == TOP_FIRST && key.equals("metadata") ? METADATA_FIRST : List.of();
            value(node.get(key), indent, childFirst, endsDocument && i == keys.size() - 1);
        }
    }

    private void sequence(JsonNode node, int indent, boolean inline, boolean endsDocument) {
        for (int i = 0; i < node.size(); i++) {
            if (i > 0 || !inline) {
                indent(indent);
            }
            out.append('-');
            JsonNode item = node.get(i);
            boolean last = endsDocument && i == node.size() - 1;
            if (item.isObject() && !item.isEmpty()) {
                out.append(' ');
                mapping((ObjectNode) item, indent + INDENT, true, List.of(), last);
            } else if (item.isArray() && !item.isEmpty()) {
                out.append(' ');
                sequence(item, indent + INDENT, true, last);
            } else {
                value(item, indent, List.of(), last);
            }
        }
    }

    /** Writes what follows a key's {@code ":"} or a list's {@code "-"}; {@code indent} is that key's or dash's. */
    private void value(JsonNode node, int indent, List<String> first, boolean endsDocument) {
        int inner = indent + INDENT;
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (node.isEmpty()) {
                    out.append(" {}\n");
                } else {
                    out.append('\n');
                    mapping((ObjectNode) node, inner, false, first, endsDocument);
                }
            }
            case ARRAY -> {
                if (node.isEmpty()) {
                    out.append(" []\n");
                } else {
                    out.append('\n');
                    sequence(node, inner, false, endsDocument);
                }
            }
            case STRING -> YamlScalars.appendText(out, node.textValue(), inner, endsDocument);
            case NUMBER -> out.append(' ').append(YamlScalars.number(node)).append('\n');
            case BOOLEAN -> out.append(node.booleanValue() ? " true\n" : " false\n");
            case NULL -> out.append(" null\n");
            case BINARY -> out.append(' ').append(YamlScalars.binary(binaryValue(node))).append('\n');
            default -> throw new IllegalArgumentException("a resource holds a " + node.getNodeType()
                    + " node, which has no YAML form");
        }
    }

    private void indent(int spaces) {
        for (int i = 0; i < spaces; i++) {
            out.append(' ');
        }
    }

    private static byte[] binaryValue(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a binary node without bytes", e);
        }
    }

    /** The first keys that are present, then the others in UTF-8 byte order; one list per map, nothing else. */
    private static List<String> orderedKeys(ObjectNode node, List<String> first) {
        List<String> keys = new ArrayList<>(node.size());
        for (String key : first) {
            if (node.has(key)) {
                keys.add(key);
            }
        }
        int firstCount = keys.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (firstCount == 0 || !first.contains(key)) {
                keys.add(key);
            }
        }
        keys.subList(firstCount, keys.size()).sort(Utf8ByteOrder.ORDER);
        return keys;
    }
}
