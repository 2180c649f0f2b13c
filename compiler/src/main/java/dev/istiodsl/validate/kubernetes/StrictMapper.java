package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrStringArray;

import java.util.List;

/**
 * The mapper that reads resources into fabric8's classes as strictly as the API server decodes them.
 *
 * <p>fabric8 keeps every unknown field in an {@code additionalProperties} map, at every level, through a
 * {@code @JsonAnySetter}: this mapper takes the any-setter (and any {@code ignoreUnknown}) off every bean, so an
 * unknown field reaches the problem handler with its place in the document. Scalars, IntOrString, Quantity and the CRD
 * schema unions get the {@link StrictDeserializers}; the classes fabric8 annotates with its own deserializer are
 * mixed in with {@link Unannotated} first, because a class annotation outranks a module's deserializer.
 */
final class StrictMapper {

    static final ObjectMapper MAPPER = build();

    private StrictMapper() {
    }

    /** Takes a class's {@code @JsonDeserialize(using = ...)} away, so the module's deserializer applies. */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    private abstract static class Unannotated {
    }

    private static ObjectMapper build() {
        SimpleModule module = new SimpleModule("istiodsl-strict-kubernetes");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                    BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
                return builder;
            }
        });
        module.addDeserializer(String.class, new StrictDeserializers.Text());
        module.addDeserializer(Integer.class, new StrictDeserializers.Int32(Integer.class));
        module.addDeserializer(int.class, new StrictDeserializers.Int32(int.class));
        module.addDeserializer(Long.class, new StrictDeserializers.Int64(Long.class));
        module.addDeserializer(long.class, new StrictDeserializers.Int64(long.class));
        module.addDeserializer(Double.class, new StrictDeserializers.Decimal(Double.class));
        module.addDeserializer(double.class, new StrictDeserializers.Decimal(double.class));
        module.addDeserializer(Boolean.class, new StrictDeserializers.Bool(Boolean.class));
        module.addDeserializer(boolean.class, new StrictDeserializers.Bool(boolean.class));
        module.addDeserializer(IntOrString.class, new StrictDeserializers.IntOrStringValue());
        module.addDeserializer(Quantity.class, new StrictDeserializers.QuantityValue());
        module.addDeserializer(JSONSchemaPropsOrBool.class, StrictDeserializers.schemaOrBool(
                JSONSchemaPropsOrBool.class, JSONSchemaProps.class, JSONSchemaPropsOrBool::new));
        module.addDeserializer(JSONSchemaPropsOrArray.class, StrictDeserializers.schemaOrList(
                JSONSchemaPropsOrArray.class, JSONSchemaProps.class, JSONSchemaProps.class,
                (list, schema) -> new JSONSchemaPropsOrArray(schemas(list), schema)));
        module.addDeserializer(JSONSchemaPropsOrStringArray.class, StrictDeserializers.schemaOrList(
                JSONSchemaPropsOrStringArray.class, JSONSchemaProps.class, String.class,
                (list, schema) -> new JSONSchemaPropsOrStringArray(strings(list), schema)));
        module.addDeserializer(io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrBool.class,
                StrictDeserializers.schemaOrBool(
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrBool.class,
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaProps.class,
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrBool::new));
        module.addDeserializer(io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrArray.class,
                StrictDeserializers.schemaOrList(
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrArray.class,
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaProps.class,
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaProps.class,
                        (list, schema) -> new io.fabric8.kubernetes.api.model.apiextensions.v1beta1
                                .JSONSchemaPropsOrArray(schemas(list), schema)));
        module.addDeserializer(
                io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrStringArray.class,
                StrictDeserializers.schemaOrList(
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrStringArray.class,
                        io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaProps.class, String.class,
                        (list, schema) -> new io.fabric8.kubernetes.api.model.apiextensions.v1beta1
                                .JSONSchemaPropsOrStringArray(strings(list), schema)));

        JsonMapper.Builder builder = JsonMapper.builder()
                .addModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // fabric8's @JsonIgnore'd additionalProperties field makes "additionalProperties" an ignored name.
                .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        for (Class<?> annotated : List.of(Quantity.class, IntOrString.class, JSONSchemaPropsOrBool.class,
                JSONSchemaPropsOrArray.class, JSONSchemaPropsOrStringArray.class,
                io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrBool.class,
                io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrArray.class,
                io.fabric8.kubernetes.api.model.apiextensions.v1beta1.JSONSchemaPropsOrStringArray.class)) {
            builder.addMixIn(annotated, Unannotated.class);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> schemas(List<?> list) {
        return (List<T>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(List<?> list) {
        return (List<String>) list;
    }
}
