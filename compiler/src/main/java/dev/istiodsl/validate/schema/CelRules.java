package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelValidationException;
import dev.cel.common.exceptions.CelRuntimeException;
import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.util.Sha256;
import dev.istiodsl.validate.Finding;
import dev.istiodsl.validate.schema.cel.KubernetesCel;
import dev.istiodsl.validate.schema.cel.SchemaType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of one served version of a CustomResourceDefinition, compiled in the
 * API server's CEL environment ({@link KubernetesCel}), and what they say of a resource.
 *
 * <p>A rule runs on every value its schema node has in the resource (each item of a list, each value of a map), with
 * {@code self} that value. A rule that evaluates to false, or that fails on the resource's data (a missing field it
 * reads, a string {@code duration()} cannot parse), is {@code Schema.RuleViolated}: the API server refuses the
 * object. Its message is the rule's {@code messageExpression} (evaluated), else its {@code message}, else
 * "failed rule: RULE"; its path the JSON pointer of the value, extended by the rule's {@code fieldPath}; a
 * {@code reason} other than FieldValueInvalid prefixes the message ("forbidden: ...").
 *
 * <p>Notes, which a run reports once ({@link #oncePerRun}) rather than per resource:
 * <ul>
 * <li>{@code Schema.TransitionRulesSkipped} — rules that read {@code oldSelf} judge an update against the object in
 * the cluster, which an offline compile does not see: they are not evaluated;</li>
 * <li>{@code Schema.RuleNotEvaluated} — a rule that does not compile or evaluate here for a reason of this compiler
 * (a function it lacks, an unexpected failure): a limitation, named with its CRD and rule, never a crash.</li>
 * </ul>
 *
 * <p>Compiled rules are cached for the process by the content of the schema, so environments and runs that use the
 * same CRD compile it once. Immutable and thread-safe.
 */
public final class CelRules {

    public static final String VIOLATED = "Schema.RuleViolated";
    public static final String NOT_EVALUATED = "Schema.RuleNotEvaluated";
    public static final String TRANSITIONS_SKIPPED = "Schema.TransitionRulesSkipped";

    /** The notes a run reports once, whatever the number of resources they came from. */
    public static final Set<String> NOTE_IDS = Set.of(NOT_EVALUATED, TRANSITIONS_SKIPPED);

    static final CelRules NONE = new CelRules("", "", null, List.of(), 0);

    /** Errors of evaluation that the data causes (the API server fails the same way), not this compiler. */
    private static final Set<CelErrorCode> DATA_ERRORS = Collections.unmodifiableSet(EnumSet.of(
            CelErrorCode.ATTRIBUTE_NOT_FOUND, CelErrorCode.INDEX_OUT_OF_BOUNDS, CelErrorCode.DIVIDE_BY_ZERO,
            CelErrorCode.DUPLICATE_ATTRIBUTE, CelErrorCode.INVALID_ARGUMENT, CelErrorCode.NUMERIC_OVERFLOW,
            CelErrorCode.BAD_FORMAT, CelErrorCode.ITERATION_BUDGET_EXCEEDED));

    private static final int CACHE_SIZE = 512;
    private static final Map<String, CelRules> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CelRules> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private final String crd;
    private final String version;
    private final Node root;
    /** Rules that do not compile here, as notes: "at PATH: RULE" → why. */
    private final List<Problem> problems;
    private final int rules;

    private CelRules(String crd, String version, Node root, List<Problem> problems, int rules) {
        this.crd = crd;
        this.version = version;
        this.root = root;
        this.problems = problems;
        this.rules = rules;
    }

    /** A rule that cannot be evaluated here, and why. */
    record Problem(String path, String rule, String reason) {
    }

    /** One rule, compiled. */
    private record Rule(String source, String message, CelRuntime.Program program,
            CelRuntime.Program messageExpression, List<String> fieldPath, String reason, boolean transition) {
    }

    /** One schema node with rules in it or below it. */
    private record Node(SchemaType type, List<Rule> rules, Map<String, Node> properties, Node element) {
    }

    /**
     * The rules of a version's {@code openAPIV3Schema}, compiled on first use of that content in the process.
     *
     * @param crd     the CRD's name, for notes
     * @param version the version's name, for notes
     */
    public static CelRules of(String crd, String version, JsonNode schema) {
        String text = schema == null || !schema.isObject() ? "" : schema.toString();
        if (!text.contains("x-kubernetes-validations")) {
            return NONE;
        }
        String key = Sha256.hex(crd + "\u0000" + version + "\u0000" + text);
        CelRules cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        CelRules compiled = compile(crd, version, schema);
        CACHE.putIfAbsent(key, compiled);
        return compiled;
    }

    private static CelRules compile(String crd, String version, JsonNode schema) {
        List<Problem> problems = new ArrayList<>();
        int[] count = {0};
        Node root;
        try {
            SchemaType.Root types = SchemaType.root(schema);
            root = node(schema, types.type(), types, "", problems, count);
        } catch (RuntimeException e) {
            problems.add(new Problem("", "(every rule)", "the schema could not be read: " + e));
            root = null;
        }
        return new CelRules(crd, version, root, List.copyOf(problems), count[0]);
    }

    private static Node node(JsonNode schema, SchemaType type, SchemaType.Root types, String path,
            List<Problem> problems, int[] count) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            count[0]++;
            compileRule(validation, type, types, path, problems).ifPresent(rules::add);
        }
        Map<String, Node> properties = new TreeMap<>();
        schema.path("properties").fields().forEachRemaining(e -> type.property(e.getKey()).ifPresent(child -> {
            Node n = node(e.getValue(), child, types, path + "/" + pointerSegment(e.getKey()), problems, count);
            if (n != null) {
                properties.put(e.getKey(), n);
            }
        }));
        Node element = null;
        JsonNode below = type.isMap() ? schema.path("additionalProperties") : type.isList() ? schema.path("items")
                : null;
        if (below != null && below.isObject() && type.element().isPresent()) {
            element = node(below, type.element().get(), types, path + "/*", problems, count);
        }
        if (rules.isEmpty() && properties.isEmpty() && element == null) {
            return null;
        }
        return new Node(type, List.copyOf(rules), Collections.unmodifiableMap(properties), element);
    }

    private static Optional<Rule> compileRule(JsonNode validation, SchemaType type, SchemaType.Root types,
            String path, List<Problem> problems) {
        String source = validation.path("rule").asText("");
        String where = path.isEmpty() ? "/" : path;
        try {
            CelAbstractSyntaxTree ast = KubernetesCel.compile(source, type.type(), types.provider());
            CelKind result = ast.getResultType().kind();
            if (result != CelKind.BOOL && result != CelKind.DYN) {
                problems.add(new Problem(where, source, "it evaluates to " + ast.getResultType().name()
                        + ", not a boolean"));
                return Optional.empty();
            }
            boolean transition = KubernetesCel.readsOldSelf(ast);
            CelRuntime.Program program = transition ? null : KubernetesCel.program(ast);
            CelRuntime.Program message = null;
            String messageExpression = validation.path("messageExpression").asText("");
            if (!transition && !messageExpression.isEmpty()) {
                try {
                    CelAbstractSyntaxTree m = KubernetesCel.compile(messageExpression, type.type(), types.provider());
                    message = KubernetesCel.program(m);
                } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
                    problems.add(new Problem(where, source, "its messageExpression does not compile here: "
                            + firstLine(e.getMessage())));
                }
            }
            return Optional.of(new Rule(source, validation.path("message").asText(""), program, message,
                    fieldPath(validation.path("fieldPath").asText("")), validation.path("reason").asText(""),
                    transition));
        } catch (CelValidationException e) {
            problems.add(new Problem(where, source, "it does not compile here: " + firstLine(e.getMessage())));
        } catch (CelEvaluationException | RuntimeException e) {
            problems.add(new Problem(where, source, "it does not compile here: " + e));
        }
        return Optional.empty();
    }

    /** How many rules the schema holds. */
    int ruleCount() {
        return rules;
    }

    /** The rules that do not compile here, with why. */
    List<Problem> problems() {
        return problems;
    }

    /**
     * The findings of every rule on a resource, and the notes of rules it could not judge.
     *
     * @param object the resource's whole object as the API server holds it when the rules run: defaults set, nulls
     *               dropped, whole numbers as integers ({@link StructuralRules#normalize})
     */
    public List<Finding> validate(Resource resource, JsonNode object) {
        if (root == null && problems.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (Problem p : problems) {
            out.add(note(resource, NOT_EVALUATED, notEvaluated(p.path(), p.rule()), p.reason()));
        }
        if (root != null) {
            walk(resource, root, object, "", out);
        }
        return out;
    }

    private void walk(Resource resource, Node node, JsonNode json, String pointer, List<Finding> out) {
        if (!node.rules().isEmpty()) {
            Object self;
            try {
                self = node.type().value(json);
            } catch (RuntimeException e) {
                node.rules().forEach(r -> out.add(note(resource, NOT_EVALUATED, notEvaluated(pointer, r.source()),
                        "its value could not be converted: " + e)));
                self = null;
            }
            if (self != null) {
                for (Rule rule : node.rules()) {
                    evaluate(resource, rule, self, pointer, out);
                }
            }
        }
        if (json.isObject()) {
            node.properties().forEach((name, child) -> {
                JsonNode value = json.get(name);
                if (child.type().present(value)) {
                    walk(resource, child, value, pointer + "/" + pointerSegment(name), out);
                }
            });
            if (node.element() != null && node.type().isMap()) {
                json.fields().forEachRemaining(e -> {
                    if (node.element().type().present(e.getValue())) {
                        walk(resource, node.element(), e.getValue(), pointer + "/" + pointerSegment(e.getKey()),
                                out);
                    }
                });
            }
        } else if (json.isArray() && node.element() != null && node.type().isList()) {
            for (int i = 0; i < json.size(); i++) {
                walk(resource, node.element(), json.get(i), pointer + "/" + i, out);
            }
        }
    }

    private void evaluate(Resource resource, Rule rule, Object self, String pointer, List<Finding> out) {
        if (rule.transition()) {
            out.add(note(resource, TRANSITIONS_SKIPPED, crd + " " + version + " " + (pointer.isEmpty() ? "/"
                    : generalised(pointer)) + ": " + rule.source(), null));
            return;
        }
        String failure = null;
        try {
            Object result = rule.program().eval(Map.of("self", self));
            if (Boolean.TRUE.equals(result)) {
                return;
            }
            if (!Boolean.FALSE.equals(result)) {
                out.add(note(resource, NOT_EVALUATED, notEvaluated(generalised(pointer), rule.source()),
                        "it evaluated to " + result + ", not a boolean"));
                return;
            }
        } catch (CelEvaluationException e) {
            if (!causedByData(e)) {
                out.add(note(resource, NOT_EVALUATED, notEvaluated(generalised(pointer), rule.source()),
                        "its evaluation failed here: " + firstLine(e.getMessage())));
                return;
            }
            failure = withoutLocation(e.getMessage());
        } catch (RuntimeException e) {
            out.add(note(resource, NOT_EVALUATED, notEvaluated(generalised(pointer), rule.source()),
                    "its evaluation failed here: " + e));
            return;
        }
        String message = message(rule, self);
        if (failure != null) {
            message = message + " (the rule fails: " + failure + ")";
        }
        String path = pointer + rule.fieldPath().stream().map(s -> "/" + pointerSegment(s)).reduce("", String::concat);
        out.add(Finding.error(VIOLATED, resource.id(), path, prefix(rule.reason()) + message,
                "the rule of " + crd + ": " + rule.source().replaceAll("\\s+", " ").trim()));
    }

    private static String message(Rule rule, Object self) {
        if (rule.messageExpression() != null) {
            try {
                Object m = rule.messageExpression().eval(Map.of("self", self));
                if (m instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    return s;
                }
            } catch (CelEvaluationException | RuntimeException e) {
                // The API server falls back to the static message, as here.
            }
        }
        return rule.message().isEmpty() ? "failed rule: " + rule.source().replaceAll("\\s+", " ").trim()
                : rule.message();
    }

    private static String prefix(String reason) {
        return switch (reason) {
            case "FieldValueForbidden" -> "forbidden: ";
            case "FieldValueRequired" -> "required: ";
            case "FieldValueDuplicate" -> "duplicate: ";
            default -> "";
        };
    }

    /** Whether an evaluation failed because of the resource's data rather than because of this compiler. */
    private static boolean causedByData(CelEvaluationException e) {
        if (DATA_ERRORS.contains(e.getErrorCode())) {
            return true;
        }
        if (e.getErrorCode() != CelErrorCode.INTERNAL_ERROR) {
            return false;
        }
        // CEL's own libraries report a bad argument as an internal error without a cause ("charAt failure");
        // a Java exception escaping a function is ours.
        Throwable cause = e.getCause();
        return cause == null || cause instanceof CelRuntimeException r && DATA_ERRORS.contains(r.getErrorCode());
    }

    private String notEvaluated(String path, String rule) {
        return "the CEL rule `" + rule.replaceAll("\\s+", " ").trim() + "` of " + crd + " " + version + " at "
                + (path.isEmpty() ? "/" : path) + " is not checked";
    }

    private static Finding note(Resource resource, String id, String message, String hint) {
        return new Finding(id, Severity.NOTE, Optional.of(resource.id()), "", message, hint);
    }

    /** "/spec/http/3/timeout" → "/spec/http/∗/timeout": a note names the rule, not the value. */
    private String generalised(String pointer) {
        StringBuilder out = new StringBuilder();
        Node node = root;
        for (String segment : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (node != null && node.properties().containsKey(name)) {
                out.append('/').append(segment);
                node = node.properties().get(name);
            } else {
                out.append("/*");
                node = node == null ? null : node.element();
            }
        }
        return out.toString();
    }

    /**
     * Merges the notes a run collected from every resource: one {@code Schema.TransitionRulesSkipped} for all of
     * them, one {@code Schema.RuleNotEvaluated} per rule. The notes lose their resource: they are about CRDs.
     */
    public static List<Finding> oncePerRun(Collection<Finding> notes) {
        Map<String, Finding> notEvaluated = new TreeMap<>();
        Set<String> transitions = new TreeSet<>();
        Set<String> transitionCrds = new TreeSet<>();
        for (Finding f : notes) {
            if (f.id().equals(TRANSITIONS_SKIPPED)) {
                transitions.add(f.message());
                transitionCrds.add(f.message().substring(0, f.message().indexOf(' ')));
            } else if (f.id().equals(NOT_EVALUATED)) {
                notEvaluated.putIfAbsent(f.message(), new Finding(f.id(), f.severity(), Optional.empty(), "",
                        f.message(), f.hint()));
            }
        }
        List<Finding> out = new ArrayList<>(notEvaluated.values());
        if (!transitions.isEmpty()) {
            out.add(new Finding(TRANSITIONS_SKIPPED, Severity.NOTE, Optional.empty(), "", transitions.size()
                    + " transition rule" + (transitions.size() == 1 ? "" : "s") + " of " + String.join(", ",
                    transitionCrds) + " not checked: a rule that reads oldSelf judges an update against the object "
                    + "in the cluster, which an offline compile does not see",
                    "the API server checks them when the tree is applied"));
        }
        return out;
    }

    /** A rule's fieldPath (".spec.ports", ".labels['a.b']", ".list[0]") as path segments. */
    static List<String> fieldPath(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '.' && text.charAt(j) != '[') {
                    j++;
                }
                out.add(text.substring(i + 1, j));
                i = j;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    break;
                }
                String inner = text.substring(i + 1, close);
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    inner = inner.substring(1, inner.length() - 1);
                }
                out.add(inner);
                i = close + 1;
            } else {
                break;
            }
        }
        return List.copyOf(out);
    }

    private static String pointerSegment(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip();
        int nl = line.indexOf('\n');
        return withoutLocation(nl < 0 ? line : line.substring(0, nl));
    }

    /** CEL's "evaluation error at <input>:12: key 'x' is not present in map." without its location. */
    private static String withoutLocation(String text) {
        String t = text == null ? "" : text.strip();
        t = t.replaceFirst("^(evaluation error( at <input>:\\d+)?|ERROR: <input>:\\d+:\\d+): ", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
