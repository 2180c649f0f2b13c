package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks resources against the structural schemas of their CustomResourceDefinitions, as the API server does with
 * {@code kubectl --validate=strict}: unknown fields, wrong types, values outside an enum, pattern, bound or length,
 * missing required fields, and repeated keys of list-type maps and sets. The resource is first read as the API server
 * reads it ({@link StructuralRules#normalize}: defaults applied, non-nullable nulls dropped).
 *
 * <p>Findings (all ERROR, with a JSON pointer into the resource as their path, sorted by path and id, without
 * duplicates):
 * <ul>
 * <li>{@code Schema.UnknownField} — a field the schema does not declare (its hint lists the fields it does);</li>
 * <li>{@code Schema.WrongType} — a value of the wrong JSON type;</li>
 * <li>{@code Schema.InvalidValue} — enum, pattern, minimum/maximum, length (in code points), item or property counts,
 * oneOf/anyOf/not, the formats the API server checks ({@code byte}, {@code date}, {@code date-time});</li>
 * <li>{@code Schema.MissingField} — a required field is absent (the path names the field);</li>
 * <li>{@code Schema.DuplicateListKey} — an entry of an {@code x-kubernetes-list-type: map} list repeats the keys of an
 * earlier one, or a value of a {@code set} list repeats (the path names the repeated entry);</li>
 * <li>{@code Schema.UnknownApiVersion} — a known kind at a version its CRD does not serve;</li>
 * <li>{@code Schema.UnknownKind} — a group ending in {@code istio.io} without a CRD for the kind;</li>
 * <li>{@code Schema.RuleViolated} — a CEL rule ({@code x-kubernetes-validations}) refuses a value, unless the
 * object has values of the wrong type, as the API server skips them then ({@link CelRules}, with its notes).</li>
 * </ul>
 * Resources of other groups without a CRD (core, apps, ...) get no findings here. Only the object without
 * {@code apiVersion}, {@code kind} and {@code metadata} is checked (the API server checks metadata itself).
 *
 * <p><b>Not checked</b>, so a resource without findings can still be refused by the API server or by Istio:
 * <ul>
 * <li>CEL transition rules (those that read {@code oldSelf}), which judge an update;</li>
 * <li>the formats the API server checks that no Istio CRD uses (uri, email, hostname, ipv4, ipv6, cidr, ...); it
 * ignores the others, such as int32's range, and so does this;</li>
 * <li>Istio's own validating webhook (istiod's {@code validation.istio.io}), which goes far beyond the schema.</li>
 * </ul>
 */
public final class SchemaValidator {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
            .thenComparing(Finding::id).thenComparing(Finding::message);

    private final CrdSchemas schemas;

    public SchemaValidator(CrdSchemas schemas) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public List<Finding> validate(Resource resource) {
        String group = resource.id().group();
        String kind = resource.kind();
        String apiVersion = resource.apiVersion();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (!schemas.knowsKind(group, kind)) {
            if (group.endsWith("istio.io")) {
                return List.of(Finding.error("Schema.UnknownKind", resource.id(), "/kind",
                        "no CustomResourceDefinition defines kind " + kind + " in group " + group,
                        "check the kind's spelling and group, or the Istio version whose CRDs are used"));
            }
            return List.of();
        }
        CrdSchemas.Version served = schemas.version(group, kind, version).orElse(null);
        if (served == null) {
            List<String> versions = schemas.servedVersions(group, kind);
            return List.of(Finding.error("Schema.UnknownApiVersion", resource.id(), "/apiVersion",
                    kind + " is not served at " + apiVersion + "; served versions: "
                            + (versions.isEmpty() ? "none" : String.join(", ", versions)),
                    schemas.storageVersion(group, kind).map(v -> "use " + group + "/" + v).orElse(null)));
        }
        ObjectNode object = resource.body().deepCopy();
        object.remove(List.of("apiVersion", "kind", "metadata"));
        served.rules().normalize(object);
        Set<ValidationMessage> messages = served.compiled().validate(object);
        List<Finding> all = new ArrayList<>();
        messages.forEach(message -> all.add(toFinding(resource, served.schema(), message)));
        all.addAll(served.rules().check(resource, object));
        Map<String, Finding> unique = new LinkedHashMap<>();
        for (Finding finding : all) {
            unique.putIfAbsent(finding.id() + "\u0000" + finding.path() + "\u0000" + finding.message(), finding);
        }
        // Like the API server, CEL rules run only on an object whose values have the types (and enums) they expect.
        // They see the object as stored: normalised, with its apiVersion, kind and metadata.
        if (messages.stream().noneMatch(m -> m.getType().equals("type") || m.getType().equals("enum"))) {
            List.of("apiVersion", "kind", "metadata").forEach(field -> {
                if (resource.body().has(field)) {
                    object.set(field, resource.body().get(field));
                }
            });
            served.celRules().validate(resource, object).forEach(f -> unique.putIfAbsent(f.id() + "\u0000" + f.path()
                    + "\u0000" + f.message(), f));
        }
        List<Finding> findings = new ArrayList<>(unique.values());
        findings.sort(ORDER);
        return List.copyOf(findings);
    }

    private static Finding toFinding(Resource resource, JsonNode schema, ValidationMessage message) {
        String at = pointer(message.getInstanceLocation());
        String where = at.isEmpty() ? "the object" : at;  // for findings whose path names a field inside it
        JsonNode value = message.getInstanceNode();
        switch (message.getType()) {
            case "additionalProperties" -> {
                String field = message.getProperty();
                JsonNode parent = schema.at(parentPointer(message.getEvaluationPath()));
                Set<String> known = new TreeSet<>();
                parent.path("properties").fieldNames().forEachRemaining(known::add);
                return Finding.error("Schema.UnknownField", resource.id(), at + "/" + escape(field),
                        "unknown field \"" + field + "\" in " + where,
                        known.isEmpty() ? null : "fields known here: " + String.join(", ", known));
            }
            case "required" -> {
                String field = message.getProperty();
                return Finding.error("Schema.MissingField", resource.id(), at + "/" + escape(field),
                        "required field \"" + field + "\" is missing from " + where, null);
            }
            case "type" -> {
                JsonNode wanted = message.getSchemaNode();
                String expected = wanted.isArray() ? joinTypes(wanted) : wanted.asText();
                return Finding.error("Schema.WrongType", resource.id(), at,
                        "expected " + article(expected) + ", found " + describe(value), null);
            }
            default -> {
                return Finding.error("Schema.InvalidValue", resource.id(), at,
                        describe(value) + " is invalid: " + errorText(message), null);
            }
        }
    }

    /** networknt's message without its leading location ("/spec/x: "). */
    private static String errorText(ValidationMessage message) {
        String text = message.getMessage();
        String prefix = message.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "a missing value";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> value.isEmpty() ? "an empty object" : "an object";
            case ARRAY -> value.isEmpty() ? "an empty list" : "a list";
            case STRING -> "the string " + quote(value.asText());
            case NUMBER -> (value.isIntegralNumber() ? "the integer " : "the number ") + value.asText();
            case BOOLEAN -> "the boolean " + value.asText();
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "\"" + shown.replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "an object";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "integer or string" -> "an integer or a string";
            default -> "a " + type;
        };
    }

    private static String joinTypes(JsonNode types) {
        List<String> names = new ArrayList<>();
        types.forEach(type -> names.add(type.asText()));
        return String.join(" or ", names);
    }

    /** A JSON pointer (RFC 6901) for a networknt path, "" for the root. */
    static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    /** The schema pointer of the object that holds a keyword: "/properties/spec" for ".../spec/additionalProperties". */
    private static String parentPointer(JsonNodePath evaluationPath) {
        String pointer = pointer(evaluationPath);
        int slash = pointer.lastIndexOf('/');
        return slash < 0 ? "" : pointer.substring(0, slash);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
