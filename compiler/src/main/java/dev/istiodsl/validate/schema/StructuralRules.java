package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.validate.Finding;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Kubernetes API server makes of a custom resource with the structural schema of its CRD, beyond what a
 * JSON-schema validator checks, read from the schema as the CRD writes it (with its {@code x-kubernetes-*}
 * extensions, {@code nullable} and {@code default}).
 *
 * <p>{@link #normalize} does what the API server does to a resource before it validates it: a {@code null} field the
 * schema does not declare {@code nullable} is dropped, or replaced by the field's {@code default}, an absent field
 * with a {@code default} gets it, and a whole number written with a fraction ({@code 80.0}) is the integer it reaches
 * the API server as. {@link #check} then finds:
 * <ul>
 * <li>{@code Schema.DuplicateListKey}: two entries of an {@code x-kubernetes-list-type: map} list with the same values
 * of its {@code x-kubernetes-list-map-keys} (all keys together; an absent key counts as unset, after defaulting), or
 * two equal values of an {@code x-kubernetes-list-type: set} list; one finding per repeated entry, at its pointer,
 * naming the first;</li>
 * <li>{@code Schema.InvalidValue}: a string against a {@code format} the API server checks: {@code byte} (base64),
 * {@code date} and {@code date-time}. The API server also knows uri, email, hostname, ipv4, ipv6, cidr, mac, uuid,
 * isbn, creditcard, ssn, hexcolor, rgbcolor, bsonobjectid and duration, which no Istio CRD uses; they are not
 * checked here. Any other format (int32, int64, double, string, binary, dateTime) it ignores, and so does this.</li>
 * </ul>
 * Only the structural schema is walked ({@code properties}, {@code additionalProperties}, {@code items}), as the API
 * server walks it; fields the schema does not declare are left to the JSON-schema validator.
 *
 * <p>Immutable and safe to share between threads.
 */
final class StructuralRules {

    static final String DUPLICATE_LIST_KEY = "Schema.DuplicateListKey";

    /** govalidator's base64, which the API server's {@code byte} format is: padded, never empty, no line breaks. */
    private static final Pattern BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    /** The time after the "t" of go-openapi's date-time, lower-cased; hours, minutes and seconds compared as text. */
    private static final Pattern TIME = Pattern.compile(
            "^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");

    /** From 1e21 on, Go writes a float64 with an exponent, which the API server reads back as a float. */
    private static final BigDecimal GO_PLAIN_FLOAT_LIMIT = new BigDecimal("1e21");

    private final JsonNode schema;

    private StructuralRules(JsonNode schema) {
        this.schema = schema;
    }

    /** @param openApiV3Schema a served version's schema as its CRD writes it; missing for a CRD without one */
    static StructuralRules of(JsonNode openApiV3Schema) {
        return new StructuralRules(openApiV3Schema.isObject() ? openApiV3Schema.deepCopy() : MissingNode.getInstance());
    }

    /**
     * Drops non-nullable nulls, applies defaults and makes whole numbers integers, in place, as the API server reads
     * a resource before it validates it.
     */
    void normalize(ObjectNode object) {
        normalize(schema, object);
    }

    private static void normalize(JsonNode schema, JsonNode value) {
        if (value instanceof ContainerNode<?> container) {
            wholeNumbersAsIntegers(container);
        }
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode field = fieldSchema(schema, name);
                JsonNode child = object.get(name);
                if (field.isObject() && child.isNull() && !field.path("nullable").asBoolean(false)) {
                    if (field.has("default")) {
                        object.set(name, field.get("default").deepCopy());
                    } else {
                        object.remove(name);
                        continue;
                    }
                }
                normalize(field, object.get(name));
            }
            properties.properties().forEach(property -> {
                if (!object.has(property.getKey()) && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                    normalize(property.getValue(), object.get(property.getKey()));
                }
            });
        } else if (value instanceof ArrayNode array) {
            array.forEach(item -> normalize(schema.path("items"), item));
        }
    }

    /**
     * Writes the floating-point children of a container that hold a whole number as integers: kubectl and Flux send
     * YAML's {@code 80.0} to the API server as the JSON {@code 80} (Go writes a whole float64 below 1e21 so), which
     * an integer field takes and an enum of integers matches.
     */
    private static void wholeNumbersAsIntegers(ContainerNode<?> container) {
        if (container instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                JsonNode whole = whole(field.getValue());
                if (whole != null) {
                    field.setValue(whole);
                }
            });
        } else if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode whole = whole(array.get(i));
                if (whole != null) {
                    array.set(i, whole);
                }
            }
        }
    }

    private static JsonNode whole(JsonNode value) {
        if (!value.isFloatingPointNumber() || !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.abs().compareTo(GO_PLAIN_FLOAT_LIMIT) >= 0 || number.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return Json.NODES.numberNode(number.toBigIntegerExact());
    }

    /** The findings about a resource's (normalized) object without apiVersion, kind and metadata. */
    List<Finding> check(Resource resource, JsonNode object) {
        List<Finding> out = new ArrayList<>();
        check(new Context(resource, out), schema, object, "");
        return out;
    }

    private record Context(Resource resource, List<Finding> out) {

        /** Whether a value at the pointer may be quoted: never one of a Secret's data. */
        boolean mayQuote(String pointer) {
            return !(Secrets.isSecret(resource.body()) && Secrets.reachesSecretValues(pointer));
        }
    }

    private static void check(Context context, JsonNode schema, JsonNode value, String pointer) {
        if (!schema.isObject()) {
            return;
        }
        if (value.isObject()) {
            value.properties().forEach(field -> check(context, fieldSchema(schema, field.getKey()), field.getValue(),
                    pointer + "/" + escape(field.getKey())));
        } else if (value.isArray()) {
            String listType = schema.path("x-kubernetes-list-type").asText("");
            if (listType.equals("map")) {
                checkMap(context, schema, value, pointer);
            } else if (listType.equals("set")) {
                checkSet(context, value, pointer);
            }
            for (int i = 0; i < value.size(); i++) {
                check(context, schema.path("items"), value.get(i), pointer + "/" + i);
            }
        } else if (value.isTextual()) {
            checkFormat(context, schema, value.asText(), pointer);
        }
    }

    /** The schema of a field of an object: its property, else the schema of additional properties, else missing. */
    private static JsonNode fieldSchema(JsonNode schema, String name) {
        JsonNode property = schema.path("properties").path(name);
        return property.isObject() ? property : schema.path("additionalProperties");
    }

    private static void checkMap(Context context, JsonNode schema, JsonNode list, String pointer) {
        List<String> keys = new ArrayList<>();
        schema.path("x-kubernetes-list-map-keys").forEach(key -> keys.add(key.asText()));
        Map<String, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            if (!entry.isObject() && !entry.isNull()) {
                continue;  // the JSON-schema validator reports the wrong type
            }
            StringBuilder identity = new StringBuilder();
            List<String> shown = new ArrayList<>();
            for (String key : keys) {
                JsonNode keyValue = entry.path(key);
                identity.append(canonical(keyValue)).append('\u0000');
                shown.add(key + (keyValue.isMissingNode() ? " unset" : " " + shown(keyValue)));
            }
            Integer earlier = first.putIfAbsent(identity.toString(), i);
            if (earlier != null) {
                String at = pointer + "/" + i;
                String keyNames = String.join(" and ", keys);
                String what = context.mayQuote(at) ? String.join(" and ", shown) : "its " + keyNames
                        + " (values not shown: secret)";
                context.out().add(Finding.error(DUPLICATE_LIST_KEY, context.resource().id(), at,
                        "this entry repeats " + what + " of " + pointer + "/" + earlier + ": the list is a map keyed"
                                + " by " + keyNames + ", so each entry needs its own",
                        "give each entry its own " + keyNames + ", or merge the two entries"));
            }
        }
    }

    private static void checkSet(Context context, JsonNode list, String pointer) {
        Map<String, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Integer earlier = first.putIfAbsent(canonical(list.get(i)), i);
            if (earlier != null) {
                String at = pointer + "/" + i;
                String what = context.mayQuote(at) ? shown(list.get(i)) : "a value (not shown: secret)";
                context.out().add(Finding.error(DUPLICATE_LIST_KEY, context.resource().id(), at,
                        "this entry repeats " + what + " of " + pointer + "/" + earlier + ": the list is a set, so"
                                + " each value may appear once", "remove the repeated value"));
            }
        }
    }

    /**
     * A value's identity as the API server compares list keys and set items: scalars by type and value (a whole
     * number is an integer however it is written: YAML's {@code 80.0} reaches the API server as JSON {@code 80}),
     * objects and lists by their JSON with sorted keys.
     */
    private static String canonical(JsonNode value) {
        if (value.isMissingNode()) {
            return "unset";
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 ? "i" + number.toBigInteger() : "f" + value.asText();
        }
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            value.properties().forEach(field -> sorted.put(field.getKey(), canonical(field.getValue())));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> out.append(quoted(k)).append(':').append(v).append(','));
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            value.forEach(item -> out.append(canonical(item)).append(','));
            return out.append(']').toString();
        }
        return value.isTextual() ? "s" + quoted(value.asText()) : value.getNodeType() + ":" + value.asText();
    }

    private static void checkFormat(Context context, JsonNode schema, String text, String pointer) {
        // The API server's own normalization of format names, before it looks them up.
        String format = schema.path("format").asText("").replace("-", "");
        String wanted = switch (format) {
            case "byte" -> BASE64.matcher(text).matches() ? null : "base64 (format byte)";
            case "date" -> isDate(text) ? null : "a date such as 2006-01-02 (format date)";
            case "datetime" -> isDateTime(text) ? null
                    : "an RFC 3339 date-time such as 2006-01-02T15:04:05Z (format date-time)";
            default -> null;
        };
        if (wanted != null) {
            String value = context.mayQuote(pointer) ? "the string " + shown(TextNode.valueOf(text)) : "a value";
            context.out().add(Finding.error("Schema.InvalidValue", context.resource().id(), pointer,
                    value + " is invalid: must be " + wanted, null));
        }
    }

    /** Go's {@code time.Parse("2006-01-02", s)}: four-digit year, a month, and a day that month has. */
    static boolean isDate(String text) {
        Matcher date = DATE.matcher(text);
        if (!date.matches()) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                    Integer.parseInt(date.group(3)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * go-openapi's date-time check, which the API server runs: the lower-cased text split at every "t", the first part
     * a date and the second a time with seconds and a zone; parts after a second "t" are not looked at.
     */
    static boolean isDateTime(String text) {
        if (text.length() < 4) {
            return false;
        }
        String[] parts = text.toLowerCase(Locale.ROOT).split("t", -1);
        if (parts.length < 2 || !isDate(parts[0])) {
            return false;
        }
        Matcher time = TIME.matcher(parts[1]);
        return time.matches() && time.group(1).compareTo("23") <= 0 && time.group(2).compareTo("59") <= 0
                && time.group(3).compareTo("59") <= 0;
    }

    /** A value as a message shows it: JSON, strings cut after 57 characters. */
    private static String shown(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            return quoted(text.codePointCount(0, text.length()) > 60
                    ? text.substring(0, text.offsetByCodePoints(0, 57)) + "..." : text);
        }
        String json = value.toString();
        return json.length() > 60 ? json.substring(0, 57) + "..." : json;
    }

    private static String quoted(String text) {
        return Json.NODES.textNode(text).toString();
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
