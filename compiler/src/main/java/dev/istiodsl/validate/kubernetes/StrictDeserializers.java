package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Deserializers that accept exactly what the API server's JSON decoder accepts, where Jackson's and fabric8's own
 * coerce: Jackson reads {@code "8080"} into an int and {@code 1} into a String; fabric8 reads anything at all into a
 * Quantity, and a string into an empty schema union. Every refusal goes through {@link
 * DeserializationContext#handleUnexpectedToken} or {@link DeserializationContext#handleWeirdStringValue}, so the
 * {@link FindingCollector} records it and reading goes on to find the rest.
 */
final class StrictDeserializers {

    /**
     * Kubernetes' resource.Quantity grammar: a signed decimal number and an optional binary-SI (Ki..Ei), decimal-SI
     * (m, k, M..E) or exponent (e3, E-2) suffix.
     */
    static final Pattern QUANTITY = Pattern.compile(
            "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?\\d+)?");

    private StrictDeserializers() {
    }

    /** A JSON string, and nothing else: YAML's unquoted {@code 1.0} and {@code true} are not strings. */
    static final class Text extends StdDeserializer<String> {
        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return p.getText();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    /** An integer that fits in 32 bits (Kubernetes' int32 fields): not a string, not 1.0. */
    static final class Int32 extends StdDeserializer<Integer> {
        Int32(Class<?> type) {
            super(type);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            return (Integer) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /** An integer that fits in 64 bits. */
    static final class Int64 extends StdDeserializer<Long> {
        Int64(Class<?> type) {
            super(type);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            return (Long) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /** A number, integral or not. */
    static final class Decimal extends StdDeserializer<Double> {
        Decimal(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return p.getDoubleValue();
            }
            return (Double) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /** true or false: not "true", not 1. */
    static final class Bool extends StdDeserializer<Boolean> {
        Bool(Class<?> type) {
            super(type);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_TRUE) || p.hasToken(JsonToken.VALUE_FALSE)) {
                return p.getBooleanValue();
            }
            return (Boolean) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /** An int32 or a string ({@code targetPort: 8080} and {@code targetPort: http}, {@code maxSurge: 25%}). */
    static final class IntOrStringValue extends StdDeserializer<IntOrString> {
        IntOrStringValue() {
            super(IntOrString.class);
        }

        @Override
        public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() == JsonParser.NumberType.INT) {
                return new IntOrString(p.getIntValue());
            }
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return new IntOrString(p.getText());
            }
            return (IntOrString) ctxt.handleUnexpectedToken(IntOrString.class, p);
        }
    }

    /**
     * A quantity: a string in the quantity grammar ({@code 100m}, {@code 1Gi}) or a bare number, as Kubernetes'
     * decoder takes the text of either.
     */
    static final class QuantityValue extends StdDeserializer<Quantity> {
        QuantityValue() {
            super(Quantity.class);
        }

        @Override
        public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return new Quantity(p.getText());
            }
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (!QUANTITY.matcher(text.strip()).matches()) {
                    return (Quantity) ctxt.handleWeirdStringValue(Quantity.class, text, "not a quantity");
                }
                return new Quantity(text.strip());
            }
            return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
        }
    }

    /** A CRD schema union of a schema and a boolean ({@code additionalProperties: false}). */
    static <T, S> JsonDeserializer<T> schemaOrBool(Class<T> union, Class<S> schema, BiFunction<Boolean, S, T> make) {
        return new StdDeserializer<T>(union) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.hasToken(JsonToken.START_OBJECT)) {
                    return make.apply(true, ctxt.readValue(p, schema));
                }
                if (p.hasToken(JsonToken.VALUE_TRUE) || p.hasToken(JsonToken.VALUE_FALSE)) {
                    return make.apply(p.getBooleanValue(), null);
                }
                return union.cast(ctxt.handleUnexpectedToken(union, p));
            }
        };
    }

    /**
     * A CRD schema union of a schema and a list ({@code items} holds schemas, {@code dependencies} property names).
     */
    static <T, S> JsonDeserializer<T> schemaOrList(Class<T> union, Class<S> schema, Class<?> element,
            BiFunction<List<?>, S, T> make) {
        return new StdDeserializer<T>(union) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.hasToken(JsonToken.START_OBJECT)) {
                    return make.apply(null, ctxt.readValue(p, schema));
                }
                if (p.hasToken(JsonToken.START_ARRAY)) {
                    JavaType list = ctxt.getTypeFactory().constructCollectionType(List.class, element);
                    return make.apply(ctxt.readValue(p, list), null);
                }
                return union.cast(ctxt.handleUnexpectedToken(union, p));
            }
        };
    }
}
