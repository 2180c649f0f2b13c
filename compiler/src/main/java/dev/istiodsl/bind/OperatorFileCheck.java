package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.json.LocatedYaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.OperatorFile;
import dev.istiodsl.validate.Finding;
import dev.istiodsl.validate.kubernetes.TypedModelValidator;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What istioctl would refuse in an IstioOperator file, or what the compiler would silently replace, each at its line
 * in the file: an apiVersion other than {@value #API_VERSION}; settings written beside {@code spec} instead of under
 * it; fields no Istio release has, with the closest known one; values of the wrong type (the Kubernetes settings
 * under {@code k8s} against their typed models); a {@code spec.revision} other than the revision's name.
 *
 * <p>Fields some release has but the revision's has not (removed ones) are left to Upgrade.RemovedOperatorField,
 * which knows when each went.
 */
final class OperatorFileCheck {

    static final String API_VERSION = "install.istio.io/v1alpha1";

    private static final Map<String, String> NOUNS = Map.of(OperatorSchema.DOCUMENT, "an IstioOperator",
            "spec", "an IstioOperator spec", "components", "the component set", "component", "a component",
            "gateway", "a gateway component", "addonComponent", "an addon component", "k8s", "a k8s block",
            "overlay", "a k8s overlay", "patch", "an overlay patch");

    private final OperatorSchema schema = OperatorSchema.shipped();
    private final TypedModelValidator kubernetes = new TypedModelValidator();
    private final Diagnostics diagnostics;
    private final OperatorFile file;
    private final String shown;
    private final Optional<IstioVersion> istio;

    /**
     * @param shown how messages name the file ("IstioOperator file 'operators/istiod.yaml'")
     * @param istio the version of the revision that names the file, when it is known
     */
    OperatorFileCheck(Diagnostics diagnostics, OperatorFile file, String shown, Optional<IstioVersion> istio) {
        this.diagnostics = diagnostics;
        this.file = file;
        this.shown = shown;
        this.istio = istio;
    }

    /** The apiVersion, the fields and their types: what is wrong with the file whichever revision names it. */
    void checkShape() {
        JsonNode apiVersion = file.document().path("apiVersion");
        if (!apiVersion.asText("").equals(API_VERSION)) {
            String found = apiVersion.isMissingNode() || apiVersion.isNull() ? "no apiVersion"
                    : "apiVersion " + (apiVersion.isTextual() ? "'" + apiVersion.asText() + "'" : found(apiVersion));
            diagnostics.error("Bind.OperatorApiVersion", apiVersion.isMissingNode() ? file.at()
                            : file.valueAt("/apiVersion"), shown + " has " + found + "; istioctl reads an IstioOperator"
                            + " of " + API_VERSION + " only", "write `apiVersion: " + API_VERSION + "`");
        }
        Map<String, OperatorSchema.Type> spec = schema.fields("spec");
        for (Iterator<String> it = file.document().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!schema.fields(OperatorSchema.DOCUMENT).containsKey(name) && spec.containsKey(name)) {
                diagnostics.error("Bind.OperatorOutsideSpec", file.keyAt(pointer("", name)), shown + " sets '" + name
                        + "' beside spec instead of under it, where it configures nothing", "indent it under `spec:`");
            }
        }
        walk(file.document(), new OperatorSchema.Named(OperatorSchema.DOCUMENT), "", true);
    }

    /** What the revision named {@code revision} would silently replace: another revision name. */
    void checkRevision(String revision) {
        for (String at : List.of("/spec/revision", "/spec/values/revision")) {
            JsonNode written = file.document().at(at);
            if (written.isTextual() && !written.asText().isEmpty() && !written.asText().equals(revision)) {
                diagnostics.error("Bind.OperatorConflict", file.valueAt(at), shown + " names revision '"
                        + written.asText() + "' (" + at.substring(1).replace('/', '.') + "), but it expands revision '"
                        + revision + "', whose name istiodsl gives istioctl", "remove the line, or name the "
                        + "revision '" + written.asText() + "' in the mesh");
            }
        }
    }

    /**
     * The gateways of the file that would not be rendered: istiodsl writes the mesh's gateways as the whole
     * {@code ingressGateways} and {@code egressGateways} lists, and istioctl replaces lists rather than merging them.
     */
    void checkGateways() {
        for (String list : List.of("ingressGateways", "egressGateways")) {
            JsonNode gateways = file.spec().path("components").path(list);
            for (int i = 0; gateways.isArray() && i < gateways.size(); i++) {
                JsonNode gateway = gateways.get(i);
                if (!gateway.path("enabled").asBoolean(false)) {
                    continue;
                }
                String at = "/spec/components/" + list + "/" + i;
                String name = gateway.path("name").asText("");
                diagnostics.warning("Bind.OperatorGatewayIgnored", file.keyAt(gateway.has("name") ? at + "/name"
                                : at), shown + " enables " + (name.isEmpty() ? "a gateway without a name"
                                : "the gateway '" + name + "'") + " in components." + list + ", which is not "
                                + "rendered: the mesh's own gateways replace that list", "declare it in the mesh "
                                + "with `gateway " + (name.isEmpty() ? "NAME" : name) + " { kind "
                                + (list.startsWith("ingress") ? "ingress" : "egress") + " ... }`, or remove it from "
                                + "the file");
            }
        }
    }

    private void walk(JsonNode value, OperatorSchema.Type type, String at, boolean top) {
        if (value.isNull() || value.isMissingNode()) {
            return;
        }
        if (type instanceof OperatorSchema.Scalar scalar) {
            scalar(value, scalar.name(), at);
        } else if (type instanceof OperatorSchema.ListOf list) {
            if (!value.isArray()) {
                wrongType(at, "a list", value, null);
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), list.item(), at + "/" + i, false);
            }
        } else if (type instanceof OperatorSchema.MapOf map) {
            if (!value.isObject()) {
                wrongType(at, "a map", value, null);
                return;
            }
            value.fields().forEachRemaining(e -> walk(e.getValue(), map.value(), pointer(at, e.getKey()), false));
        } else if (type instanceof OperatorSchema.Kubernetes k8s) {
            for (Finding finding : kubernetes.validatePart(k8s.name(), value, "IstioOperator", at, protobufEra())) {
                String id = finding.id().endsWith("UnknownField") ? "Bind.OperatorUnknownField"
                        : "Bind.OperatorWrongType";
                report(id, finding.path(), finding.message(), finding.hint());
            }
        } else {
            OperatorSchema.Named named = (OperatorSchema.Named) type;
            if (!value.isObject()) {
                wrongType(at, "a map", value, null);
                return;
            }
            Map<String, OperatorSchema.Type> fields = schema.fields(named.name());
            value.fields().forEachRemaining(e -> {
                OperatorSchema.Type field = fields.get(e.getKey());
                String child = pointer(at, e.getKey());
                if (field != null) {
                    walk(e.getValue(), field, child, false);
                } else if (!(top && schema.fields("spec").containsKey(e.getKey()))) {
                    // (a spec field beside spec is Bind.OperatorOutsideSpec)
                    diagnostics.error("Bind.OperatorUnknownField", file.keyAt(child), "IstioOperator: unknown field "
                            + child + " (" + NOUNS.getOrDefault(named.name(), "'" + named.name() + "'")
                            + " has no field '" + e.getKey() + "')", Suggestions.hint(e.getKey(), fields.keySet(),
                            "field"));
                }
            });
        }
    }

    private void scalar(JsonNode value, String type, String at) {
        switch (type) {
            case "string" -> {
                if (!value.isTextual()) {
                    wrongType(at, "a string", value, value.isNumber() || value.isBoolean() ? "quote it, or YAML "
                            + "reads it as a " + (value.isNumber() ? "number" : "boolean") + ": \"" + value.asText()
                            + "\"" : null);
                }
            }
            case "bool" -> {
                if (!value.isBoolean()) {
                    wrongType(at, "a boolean (true or false)", value, value.isTextual() && (value.asText()
                            .equals("true") || value.asText().equals("false")) ? "write " + value.asText()
                            + " without quotes" : null);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    wrongType(at, "an integer", value, quotedInteger(value) ? "write the number without quotes: "
                            + value.asText() : null);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    wrongType(at, "a map", value, null);
                }
            }
            default -> {
                // any
            }
        }
    }

    private void wrongType(String at, String expected, JsonNode found, String hint) {
        report("Bind.OperatorWrongType", at, "IstioOperator: " + (at.isEmpty() ? "the document" : at) + " must be "
                + expected + ", not " + found(found), hint);
    }

    /**
     * A finding at its line. Before 1.24 istioctl read the file through protobuf's JSON reader, which takes a quoted
     * number for an integer: there such a value is a warning that 1.24 refuses it, not an error.
     */
    private void report(String id, String at, String message, String hint) {
        boolean lenient = id.equals("Bind.OperatorWrongType") && quotedInteger(file.document().at(at))
                && protobufEra();
        if (lenient) {
            diagnostics.add(new Diagnostic(id, Severity.WARNING, file.valueAt(at), message + "; istioctl "
                    + istio.get() + " reads it as one, 1.24 and later refuse it", hint, null));
        } else if (id.equals("Bind.OperatorUnknownField")) {
            diagnostics.error(id, file.keyAt(at), message, hint);
        } else {
            diagnostics.error(id, file.valueAt(at), message, hint);
        }
    }

    /**
     * Whether the revision's istioctl reads the file through protobuf (before 1.24): its JSON reader takes a quoted
     * number for an integer, and the Kubernetes settings came through mirrors of several API versions at once. From
     * 1.24 the file is decoded as plain JSON into the Kubernetes types.
     */
    private boolean protobufEra() {
        return istio.map(v -> v.major() == 1 && v.minor() < 24).orElse(false);
    }

    private static boolean quotedInteger(JsonNode value) {
        return value.isTextual() && value.asText().matches("[+-]?\\d{1,18}");
    }

    private static String found(JsonNode value) {
        if (value.isObject()) {
            return "a map";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            String text = value.asText();
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "the string \"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        return value.isBoolean() ? "the boolean " + value.asText() : value.asText();
    }

    private static String pointer(String at, String key) {
        return at + "/" + LocatedYaml.escape(key);
    }
}
