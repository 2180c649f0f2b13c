package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.util.ClasspathText;
import dev.istiodsl.validate.kubernetes.TypedModelValidator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of an IstioOperator, shipped in the stdlib ({@value #RESOURCE}): each field of every Istio release and its
 * type. {@link OperatorFileCheck} walks a file along it.
 */
final class OperatorSchema {

    static final String RESOURCE = "istiodsl/facts/istio-operator-spec.yaml";

    /** A field's type. */
    sealed interface Type {
    }

    /** {@code string}, {@code bool}, {@code integer}, {@code any} or {@code map} (a map not checked inside). */
    record Scalar(String name) implements Type {
    }

    record ListOf(Type item) implements Type {
    }

    record MapOf(Type value) implements Type {
    }

    /** A Kubernetes type, checked against its typed model. */
    record Kubernetes(String name) implements Type {
    }

    /** One of the schema's own types, by name: a map of known fields. */
    record Named(String name) implements Type {
    }

    private final Map<String, Map<String, Type>> types;

    private OperatorSchema(Map<String, Map<String, Type>> types) {
        this.types = types;
    }

    static OperatorSchema shipped() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final OperatorSchema INSTANCE = parse(ClasspathText.read(RESOURCE, "the stdlib jar"));
    }

    static OperatorSchema parse(String text) {
        JsonNode root = Yaml.shippedDocument(text, RESOURCE);
        Map<String, Map<String, Type>> types = new LinkedHashMap<>();
        types.put(DOCUMENT, fields(root.path(DOCUMENT)));
        root.path("types").fields().forEachRemaining(e -> types.put(e.getKey(), fields(e.getValue())));
        OperatorSchema schema = new OperatorSchema(types);
        types.values().forEach(fields -> fields.values().forEach(schema::check));
        return schema;
    }

    /** The name of the type of a whole IstioOperator document. */
    static final String DOCUMENT = "document";

    /** The fields of a named type. */
    Map<String, Type> fields(String type) {
        return types.get(type);
    }

    /** A type by the name a field names it with. */
    Optional<Map<String, Type>> named(Type type) {
        return type instanceof Named named ? Optional.of(types.get(named.name())) : Optional.empty();
    }

    private static Map<String, Type> fields(JsonNode node) {
        Map<String, Type> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), type(e.getValue().asText())));
        return fields;
    }

    private static Type type(String written) {
        if (written.startsWith("list of ")) {
            return new ListOf(type(written.substring("list of ".length())));
        }
        if (written.startsWith("map of ")) {
            return new MapOf(type(written.substring("map of ".length())));
        }
        if (written.startsWith("k8s ")) {
            return new Kubernetes(written.substring("k8s ".length()));
        }
        return switch (written) {
            case "string", "bool", "integer", "any", "map" -> new Scalar(written);
            default -> new Named(written);
        };
    }

    /** A type naming nothing is a packaging bug: refuse the data file at once rather than a user's file later. */
    private void check(Type type) {
        if (type instanceof ListOf list) {
            check(list.item());
        } else if (type instanceof MapOf map) {
            check(map.value());
        } else if (type instanceof Named named && !types.containsKey(named.name())) {
            throw new IllegalStateException(RESOURCE + " names an undefined type '" + named.name() + "'");
        } else if (type instanceof Kubernetes k8s && !TypedModelValidator.knowsPart(k8s.name())) {
            throw new IllegalStateException(RESOURCE + " names a Kubernetes type without a model: " + k8s.name());
        }
    }
}
