package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Checks a core Kubernetes object against fabric8's typed model of its apiVersion and kind, as the API server's strict
 * field validation would: every field the type does not have is a {@code Kubernetes.UnknownField} (with the closest
 * known field as a hint), every value of the wrong JSON type a {@code Kubernetes.WrongType} (a quoted number for an
 * int32, a map for a list, an unquoted {@code 1.0} for a string). IntOrString fields take an integer or a string,
 * Quantity fields a quantity string or a number; fields fabric8 types as Object or JsonNode take anything.
 *
 * <p>Kinds without a model here (custom resources, and the few core kinds listed in {@link KubernetesTypes}) give no
 * findings: the CRD schema validator covers the former. Findings come in document order; the object is never
 * changed. Thread-safe.
 */
public final class TypedModelValidator {

    public TypedModelValidator() {
    }

    /** The unknown fields and wrongly typed values of one resource; empty for a kind without a typed model. */
    public List<Finding> validate(Resource resource) {
        Optional<Class<?>> type = KubernetesTypes.typeOf(resource.apiVersion(), resource.kind());
        if (type.isEmpty()) {
            return List.of();
        }
        FindingCollector collector = new FindingCollector(resource);
        try {
            StrictMapper.MAPPER.readerFor(type.get()).withHandler(collector).readValue(resource.body());
        } catch (JsonMappingException e) {
            collector.failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading " + resource.id() + " from its own tree failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return collector.findings();
    }

    /**
     * The unknown fields and wrongly typed values of a Kubernetes value that is part of something else (the
     * {@code hpaSpec} of an IstioOperator component), read as fabric8's {@code type}.
     *
     * @param what    what the value is part of, to start each message ("IstioOperator")
     * @param pointer where the value is in that, put before the pointer of every finding
     */
    public List<Finding> validate(Class<?> type, JsonNode value, String what, String pointer) {
        FindingCollector collector = new FindingCollector(Optional.empty(), what, false, pointer);
        try {
            StrictMapper.MAPPER.readerFor(type).withHandler(collector).readValue(value);
        } catch (JsonMappingException e) {
            collector.failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading " + pointer + " of " + what + " from its own tree failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return collector.findings();
    }

    /**
     * Like {@link #validate(Class, JsonNode, String, String)}, for an embedded Kubernetes type by name
     * ({@code HorizontalPodAutoscalerSpec}).
     *
     * @param olderApis whether a value an older API version's type of that name reads (autoscaling/v2beta1) is
     *                  accepted too; when no version reads it, the findings are the current version's
     * @throws IllegalArgumentException for a name no typed model has
     */
    public List<Finding> validatePart(String name, JsonNode value, String what, String pointer, boolean olderApis) {
        List<Class<?>> types = KubernetesTypes.partsNamed(name);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no Kubernetes type is modelled as '" + name + "'");
        }
        List<Finding> current = validate(types.get(0), value, what, pointer);
        if (current.isEmpty() || !olderApis) {
            return current;
        }
        for (Class<?> older : types.subList(1, types.size())) {
            if (validate(older, value, what, pointer).isEmpty()) {
                return List.of();
            }
        }
        return current;
    }

    /** Whether {@link #validatePart} knows a type name. */
    public static boolean knowsPart(String name) {
        return !KubernetesTypes.partsNamed(name).isEmpty();
    }

    /** Whether this validator has a typed model for an apiVersion and kind. */
    public static boolean knows(String apiVersion, String kind) {
        return KubernetesTypes.typeOf(apiVersion, kind).isPresent();
    }
}
