package dev.istiodsl.validate.schema.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node of a structural schema as the API server's CEL sees it: the CEL type of {@code self} there, and the CEL
 * value of a JSON instance of it.
 *
 * <p>Types, after the Kubernetes documentation ("Type system integration"): an object with {@code properties} is a
 * message type whose fields are the property names, escaped ({@link #escape}); an object with
 * {@code additionalProperties} is a map; {@code x-kubernetes-int-or-string} is an int or a string ({@code dyn});
 * arrays are lists; {@code integer} is int, {@code number} double, {@code boolean} bool; a string is bytes with
 * {@code format: byte}, a timestamp with {@code date}, {@code date-time} or {@code datetime}, a duration with
 * {@code duration}, else a string. The root and an {@code x-kubernetes-embedded-resource} also have
 * {@code apiVersion}, {@code kind} and {@code metadata.name}/{@code generateName}. What the schema does not type
 * ({@code x-kubernetes-preserve-unknown-fields} without properties, no {@code type}) is {@code dyn}.
 *
 * <p>Values: unknown fields of a message are not accessible; {@code null} counts as absent unless the schema says
 * {@code nullable: true}. Immutable.
 */
public final class SchemaType {

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final Pattern ACCESSIBLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

    private enum Shape { OBJECT, MAP, LIST, INT_OR_STRING, INT, DOUBLE, BOOL, STRING, BYTES, TIMESTAMP, DURATION, DYN }

    private final JsonNode schema;
    private final Shape shape;
    private final boolean nullable;
    /** Original property name → its type, for an object; empty otherwise. */
    private final Map<String, SchemaType> properties;
    private final SchemaType element;
    private final CelType type;

    private SchemaType(JsonNode schema, Shape shape, Map<String, SchemaType> properties, SchemaType element,
            CelType type) {
        this.schema = schema;
        this.shape = shape;
        this.nullable = schema.path("nullable").asBoolean(false);
        this.properties = properties;
        this.element = element;
        this.type = type;
    }

    /** The types of a whole structural schema, from its root: each object with properties becomes a message type. */
    public static Root root(JsonNode schema) {
        List<StructType> structs = new ArrayList<>();
        SchemaType root = build(schema, true, "self", structs);
        return new Root(root, ImmutableList.copyOf(structs));
    }

    /** The root's type and the message types of every object in the schema, to type-check rules with. */
    public record Root(SchemaType type, ImmutableList<StructType> structs) {

        public CelTypeProvider provider() {
            return new CelTypeProvider() {
                @Override
                public ImmutableCollection<CelType> types() {
                    return ImmutableList.copyOf(structs);
                }

                @Override
                public Optional<CelType> findType(String name) {
                    return structs.stream().filter(s -> s.name().equals(name)).map(s -> (CelType) s).findFirst();
                }
            };
        }
    }

    private static SchemaType build(JsonNode schema, boolean embedded, String path, List<StructType> structs) {
        String type = schema.path("type").asText("");
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return new SchemaType(schema, Shape.INT_OR_STRING, Map.of(), null, SimpleType.DYN);
        }
        embedded = embedded || schema.path("x-kubernetes-embedded-resource").asBoolean(false);
        JsonNode props = schema.path("properties");
        if (props.isObject() && !props.isEmpty() || embedded && (type.equals("object") || type.isEmpty())) {
            Map<String, SchemaType> children = new LinkedHashMap<>();
            Map<String, CelType> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                SchemaType child = build(e.getValue(), false, path + "." + e.getKey(), structs);
                children.put(e.getKey(), child);
                escape(e.getKey()).ifPresent(field -> fields.put(field, child.type));
            }
            if (embedded) {
                implicitResourceFields(children, fields, path, structs);
            }
            String name = "selfType" + structs.size() + "." + path;
            StructType struct = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                    field -> Optional.ofNullable(fields.get(field)));
            structs.add(struct);
            return new SchemaType(schema, Shape.OBJECT, Map.copyOf(children), null, struct);
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject()) {
            SchemaType value = build(additional, false, path + ".@value", structs);
            return new SchemaType(schema, Shape.MAP, Map.of(), value, MapType.create(SimpleType.STRING, value.type));
        }
        return switch (type) {
            case "object" -> new SchemaType(schema, Shape.DYN, Map.of(), null,
                    MapType.create(SimpleType.STRING, SimpleType.DYN));
            case "array" -> {
                JsonNode items = schema.path("items");
                SchemaType item = items.isObject() ? build(items, false, path + ".@items", structs) : null;
                yield new SchemaType(schema, Shape.LIST, Map.of(), item,
                        ListType.create(item == null ? SimpleType.DYN : item.type));
            }
            case "integer" -> new SchemaType(schema, Shape.INT, Map.of(), null, SimpleType.INT);
            case "number" -> new SchemaType(schema, Shape.DOUBLE, Map.of(), null, SimpleType.DOUBLE);
            case "boolean" -> new SchemaType(schema, Shape.BOOL, Map.of(), null, SimpleType.BOOL);
            case "string" -> switch (schema.path("format").asText("")) {
                case "byte" -> new SchemaType(schema, Shape.BYTES, Map.of(), null, SimpleType.BYTES);
                case "date", "date-time", "datetime" -> new SchemaType(schema, Shape.TIMESTAMP, Map.of(), null,
                        SimpleType.TIMESTAMP);
                case "duration" -> new SchemaType(schema, Shape.DURATION, Map.of(), null, SimpleType.DURATION);
                default -> new SchemaType(schema, Shape.STRING, Map.of(), null, SimpleType.STRING);
            };
            default -> new SchemaType(schema, Shape.DYN, Map.of(), null, SimpleType.DYN);
        };
    }

    /** apiVersion, kind and metadata (name, generateName), which every embedded object has whatever its schema. */
    private static void implicitResourceFields(Map<String, SchemaType> children, Map<String, CelType> fields,
            String path, List<StructType> structs) {
        JsonNode string = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type",
                "string");
        for (String name : List.of("apiVersion", "kind")) {
            children.putIfAbsent(name, new SchemaType(string, Shape.STRING, Map.of(), null, SimpleType.STRING));
            fields.putIfAbsent(name, children.get(name).type);
        }
        com.fasterxml.jackson.databind.node.ObjectNode metadata =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "object");
        metadata.putObject("properties").set("name", string.deepCopy());
        ((com.fasterxml.jackson.databind.node.ObjectNode) metadata.get("properties")).set("generateName",
                string.deepCopy());
        SchemaType meta = build(metadata, false, path + ".metadata", structs);
        children.put("metadata", meta);
        fields.put("metadata", meta.type);
    }

    /**
     * A property name as a CEL field name: a reserved word becomes {@code __word__}; "__", ".", "-" and "/" become
     * {@code __underscores__}, {@code __dot__}, {@code __dash__}, {@code __slash__}. Empty when the name is not
     * accessible from CEL at all (it must match {@code [a-zA-Z_.-/][a-zA-Z0-9_.-/]*}).
     */
    public static Optional<String> escape(String name) {
        if (!ACCESSIBLE.matcher(name).matches()) {
            return Optional.empty();
        }
        if (RESERVED.contains(name)) {
            return Optional.of("__" + name + "__");
        }
        return Optional.of(name.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__")
                .replace("/", "__slash__"));
    }

    public CelType type() {
        return type;
    }

    public JsonNode schema() {
        return schema;
    }

    /** The type of a declared property of an object, by its name in the schema. */
    public Optional<SchemaType> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The type of a map's values or of a list's items; empty for other nodes or when the schema says nothing. */
    public Optional<SchemaType> element() {
        return Optional.ofNullable(element);
    }

    public boolean isMap() {
        return shape == Shape.MAP;
    }

    public boolean isList() {
        return shape == Shape.LIST;
    }

    /** Whether a JSON value counts as present here: {@code null} does only where the schema allows it. */
    public boolean present(JsonNode value) {
        return value != null && !value.isMissingNode() && (!value.isNull() || nullable);
    }

    /** The CEL value of a JSON instance of this node. Values of the wrong JSON type are converted as they are. */
    public Object value(JsonNode json) {
        if (json.isNull()) {
            return NullValue.NULL_VALUE;
        }
        switch (shape) {
            case OBJECT -> {
                if (!json.isObject()) {
                    return generic(json);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                properties.forEach((name, child) -> {
                    JsonNode v = json.get(name);
                    if (child.present(v)) {
                        escape(name).ifPresent(field -> out.put(field, child.value(v)));
                    }
                });
                return out;
            }
            case MAP -> {
                if (!json.isObject()) {
                    return generic(json);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                json.fields().forEachRemaining(e -> {
                    if (element.present(e.getValue())) {
                        out.put(e.getKey(), element.value(e.getValue()));
                    }
                });
                return out;
            }
            case LIST -> {
                if (!json.isArray() || element == null) {
                    return generic(json);
                }
                List<Object> out = new ArrayList<>(json.size());
                json.forEach(item -> out.add(element.value(item)));
                return out;
            }
            case INT -> {
                return json.canConvertToExactIntegral() && json.canConvertToLong() ? (Object) json.asLong()
                        : generic(json);
            }
            case DOUBLE -> {
                return json.isNumber() ? (Object) json.asDouble() : generic(json);
            }
            case BYTES -> {
                if (json.isTextual()) {
                    try {
                        return CelByteString.of(Base64.getDecoder().decode(json.asText()));
                    } catch (IllegalArgumentException notBase64) {
                        return json.asText();
                    }
                }
                return generic(json);
            }
            case TIMESTAMP -> {
                Instant t = json.isTextual() ? timestamp(json.asText()) : null;
                return t != null ? t : generic(json);
            }
            case DURATION -> {
                Duration d = json.isTextual() ? duration(json.asText()) : null;
                return d != null ? d : generic(json);
            }
            default -> {
                return generic(json);
            }
        }
    }

    /** A JSON value as CEL sees it without a schema: objects are maps, integers ints, other numbers doubles. */
    static Object generic(JsonNode json) {
        return switch (json.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                json.fields().forEachRemaining(e -> out.put(e.getKey(), generic(e.getValue())));
                yield out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>(json.size());
                json.forEach(item -> out.add(generic(item)));
                yield out;
            }
            case NUMBER -> json.canConvertToExactIntegral() && json.canConvertToLong() ? (Object) json.asLong()
                    : (Object) json.asDouble();
            case BOOLEAN -> json.asBoolean();
            case STRING -> json.asText();
            default -> NullValue.NULL_VALUE;
        };
    }

    /** An RFC 3339 date-time (or a date, at midnight UTC; or a date-time without zone, in UTC), else null. */
    static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");

    /** A Go duration ("1h30m", "1.5s", "-300ms"), else null. */
    static Duration duration(String text) {
        String s = text;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher m = DURATION_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                return null;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (at == 0) {
            return null;
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }
}
