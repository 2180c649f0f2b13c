package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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

    /** Whether this validator has a typed model for an apiVersion and kind. */
    public static boolean knows(String apiVersion, String kind) {
        return KubernetesTypes.typeOf(apiVersion, kind).isPresent();
    }
}
