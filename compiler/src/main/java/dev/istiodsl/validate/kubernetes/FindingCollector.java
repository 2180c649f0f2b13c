package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.ClassUtil;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.validate.Finding;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the problems Jackson meets while reading one resource into findings, each at its JSON pointer, and lets
 * reading go on: an unknown field is skipped, a value of the wrong type reads as null. One collector per resource.
 */
final class FindingCollector extends DeserializationProblemHandler {

    static final String UNKNOWN_FIELD = "Kubernetes.UnknownField";
    static final String WRONG_TYPE = "Kubernetes.WrongType";

    private static final int SHOWN_TEXT = 40;

    private final Optional<ResourceId> resource;
    private final String what;
    private final boolean secret;
    private final String base;
    private final List<Finding> findings = new ArrayList<>();

    FindingCollector(Resource resource) {
        this(Optional.of(resource.id()), resource.apiVersion() + " " + resource.kind(),
                Secrets.isSecret(resource.body()), "");
    }

    /**
     * @param what   what the value is part of, to start each message ("IstioOperator")
     * @param secret whether the value is a Secret's, whose values no message may quote
     * @param base   the JSON pointer of the value read, put before every pointer found inside it
     */
    FindingCollector(Optional<ResourceId> resource, String what, boolean secret, String base) {
        this.resource = resource;
        this.what = what;
        this.secret = secret;
        this.base = base;
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) throws IOException {
        unknownField(base + pointer(p), propertyName, deserializer.handledType(),
                names(deserializer.getKnownPropertyNames()));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) throws IOException {
        String pointer = base + pointer(p);
        wrongType(pointer, targetType, found(p, t, shows(pointer)));
        p.skipChildren();
        return placeholder(targetType.getRawClass());
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
            ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
        String pointer = base + pointer(p);
        wrongType(pointer, ctxt.constructType(instClass), found(p, p.currentToken(), shows(pointer)));
        p.skipChildren();
        return placeholder(instClass);
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
            String failureMsg) {
        String pointer = base + pointer(ctxt.getParser());
        wrongType(pointer, ctxt.constructType(targetType), new Found("the string", "a string",
                shows(pointer) ? Optional.of(quoted(valueToConvert)) : Optional.empty()));
        return placeholder(targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
            String failureMsg) {
        String pointer = base + pointer(ctxt.getParser());
        wrongType(pointer, ctxt.constructType(targetType), new Found("the number", "a number",
                shows(pointer) ? Optional.of(String.valueOf(valueToConvert)) : Optional.empty()));
        return placeholder(targetType);
    }

    /** The last resort, when Jackson threw instead of asking: one finding at the exception's path. */
    void failed(JsonMappingException e) {
        String path = base + pointer(e.getPath());
        if (e instanceof PropertyBindingException binding) {
            String name = binding.getPropertyName();
            if (!path.endsWith("/" + escape(name))) {
                path = path + "/" + escape(name);
            }
            unknownField(path, name, binding.getReferringClass(), names(binding.getKnownPropertyIds()));
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            JavaType target = TypeFactory.defaultInstance().constructType(mismatch.getTargetType());
            boolean shows = shows(path);
            String found = e instanceof InvalidFormatException format && format.getValue() instanceof String text
                    ? (shows ? "the string " + quoted(text) : "a string")
                    : shows ? "what is there (" + firstLine(e.getOriginalMessage()) + ")" : "what is there";
            findings.add(new Finding(WRONG_TYPE, Severity.ERROR, resource, path, what + ": " + shown(path) + " must be "
                    + expected(target) + ", not " + found, null));
        } else {
            findings.add(new Finding(WRONG_TYPE, Severity.ERROR, resource, path, what + ": " + shown(path)
                    + " cannot be read" + (shows(path) ? ": " + firstLine(e.getOriginalMessage()) : ""), null));
        }
    }

    private void unknownField(String pointer, String name, Class<?> owner, Collection<String> known) {
        String ownerName = owner == null ? "this object" : "a " + owner.getSimpleName();
        String hint = Suggestions.hint(name, known, "field");
        findings.add(new Finding(UNKNOWN_FIELD, Severity.ERROR, resource, pointer, what + ": unknown field " + pointer + " ("
                + ownerName + " has no field '" + name + "')", hint));
    }

    private void wrongType(String pointer, JavaType expected, Found found) {
        findings.add(new Finding(WRONG_TYPE, Severity.ERROR, resource, pointer, what + ": " + shown(pointer) + " must be "
                + expected(expected) + ", not " + found, typeHint(expected.getRawClass(), found)));
    }

    /** Whether a message may quote the value at the pointer: never a Secret's. */
    private boolean shows(String pointer) {
        return !(secret && Secrets.reachesSecretValues(pointer.substring(base.length())));
    }

    /**
     * What was found instead of the expected type: "the number 3", or "a number" where the value must not be shown.
     *
     * @param value the value as text, when it may be shown
     */
    private record Found(String the, String a, Optional<String> value) {
        boolean is(String type) {
            return the.equals("the " + type);
        }

        @Override
        public String toString() {
            return value.map(v -> the + " " + v).orElse(a);
        }
    }

    /** What reading continues with in place of a refused value. */
    private static Object placeholder(Class<?> type) {
        return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
    }

    /** The pointer of the value the parser is at: a start token already opened the value's own context. */
    static String pointer(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        JsonToken token = p.currentToken();
        if (context != null && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
            context = context.getParent();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                segments.addFirst(Integer.toString(context.getCurrentIndex()));
            } else if (context.getCurrentName() != null) {
                segments.addFirst(escape(context.getCurrentName()));
            }
        }
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                pointer.append('/').append(escape(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append('/').append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    /** RFC 6901: "~" and "/" in a key ({@code sidecar.istio.io/inject}) are written "~0" and "~1". */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String shown(String pointer) {
        return pointer.isEmpty() ? "the object" : pointer;
    }

    /** The expected type in the API reference's words. */
    static String expected(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Integer.class || raw == int.class) {
            return "an integer (int32)";
        }
        if (raw == Long.class || raw == long.class) {
            return "an integer";
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == BigDecimal.class) {
            return "a number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "a boolean (true or false)";
        }
        if (raw == IntOrString.class) {
            return "an integer or a string";
        }
        if (raw == Quantity.class) {
            return "a quantity (such as 500m, 2, 128Mi or 1Gi)";
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "a list";
        }
        if (type.isMapLikeType()) {
            return "a map";
        }
        String name = raw.getSimpleName();
        if (name.startsWith("JSONSchemaPropsOr")) {
            return "a schema or " + (name.endsWith("Bool") ? "a boolean" : "a list");
        }
        return "an object (" + name + ")";
    }

    private static Found found(JsonParser p, JsonToken token, boolean shows) throws IOException {
        if (token == null) {
            return new Found("nothing", "nothing", Optional.empty());
        }
        return switch (token) {
            case START_OBJECT -> new Found("a map", "a map", Optional.empty());
            case START_ARRAY -> new Found("a list", "a list", Optional.empty());
            case VALUE_STRING -> new Found("the string", "a string", shows ? Optional.of(quoted(p.getText()))
                    : Optional.empty());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Found("the number", "a number",
                    shows ? Optional.of(p.getText()) : Optional.empty());
            case VALUE_TRUE, VALUE_FALSE -> new Found("the boolean", "a boolean", shows ? Optional.of(p.getText())
                    : Optional.empty());
            case VALUE_NULL -> new Found("null", "null", Optional.empty());
            default -> {
                String name = token.asString() == null ? token.name() : token.asString();
                yield new Found(name, name, Optional.empty());
            }
        };
    }

    /**
     * The fix for the two classic YAML slips: a quoted number, and an unquoted one where text is wanted. The value is
     * repeated only where it may be shown.
     */
    private static String typeHint(Class<?> expected, Found found) {
        boolean integer = expected == Integer.class || expected == int.class || expected == Long.class
                || expected == long.class || expected == IntOrString.class;
        if (integer && found.is("string") && found.value().map(v -> v.matches("\"[+-]?\\d+\"")).orElse(false)) {
            String value = found.value().get();
            return "write the number without quotes: " + value.substring(1, value.length() - 1);
        }
        if (expected == String.class && (found.is("number") || found.is("boolean"))) {
            String type = found.is("number") ? "number" : "boolean";
            return "quote it, or YAML reads it as a " + type + found.value().map(v -> ": \"" + v + "\"").orElse("");
        }
        if (expected == Quantity.class && found.is("string")) {
            return "a quantity is a number with an optional suffix: m (milli), k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, "
                    + "Ei, or an exponent such as e3";
        }
        return null;
    }

    private static String quoted(String text) {
        String shown = text.length() > SHOWN_TEXT ? text.substring(0, SHOWN_TEXT) + "..." : text;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static Collection<String> names(Collection<Object> known) {
        TreeSet<String> names = new TreeSet<>();
        if (known != null) {
            known.stream().filter(Objects::nonNull).map(String::valueOf).forEach(names::add);
        }
        return names;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
