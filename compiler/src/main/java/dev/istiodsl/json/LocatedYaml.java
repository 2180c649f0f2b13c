package dev.istiodsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML read as the Go tools that read Kubernetes and Istio files read it (sigs.k8s.io/yaml, YAML 1.1 scalars:
 * {@code yes} is true, {@code 0x1f} a number), with the place of every key and value, so a check of a file the mesh
 * names can point at the line that is wrong. Anchors and aliases are resolved and {@code <<:} merge keys applied, as
 * those tools do: the file goes to istioctl as it is, and the check must see what istioctl sees.
 */
public final class LocatedYaml {

    /**
     * How many values a document may hold once its aliases are expanded: a few aliases can build billions. A whole
     * profile dumped as an IstioOperator holds about a thousand.
     */
    static final int MAX_VALUES = 100_000;

    private LocatedYaml() {
    }

    /** A place in the text: 1-based line and column (in code points), and how many characters it spans. */
    public record Place(int line, int column, int length) {
    }

    /**
     * One document: its tree, and by JSON pointer ({@code /spec/values}, {@code /spec/components/ingressGateways/0})
     * where each key is written (for list items: the item) and where each value starts. A value an alias repeats is
     * placed where its anchor defines it.
     */
    public record Document(JsonNode tree, Map<String, Place> keys, Map<String, Place> values) {

        public Document {
            keys = Map.copyOf(keys);
            values = Map.copyOf(values);
        }
    }

    /** Every non-empty document of the text, in order. */
    public static List<Document> read(String text) throws Yaml.Problem {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setNestingDepthLimit(Json.MAX_DEPTH);
        List<Document> documents = new ArrayList<>();
        try {
            for (Node root : new org.yaml.snakeyaml.Yaml(options).composeAll(new StringReader(text))) {
                Builder builder = new Builder();
                JsonNode tree = builder.value(root, "", 0);
                if (!tree.isNull() && !(tree.isTextual() && tree.asText().isEmpty())) {
                    documents.add(new Document(tree, builder.keys, builder.values));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = String.valueOf(e.getProblem()).lines().findFirst().orElse("").strip();
            throw mark == null ? new Yaml.Problem(message, 0, 0)
                    : new Yaml.Problem(message, mark.getLine() + 1, mark.getColumn() + 1);
        } catch (YAMLException e) {
            throw new Yaml.Problem(String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip(), 0, 0);
        }
        return documents;
    }

    private static final class Builder {
        final Map<String, Place> keys = new HashMap<>();
        final Map<String, Place> values = new HashMap<>();
        int built;

        JsonNode value(Node node, String pointer, int depth) throws Yaml.Problem {
            if (depth > Json.MAX_DEPTH) {
                throw problem(node, "maps and lists nest more than " + Json.MAX_DEPTH + " deep (or an alias holds "
                        + "itself)");
            }
            if (++built > MAX_VALUES) {
                throw problem(node, "aliases expand this document to more than " + MAX_VALUES + " values");
            }
            values.putIfAbsent(pointer, place(node));
            if (node instanceof MappingNode mapping) {
                ObjectNode object = Json.NODES.objectNode();
                for (Map.Entry<String, Entry> entry : entries(mapping).entrySet()) {
                    String child = pointer + "/" + escape(entry.getKey());
                    keys.putIfAbsent(child, entry.getValue().keyPlace());
                    object.set(entry.getKey(), value(entry.getValue().value(), child, depth + 1));
                }
                return object;
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = Json.NODES.arrayNode();
                for (Node item : sequence.getValue()) {
                    String child = pointer + "/" + array.size();
                    keys.putIfAbsent(child, place(item));
                    array.add(value(item, child, depth + 1));
                }
                return array;
            }
            return scalar((ScalarNode) node);
        }

        /** A map's entries: its own keys, then those merge keys bring that it does not have (earlier merges win). */
        private static Map<String, Entry> entries(MappingNode mapping) throws Yaml.Problem {
            Map<String, Entry> own = new LinkedHashMap<>();
            List<MappingNode> merged = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node key = tuple.getKeyNode();
                if (key.getTag().equals(Tag.MERGE)) {
                    Node from = tuple.getValueNode();
                    if (from instanceof MappingNode map) {
                        merged.add(map);
                    } else if (from instanceof SequenceNode list && list.getValue().stream()
                            .allMatch(MappingNode.class::isInstance)) {
                        list.getValue().forEach(item -> merged.add((MappingNode) item));
                    } else {
                        throw problem(from, "a merge key (<<) takes a map or a list of maps");
                    }
                    continue;
                }
                if (!(key instanceof ScalarNode scalar)) {
                    throw problem(key, "a map key must be a plain value, not a map or a list");
                }
                own.put(scalar.getValue(), new Entry(place(key), tuple.getValueNode()));
            }
            for (MappingNode from : merged) {
                entries(from).forEach(own::putIfAbsent);
            }
            return own;
        }

        private static JsonNode scalar(ScalarNode node) {
            String text = node.getValue();
            Tag tag = node.getTag();
            if (tag.equals(Tag.NULL)) {
                return Json.NODES.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                return Json.NODES.booleanNode(lower.equals("true") || lower.equals("yes") || lower.equals("on")
                        || lower.equals("y"));
            }
            if (tag.equals(Tag.INT)) {
                BigInteger number = integer(text);
                if (number == null) {
                    return Json.NODES.textNode(text);
                }
                // The smallest node that holds it, as a YAML parser gives: an int32 field takes an int, not a BigInteger.
                return number.bitLength() < 32 ? Json.NODES.numberNode(number.intValue())
                        : number.bitLength() < 64 ? Json.NODES.numberNode(number.longValue())
                        : Json.NODES.numberNode(number);
            }
            if (tag.equals(Tag.FLOAT)) {
                try {
                    return Json.NODES.numberNode(new java.math.BigDecimal(text.replace("_", "")));
                } catch (NumberFormatException e) {
                    return Json.NODES.textNode(text);
                }
            }
            return Json.NODES.textNode(text);
        }

        /** A YAML 1.1 integer (decimal, 0x, 0o, 0b, a leading 0 for octal, underscores), or null for a form Go reads as text. */
        private static BigInteger integer(String text) {
            String digits = text.replace("_", "");
            boolean negative = digits.startsWith("-");
            if (digits.startsWith("-") || digits.startsWith("+")) {
                digits = digits.substring(1);
            }
            int radix = 10;
            if (digits.startsWith("0x")) {
                radix = 16;
                digits = digits.substring(2);
            } else if (digits.startsWith("0o")) {
                radix = 8;
                digits = digits.substring(2);
            } else if (digits.startsWith("0b")) {
                radix = 2;
                digits = digits.substring(2);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                radix = 8;
                digits = digits.substring(1);
            }
            try {
                BigInteger value = new BigInteger(digits, radix);
                return negative ? value.negate() : value;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static Place place(Node node) {
            Mark start = node.getStartMark();
            Mark end = node.getEndMark();
            int length = node instanceof ScalarNode && end != null && end.getLine() == start.getLine()
                    ? end.getColumn() - start.getColumn() : 1;
            return new Place(start.getLine() + 1, start.getColumn() + 1, Math.max(1, length));
        }

        private static Yaml.Problem problem(Node node, String message) {
            Place at = place(node);
            return new Yaml.Problem(message, at.line(), at.column());
        }
    }

    private record Entry(Place keyPlace, Node value) {
    }

    /** RFC 6901: "~" and "/" in a key ({@code sidecar.istio.io/inject}) are written "~0" and "~1". */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
