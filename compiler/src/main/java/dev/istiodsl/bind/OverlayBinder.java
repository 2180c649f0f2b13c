package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Redaction;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Selector;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.resource.Sops;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds {@code overlay NAME { ... }}: selectors, JSON Patch operations, merge patches, drops, resources, sets. */
final class OverlayBinder {

    /** The names selectors may refer to. */
    record Known(Set<String> revisions, Set<String> tags, Set<String> gateways) {
    }

    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");
    private static final Set<String> OPS_WITH_VALUE = Set.of("add", "replace", "test");
    private static final Set<String> OPS_WITH_FROM = Set.of("move", "copy");
    static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*(\\.[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?");
    static final Pattern GLOB = Pattern.compile("[A-Za-z0-9.*?\\-:]+");
    static final List<String> COMMON_KINDS = List.of("ClusterRole", "ClusterRoleBinding", "ConfigMap",
            "CustomResourceDefinition", "DaemonSet", "Deployment", "EnvoyFilter", "HorizontalPodAutoscaler",
            "MutatingWebhookConfiguration", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Role",
            "RoleBinding", "Secret", "Service", "ServiceAccount", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration");

    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final StructuredFiles structured;
    private final SetBinder sets;
    private final Known known;
    private final Redaction redaction;

    OverlayBinder(Diagnostics diagnostics, ValueReader values, StructuredFiles structured, Known known,
            Redaction redaction) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.structured = structured;
        this.sets = new SetBinder(diagnostics, values);
        this.known = known;
        this.redaction = redaction;
    }

    Optional<Overlay> bind(Declared<Ast.Overlay> declared) {
        Ast.Overlay ast = declared.node();
        boolean ok = Names.checkLabel(ast.name(), "overlay", diagnostics);
        List<OverlayOp> ops = new ArrayList<>();
        for (Ast.OverlayOp op : ast.ops()) {
            List<OverlayOp> bound = op instanceof Ast.AddResource add ? resources(add, declared)
                    : bindOp(op, declared).stream().toList();
            bound.forEach(b -> {
                secretValues(b).forEach(redaction::value);
                ops.add(b);
            });
        }
        if (ast.ops().isEmpty()) {
            diagnostics.warning("Bind.EmptyOverlay", ast.name().at(), "overlay '" + ast.name().text()
                    + "' does nothing", "add patch, merge, drop, resource or set lines, or remove it");
        }
        return ok ? Optional.of(new Overlay(ast.name().text(), ast.name().at(), ops)) : Optional.empty();
    }

    /**
     * The Secret values an operation adds or writes, from the DSL or from its file; those written in the DSL are
     * masked where they stand already ({@link SecretSpans}), these also wherever a later stage quotes them.
     */
    private static List<String> secretValues(OverlayOp op) {
        List<String> out = new ArrayList<>();
        if (op instanceof OverlayOp.AddResource add) {
            out.addAll(Secrets.values(add.resource()));
        } else if (op instanceof OverlayOp.JsonPatch patch && patch.selector().kind().equals(Secrets.KIND)) {
            patch.operations().forEach(o -> out.addAll(Secrets.valuesAt(o.path("path").asText(), o.path("value"))));
        } else if (op instanceof OverlayOp.MergePatch merge && merge.selector().kind().equals(Secrets.KIND)) {
            out.addAll(Secrets.valuesAt("", merge.patch()));
        }
        return out;
    }

    private Optional<OverlayOp> bindOp(Ast.OverlayOp op, Declared<Ast.Overlay> declared) {
        if (op instanceof Ast.OverlaySet set) {
            return sets.bind(set.set()).map(OverlayOp.Set::new);
        }
        if (op instanceof Ast.Drop drop) {
            return selector(drop.selector()).map(s -> new OverlayOp.Drop(s, drop.at()));
        }
        if (op instanceof Ast.Merge merge) {
            Optional<Selector> selector = selector(merge.selector());
            Optional<StructuredFiles.Read> read = merge.file().flatMap(file -> structured.read(declared.source(),
                    file.path(), file.at(), "merge patch file"));
            Optional<JsonNode> patch = merge.file().isPresent() ? read.map(StructuredFiles.Read::tree)
                    : merge.patch().map(values::object);
            if (read.isPresent() && !read.get().tree().isObject()) {
                Ast.FileRef file = merge.file().get();
                diagnostics.error("Bind.InvalidPatchFile", file.at(), "'" + file.path() + "' must hold a merge "
                        + "patch: a map of the fields to change, not " + (read.get().tree().isArray() ? "a list"
                                : "a single value"), "e.g. {\"spec\": {\"replicas\": 2}}");
                return Optional.empty();
            }
            if (selector.isEmpty() || patch.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new OverlayOp.MergePatch(selector.get(), patch.get(),
                    read.map(StructuredFiles.Read::path), merge.at()));
        }
        return patch((Ast.Patch) op, declared);
    }

    /**
     * {@code resource { ... }}, or {@code resource from "file"}: a file of several documents adds each as a resource,
     * located at the line its document starts on in the file, so what is found about one points at it.
     */
    private List<OverlayOp> resources(Ast.AddResource add, Declared<Ast.Overlay> declared) {
        if (add.file().isEmpty()) {
            return add.resource().map(values::object).flatMap(tree -> resource(tree, Optional.empty(), false,
                    add.at(), "this resource")).stream().toList();
        }
        Ast.FileRef file = add.file().get();
        Optional<StructuredFiles.Documents> read = structured.readDocuments(declared.source(), file.path(),
                file.at(), "resource file");
        if (read.isEmpty()) {
            return List.of();
        }
        List<Yaml.Document> documents = read.get().documents();
        if (documents.size() == 1) {
            return resource(documents.get(0).tree(), read, false, add.at(), "this resource").stream().toList();
        }
        List<OverlayOp> out = new ArrayList<>();
        for (Yaml.Document document : documents) {
            resource(document.tree(), read, true, read.get().at(document), "document " + document.number() + " of '"
                    + file.path() + "'").ifPresent(out::add);
        }
        return out;
    }

    /**
     * @param read   the file it comes from, if any
     * @param shared whether other documents share the file
     * @param what   what it is, in messages: "this resource", "document 2 of 'payments.yaml'"
     */
    private Optional<OverlayOp> resource(JsonNode tree, Optional<StructuredFiles.Documents> read, boolean shared,
            SourceLocation at, String what) {
        List<String> missing = new ArrayList<>();
        for (String field : List.of("apiVersion", "kind")) {
            if (!tree.path(field).isTextual()) {
                missing.add(field);
            }
        }
        if (!tree.path("metadata").path("name").isTextual()) {
            missing.add("metadata.name");
        }
        if (!tree.isObject() || !missing.isEmpty()) {
            diagnostics.error("Bind.InvalidResource", at, what + " has no " + String.join(", ", missing),
                    "a resource needs apiVersion, kind and metadata.name");
            return Optional.empty();
        }
        if (tree.has(Sops.STANZA) && !encrypted(at, read.isPresent(), shared, tree)) {
            return Optional.empty();
        }
        Optional<String> verbatim = read.filter(r -> Sops.isEncrypted(tree)).map(StructuredFiles.Documents::text);
        return Optional.of(new OverlayOp.AddResource((ObjectNode) tree, read.map(StructuredFiles.Documents::path),
                verbatim, at));
    }

    /**
     * Whether a resource with a {@code sops} stanza can be committed as SOPS wrote it, which is the only way it stays
     * decryptable (its MAC covers every value in order): from a file of its own, its identity in plain text. A stanza
     * without a MAC is no encryption, and left to the Secret.Plaintext rule; one without a namespace is left to
     * validate, as any other resource.
     *
     * @param fromFile whether it comes from a file
     * @param shared   whether other documents share its file, whose bytes then are not its own
     */
    private boolean encrypted(SourceLocation at, boolean fromFile, boolean shared, JsonNode tree) {
        if (!Sops.isEncrypted(tree)) {
            return true;
        }
        List<String> identity = Sops.encryptedIdentity(tree);
        String problem = !fromFile ? "a SOPS-encrypted resource must come from the file sops wrote"
                : shared ? "a SOPS-encrypted resource must be the only document of its file, whose exact bytes are "
                        + "committed"
                : !identity.isEmpty() ? "SOPS encrypted " + String.join(", ", identity) + ", so nothing can tell what"
                        + " this resource is or where it lands"
                : null;
        if (problem == null) {
            return true;
        }
        diagnostics.error("Bind.InvalidResource", at, problem, !fromFile
                ? "write it to a file, encrypt that with sops, and add it with `resource from \"FILE\"`: its bytes"
                        + " are committed as they are"
                : shared ? "move it to a file of its own, encrypted by sops, and add that with `resource from`"
                : "encrypt only the values: `sops --encrypt --encrypted-regex '^(data|stringData)$'`");
        return false;
    }

    private Optional<OverlayOp> patch(Ast.Patch patch, Declared<Ast.Overlay> declared) {
        Optional<Selector> selector = selector(patch.selector());
        ArrayNode operations = Json.NODES.arrayNode();
        List<SourceLocation> where = new ArrayList<>();
        boolean ok = true;
        Optional<StructuredFiles.Read> read = patch.file().flatMap(file -> structured.read(declared.source(),
                file.path(), file.at(), "JSON Patch file"));
        if (patch.file().isPresent()) {
            Ast.FileRef file = patch.file().get();
            if (read.isEmpty()) {
                return Optional.empty();
            }
            ok = patchFile(read.get().tree(), file, operations, where);
        } else {
            for (Ast.PatchOp op : patch.ops()) {
                Optional<ObjectNode> bound = operation(op);
                bound.ifPresent(operations::add);
                bound.ifPresent(b -> where.add(op.at()));
                ok &= bound.isPresent();
            }
            if (patch.ops().isEmpty()) {
                diagnostics.error("Bind.EmptyPatch", patch.at(), "this patch has no operations",
                        "add operations such as `replace /spec/replicas 2`, or remove the patch");
                ok = false;
            }
        }
        if (!ok || selector.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OverlayOp.JsonPatch(selector.get(), operations, where,
                read.map(StructuredFiles.Read::path), patch.at()));
    }

    private Optional<ObjectNode> operation(Ast.PatchOp op) {
        String name = op.op().text();
        if (!OPS.contains(name)) {
            diagnostics.error("Bind.UnknownPatchOp", op.op().at(), "'" + name + "' is not a JSON Patch operation",
                    Suggestions.closest(name, OPS).map(s -> "did you mean '" + s + "'?")
                            .orElse("operations: add, remove, replace, move, copy, test"));
            return Optional.empty();
        }
        boolean ok = target(op.path(), name);
        ObjectNode node = Json.NODES.objectNode().put("op", name).put("path", op.path().text());
        if (OPS_WITH_FROM.contains(name)) {
            if (op.from().isEmpty()) {
                diagnostics.error("Bind.MissingPatchFrom", op.at(), "'" + name + "' needs a source: `" + name + " "
                        + op.path().text() + " from /source/path`", null);
                ok = false;
            } else {
                ok &= pointer(op.from().get());
                node.put("from", op.from().get().text());
            }
        } else if (op.from().isPresent()) {
            diagnostics.error("Bind.UnexpectedPatchFrom", op.from().get().at(), "'" + name + "' takes no `from`",
                    "to copy a value use `copy " + op.path().text() + " from " + op.from().get().text() + "`");
            return Optional.empty();
        }
        if (OPS_WITH_VALUE.contains(name)) {
            if (op.value().isEmpty()) {
                diagnostics.error("Bind.MissingPatchValue", op.at(), "'" + name + " " + op.path().text()
                        + "' needs a value", "write the value after the path: `" + name + " " + op.path().text()
                        + " VALUE`");
                ok = false;
            } else {
                node.set("value", values.json(op.value().get()));
            }
        } else if (op.value().isPresent()) {
            diagnostics.error("Bind.UnexpectedPatchValue", op.value().get().at(), "'" + name + "' takes no value",
                    name.equals("remove") ? "to change a value use `replace`" : null);
            ok = false;
        }
        return ok ? Optional.of(node) : Optional.empty();
    }

    private boolean patchFile(JsonNode tree, Ast.FileRef file, ArrayNode operations, List<SourceLocation> where) {
        if (!tree.isArray()) {
            diagnostics.error("Bind.InvalidPatchFile", file.at(), "'" + file.path()
                    + "' must hold a JSON Patch: a list of operations", "e.g. [{\"op\": \"remove\", \"path\": \"/a\"}]");
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < tree.size(); i++) {
            JsonNode op = tree.get(i);
            String name = op.path("op").asText("");
            String problem = !op.isObject() ? "is not an object"
                    : !OPS.contains(name) ? "has no valid \"op\""
                    : !op.path("path").isTextual() || !isPointer(op.path("path").asText())
                            ? "has no valid \"path\""
                    : op.path("path").asText().isEmpty() && !name.equals("test")
                            ? "changes the whole resource (its \"path\" is \"\")"
                    : OPS_WITH_VALUE.contains(name) && !op.has("value") ? "has no \"value\""
                    : OPS_WITH_FROM.contains(name) && !op.path("from").isTextual() ? "has no \"from\""
                    : null;
            if (problem != null) {
                diagnostics.error("Bind.InvalidPatchFile", file.at(), "operation " + (i + 1) + " of " + tree.size()
                        + " in '" + file.path() + "' " + problem, "each operation is {\"op\": ..., \"path\": \"/...\"}");
                ok = false;
                continue;
            }
            operations.add(op);
            where.add(file.at());
        }
        return ok;
    }

    private boolean pointer(Ast.Name pointer) {
        if (isPointer(pointer.text())) {
            return true;
        }
        diagnostics.error("Bind.InvalidJsonPointer", pointer.at(), "'" + pointer.text()
                + "' is not a JSON pointer", "pointers start with '/', and write '~' as ~0 and '/' inside a key as ~1");
        return false;
    }

    /** The path an operation changes: a pointer, and not the empty one, which would replace the resource itself. */
    private boolean target(Ast.Name path, String op) {
        if (!pointer(path)) {
            return false;
        }
        if (path.text().isEmpty() && !op.equals("test")) {
            diagnostics.error("Bind.InvalidJsonPointer", path.at(), "'" + op + " \"\"' would change the whole "
                    + "resource", "patch a field under it, like /spec/replicas; to replace a resource, `drop` it "
                            + "and add the new one with `resource`");
            return false;
        }
        return true;
    }

    /**
     * Whether {@code text} is an RFC 6901 JSON pointer: empty, or '/' before each reference token, with '~' only in
     * ~0 and ~1. Checked character by character: a regular expression with a repeated group recurses once per
     * character, and a long pointer would overflow the stack.
     */
    static boolean isPointer(String text) {
        if (!text.isEmpty() && text.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '~' && (i + 1 == text.length() || text.charAt(i + 1) != '0'
                    && text.charAt(i + 1) != '1')) {
                return false;
            }
        }
        return true;
    }

    private Optional<Selector> selector(Ast.Selector ast) {
        boolean ok = true;
        String kind = ast.kind().text();
        if (!KIND.matcher(kind).matches()) {
            String hint = COMMON_KINDS.stream().filter(k -> k.equalsIgnoreCase(kind)).findFirst()
                    .map(k -> "did you mean '" + k + "'?")
                    .orElse("write the Kind as Kubernetes does, e.g. Deployment or EnvoyFilter.networking.istio.io");
            diagnostics.error("Bind.InvalidKind", ast.kind().at(), "'" + kind + "' is not a Kubernetes Kind", hint);
            ok = false;
        }
        if (!GLOB.matcher(ast.pattern().text()).matches()) {
            String pattern = ast.pattern().text();
            int slash = pattern.indexOf('/');
            diagnostics.error("Bind.InvalidGlob", ast.pattern().at(), "'" + pattern + "' is not a name pattern",
                    slash > 0 ? "select the namespace with a clause: \"" + pattern.substring(slash + 1) + "\" in "
                            + pattern.substring(0, slash)
                            : "use a resource name with '*' and '?' as wildcards, e.g. \"istiod-*\"");
            ok = false;
        }
        Map<Ast.SelectorClause.Kind, String> clauses = new EnumMap<>(Ast.SelectorClause.Kind.class);
        for (Ast.SelectorClause clause : ast.clauses()) {
            String value = clause.value().text();
            if (clauses.putIfAbsent(clause.kind(), value) != null) {
                diagnostics.error("Bind.DuplicateSetting", clause.value().at(), "this selector names its "
                        + clause.kind().name().toLowerCase(java.util.Locale.ROOT) + " twice", null);
                ok = false;
                continue;
            }
            ok &= switch (clause.kind()) {
                case NAMESPACE -> Names.checkLabel(clause.value(), "namespace", diagnostics);
                case REVISION -> reference(clause.value(), known.revisions(), "Bind.UnknownRevision", "revision");
                case TAG -> reference(clause.value(), known.tags(), "Bind.UnknownTag", "tag");
                case GATEWAY -> reference(clause.value(), known.gateways(), "Bind.UnknownGateway", "gateway");
            };
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new Selector(kind, ast.pattern().text(),
                Optional.ofNullable(clauses.get(Ast.SelectorClause.Kind.NAMESPACE)),
                Optional.ofNullable(clauses.get(Ast.SelectorClause.Kind.REVISION)),
                Optional.ofNullable(clauses.get(Ast.SelectorClause.Kind.TAG)),
                Optional.ofNullable(clauses.get(Ast.SelectorClause.Kind.GATEWAY)), ast.at()));
    }

    private boolean reference(Ast.Name name, Set<String> known, String id, String noun) {
        if (known.contains(name.text())) {
            return true;
        }
        diagnostics.error(id, name.at(), "unknown " + noun + " '" + name.text() + "'",
                Suggestions.hint(name.text(), new java.util.TreeSet<>(known), noun));
        return false;
    }
}
