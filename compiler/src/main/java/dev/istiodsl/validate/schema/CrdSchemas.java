package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;
import dev.istiodsl.json.Json;
import dev.istiodsl.resource.Resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structural schemas of a set of CustomResourceDefinitions, per group, kind and served version, turned into
 * JSON-schema validators (networknt's OpenAPI 3.0 dialect) the first time a version is asked for.
 *
 * <p>Each {@code spec.versions[].schema.openAPIV3Schema} is rewritten before it is compiled, so that it says what the
 * Kubernetes API server (with {@code kubectl --validate=strict}) enforces:
 * <ul>
 * <li>an object with {@code properties} and no {@code additionalProperties} is closed (unknown fields are errors),
 * unless it carries {@code x-kubernetes-preserve-unknown-fields: true};</li>
 * <li>{@code x-kubernetes-int-or-string: true} becomes {@code type: [integer, string]}; the {@code anyOf} of those two
 * types it must come with (alone, or as its first {@code allOf}) is dropped, so a wrong value gets one type message
 * instead of two alternatives, and any other value check (an {@code anyOf} of patterns, a {@code maximum}) stays;</li>
 * <li>an object with {@code x-kubernetes-embedded-resource: true} and {@code properties} also has
 * {@code apiVersion}, {@code kind} (both required, non-empty strings) and {@code metadata}, as the API server
 * gives it;</li>
 * <li>{@code nullable} stays: networknt's OpenAPI dialect lets such a field be null, as the API server does;</li>
 * <li>the other {@code x-kubernetes-*} extensions, {@code description} and {@code default} are dropped; they
 * constrain nothing a plain validator can check.</li>
 * </ul>
 * {@code format}s are not asserted here: the API server ignores most of those CRDs use (int32, double, ...).
 * What a plain validator cannot check, {@link StructuralRules} does, from the schema as the CRD writes it: defaults
 * and nulls, list-type uniqueness ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}) and the formats
 * the API server checks. The CEL rules ({@code x-kubernetes-validations}) are read from the schema as written too
 * ({@link CelRules}).
 *
 * <p>Immutable apart from its cache of compiled validators, and safe to share between threads.
 */
public final class CrdSchemas {

    private static final String CRD_GROUP = "apiextensions.k8s.io";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(OpenApi30.getInstance())
                    .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

    /** The value checks {@code x-kubernetes-int-or-string: true} comes with, which its rewritten type says. */
    private static final JsonNode INT_OR_STRING = Json.NODES.arrayNode()
            .add(Json.NODES.objectNode().put("type", "integer"))
            .add(Json.NODES.objectNode().put("type", "string"));

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(false)
            .locale(Locale.ROOT)
            .build();

    /**
     * One served version of one kind: its rewritten schema, compiled on first use, and the rules of its schema as the
     * CRD writes it: structural ones, and CEL ones compiled on first use.
     */
    static final class Version {
        private final ObjectNode schema;
        private final StructuralRules rules;
        private final JsonNode original;
        private final String crd;
        private final String name;
        private volatile JsonSchema compiled;
        private volatile CelRules celRules;

        Version(ObjectNode schema, StructuralRules rules, JsonNode original, String crd, String name) {
            this.schema = schema;
            this.rules = rules;
            this.original = original;
            this.crd = crd;
            this.name = name;
        }

        /** The CEL rules of the schema as the CRD wrote it, compiled on first use. */
        CelRules celRules() {
            CelRules result = celRules;
            if (result == null) {
                result = CelRules.of(crd, name, original);
                celRules = result;
            }
            return result;
        }

        ObjectNode schema() {
            return schema;
        }

        StructuralRules rules() {
            return rules;
        }

        JsonSchema compiled() {
            JsonSchema result = compiled;
            if (result == null) {
                synchronized (this) {
                    result = compiled;
                    if (result == null) {
                        result = FACTORY.getSchema(schema, CONFIG);
                        compiled = result;
                    }
                }
            }
            return result;
        }
    }

    /** group → kind → served version → schema. Sorted, so "served versions" come out in a stable order. */
    private final Map<String, Map<String, Map<String, Version>>> byGroup;

    /** "group/kind" → the storage version, the one a hint suggests. */
    private final Map<String, String> storage;

    private CrdSchemas(Map<String, Map<String, Map<String, Version>>> byGroup, Map<String, String> storage) {
        this.byGroup = byGroup;
        this.storage = storage;
    }

    /**
     * The schemas of every CustomResourceDefinition among the resources (anything else is ignored). A served version
     * without a schema accepts anything but is still served. When two CRDs define one kind, the later one wins.
     */
    public static CrdSchemas of(Collection<Resource> resources) {
        Map<String, Map<String, Map<String, Version>>> byGroup = new TreeMap<>();
        Map<String, String> storage = new TreeMap<>();
        for (Resource resource : resources) {
            if (!resource.kind().equals("CustomResourceDefinition") || !resource.id().group().equals(CRD_GROUP)) {
                continue;
            }
            JsonNode spec = resource.body().path("spec");
            String group = spec.path("group").asText("");
            String kind = spec.path("names").path("kind").asText("");
            if (kind.isEmpty()) {
                continue;
            }
            Map<String, Version> versions = new TreeMap<>();
            // apiextensions v1beta1 (Istio up to 1.8): one schema for every version, or none at all.
            JsonNode shared = spec.path("validation").path("openAPIV3Schema");
            JsonNode listed = spec.path("versions");
            if (!listed.isArray() || listed.isEmpty()) {
                listed = Json.NODES.arrayNode().add(Json.NODES.objectNode().put("name", spec.path("version").asText(""))
                        .put("served", true).put("storage", true));
            }
            for (JsonNode version : listed) {
                if (version.path("storage").asBoolean(false) && version.path("served").asBoolean(false)) {
                    storage.put(group + "/" + kind, version.path("name").asText(""));
                }
                if (!version.path("served").asBoolean(false)) {
                    continue;
                }
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                if (!schema.isObject()) {
                    schema = shared;
                }
                // A CRD without a schema accepts anything, and so does its validation here.
                ObjectNode rewritten = schema.isObject() ? rewrite(schema.deepCopy())
                        : Json.NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
                versions.put(version.path("name").asText(""), new Version(rewritten, StructuralRules.of(schema),
                        schema.isObject() ? schema : null, resource.name(), version.path("name").asText("")));
            }
            byGroup.computeIfAbsent(group, g -> new TreeMap<>()).put(kind, versions);
        }
        return new CrdSchemas(byGroup, storage);
    }

    public boolean knowsGroup(String group) {
        return byGroup.containsKey(group);
    }

    public boolean knowsKind(String group, String kind) {
        return byGroup.getOrDefault(group, Map.of()).containsKey(kind);
    }

    /** The served versions of a kind, sorted; empty when the kind is unknown. */
    public List<String> servedVersions(String group, String kind) {
        return List.copyOf(byGroup.getOrDefault(group, Map.of()).getOrDefault(kind, Map.of()).keySet());
    }

    /** The served storage version of a kind, the one to suggest; empty when it is not served or unknown. */
    public Optional<String> storageVersion(String group, String kind) {
        return Optional.ofNullable(storage.get(group + "/" + kind));
    }

    /** The rewritten (closed) schema of a served version, as {@link SchemaValidator} checks it. */
    public Optional<JsonNode> schema(String group, String kind, String version) {
        return version(group, kind, version).map(Version::schema);
    }

    Optional<Version> version(String group, String kind, String version) {
        return Optional.ofNullable(byGroup.getOrDefault(group, Map.of()).getOrDefault(kind, Map.of()).get(version));
    }

    /** How many (group, kind, version) schemas there are. */
    public int size() {
        return byGroup.values().stream().flatMap(kinds -> kinds.values().stream()).mapToInt(Map::size).sum();
    }

    /** Rewrites a structural schema in place (see the class comment) and returns it. */
    static ObjectNode rewrite(ObjectNode schema) {
        return rewrite(schema, true);
    }

    /**
     * @param structural false inside {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}: those only add value
     *                   checks to the structure around them, so they are never closed
     */
    private static ObjectNode rewrite(ObjectNode schema, boolean structural) {
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
        Iterator<String> names = schema.fieldNames();
        List<String> drop = new ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("description") || name.equals("default")
                    || name.equals("example")) {
                drop.add(name);
            }
        }
        schema.remove(drop);
        if (intOrString) {
            // The types the CRD must spell out, as anyOf or as the first allOf's anyOf; any other value checks stay.
            if (INT_OR_STRING.equals(schema.path("anyOf"))) {
                schema.remove("anyOf");
            } else if (schema.path("allOf").path(0).path("anyOf").equals(INT_OR_STRING)) {
                ObjectNode first = (ObjectNode) schema.get("allOf").get(0);
                first.remove("anyOf");
                if (first.isEmpty()) {
                    ((ArrayNode) schema.get("allOf")).remove(0);
                }
            }
            ArrayNode types = schema.putArray("type");
            types.add("integer").add("string");
        }
        if (embedded && structural && schema.path("properties").isObject()) {
            // An embedded object is a Kubernetes object: the API server adds and requires these itself.
            ObjectNode properties = (ObjectNode) schema.get("properties");
            for (String name : List.of("apiVersion", "kind")) {
                if (!properties.has(name)) {
                    properties.putObject(name).put("type", "string").put("minLength", 1);
                }
            }
            if (!properties.has("metadata")) {
                properties.putObject("metadata").put("type", "object");
            }
            ArrayNode required = schema.path("required").isArray() ? (ArrayNode) schema.get("required")
                    : schema.putArray("required");
            for (String name : List.of("apiVersion", "kind")) {
                if (!contains(required, name)) {
                    required.add(name);
                }
            }
        }
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            properties.forEach(child -> rewriteChild(child, structural));
            if (structural && !schema.has("additionalProperties") && !preserveUnknown) {
                schema.put("additionalProperties", false);
            }
        }
        if (schema.path("additionalProperties").isObject()) {
            rewrite((ObjectNode) schema.get("additionalProperties"), structural);
        }
        rewriteChild(schema.path("items"), structural);
        rewriteChild(schema.path("not"), false);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(child -> rewriteChild(child, false));
        }
        return schema;
    }

    private static boolean contains(ArrayNode texts, String text) {
        for (JsonNode node : texts) {
            if (node.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static void rewriteChild(JsonNode child, boolean structural) {
        if (child instanceof ObjectNode object) {
            rewrite(object, structural);
        }
    }
}
