package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.promote.SoakGate;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.resource.Scope;
import dev.istiodsl.resource.Sops;
import dev.istiodsl.util.Globs;
import dev.istiodsl.util.Sha256;
import dev.istiodsl.validate.istio.IstioSemantics;
import dev.istiodsl.validate.kubernetes.Identities;
import dev.istiodsl.validate.kubernetes.Namespaces;
import dev.istiodsl.validate.kubernetes.RemovedApis;
import dev.istiodsl.validate.kubernetes.TypedModelValidator;
import dev.istiodsl.validate.rules.Rule;
import dev.istiodsl.validate.rules.RuleContext;
import dev.istiodsl.validate.rules.RuleFinding;
import dev.istiodsl.validate.rules.Rules;
import dev.istiodsl.validate.schema.CelRules;
import dev.istiodsl.validate.schema.CrdSchemas;
import dev.istiodsl.validate.schema.SchemaValidator;
import dev.istiodsl.validate.schema.cel.KubernetesCel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stage {@code validate}: every environment's resources, as they will be emitted, against the typed Kubernetes
 * models, the CRD schemas of the Istio version the environment runs, the Kubernetes APIs its cluster serves and
 * Istio's own semantic checks; then every rule. Suppressions turn matching findings into {@code SUPPRESSED} ones with
 * their reason; a suppression that names no known check is an error, one that silences nothing a warning.
 *
 * <p>Without expansions ({@code istiodsl.expand=false}) only the rules about the DSL run.
 */
public final class ValidateStage {

    /** The ids of the resource checks that are not rules, so suppressions of them are recognised. */
    public static final List<String> CHECK_IDS = List.of("Schema.UnknownField", "Schema.WrongType",
            "Schema.InvalidValue", "Schema.MissingField", "Schema.UnknownApiVersion", "Schema.UnknownKind",
            "Schema.DuplicateListKey", CelRules.VIOLATED,
            "Kubernetes.UnknownField", "Kubernetes.WrongType", "Kubernetes.RemovedApi", "Kubernetes.DeprecatedApi",
            "Istio.EmptyEnvoyFilterPatch", "Istio.GatewayWithoutServers", "Istio.EmptySidecarEgress",
            "Istio.NegativeWeight", "Istio.UnsupportedRegex", "Istio.EmptyWorkloadAddress",
            Namespaces.MISSING, Namespaces.UNKNOWN_SCOPE, Namespaces.IGNORED, Identities.INVALID);

    private final Rules rules;
    private final VersionFacts facts;
    private final LocalDate today;
    private final SoakGate soak;
    private final TypedModelValidator typed = new TypedModelValidator();
    private final RemovedApis removed = RemovedApis.shipped();
    private final IstioSemantics semantics = new IstioSemantics();
    private final Namespaces namespaces = new Namespaces();
    private final Identities identities = new Identities();
    /** Schema validators by a digest of the CRDs they are built from: environments on one version share one. */
    private final Map<String, SchemaValidator> schemas = new HashMap<>();
    private final Map<List<Same>, SchemaValidator> schemasByIdentity = new HashMap<>();
    private final Map<Same, List<Finding>> typedFindings = new HashMap<>();
    /** The bodies whose findings are remembered for the environments that place them again. */
    private java.util.function.Predicate<com.fasterxml.jackson.databind.node.ObjectNode> shared = body -> true;
    private final Map<SchemaValidator, Map<Same, List<Finding>>> schemaFindings = new IdentityHashMap<>();

    public ValidateStage(Rules rules, VersionFacts facts, LocalDate today) {
        this(rules, facts, today, new SoakGate(Optional.empty(), Instant.EPOCH));
    }

    /** @param soak the promotion gates, measured in the history of the committed tree */
    public ValidateStage(Rules rules, VersionFacts facts, LocalDate today, SoakGate soak) {
        this.rules = rules;
        this.facts = facts;
        this.today = today;
        this.soak = soak;
    }

    /**
     * Starts, on another thread, what validating these resources will need first: the CEL engine, when some resource
     * is of a group whose CustomResourceDefinition (in the same environment) has CEL rules. Call it as soon as the
     * resources are known; validation itself waits for nothing.
     */
    public static void prepare(Map<String, List<Placed>> resources) {
        for (List<Placed> placed : resources.values()) {
            // Only the CRDs of groups some resource uses are searched for rules: a CRD body is large.
            Set<String> used = new HashSet<>();
            placed.stream().filter(p -> !p.part().equals(Part.CRDS)).forEach(p -> used.add(p.resource().id().group()));
            if (placed.stream().filter(p -> p.part().equals(Part.CRDS)).map(p -> p.resource().body())
                    .filter(body -> used.contains(body.path("spec").path("group").asText("")))
                    .anyMatch(body -> body.findValue("x-kubernetes-validations") != null)) {
                KubernetesCel.prepareInBackground();
                return;
            }
        }
    }

    /**
     * @param resources    per environment, what it will emit; environments missing here (not expanded, or their
     *                     expansion failed) get the rules about the DSL only
     * @param expanded     whether the revisions were expanded at all
     * @param fromSettings suppressions from the build's configuration, for every environment
     * @param previousInputs per environment, the inputs the lock file of the tree on disk recorded
     */
    public List<Diagnostic> validate(Mesh mesh, Map<String, List<Placed>> resources, boolean expanded,
            List<Suppression> fromSettings, Map<String, Map<String, String>> previousInputs) {
        return validate(mesh, resources, expanded, fromSettings, previousInputs, Map.of());
    }

    /**
     * @param previousNamespaces per environment, the Namespaces of the tree on disk, by name
     */
    public List<Diagnostic> validate(Mesh mesh, Map<String, List<Placed>> resources, boolean expanded,
            List<Suppression> fromSettings, Map<String, Map<String, String>> previousInputs,
            Map<String, Map<String, JsonNode>> previousNamespaces) {
        Session session = session(mesh, expanded, fromSettings, previousInputs, previousNamespaces);
        List<Diagnostic> out = new ArrayList<>();
        for (Environment env : mesh.environments().values()) {
            out.addAll(session.environment(env, Optional.ofNullable(resources.get(env.name()))));
        }
        out.addAll(session.finish());
        return out;
    }

    /**
     * Remembers the findings of only these bodies, for the environments that place them again: a validation taken
     * one environment at a time ({@link #session}) then holds no body of an environment it has judged and let go.
     */
    public ValidateStage rememberingOnly(java.util.function.Predicate<com.fasterxml.jackson.databind.node.ObjectNode>
            bodies) {
        this.shared = bodies;
        return this;
    }

    /**
     * A validation taken one environment at a time, so that a caller can let each environment's resources go once
     * they are judged: {@link Session#environment} for each environment (in any order), then {@link Session#finish}
     * for what is said once per run. The same findings as {@link #validate}.
     */
    public Session session(Mesh mesh, boolean expanded, List<Suppression> fromSettings,
            Map<String, Map<String, String>> previousInputs, Map<String, Map<String, JsonNode>> previousNamespaces) {
        return new Session(mesh, expanded, fromSettings, previousInputs, previousNamespaces);
    }

    /** One run of validation, environment by environment. */
    public final class Session {
        private final Mesh mesh;
        private final boolean expanded;
        private final Map<String, Map<String, String>> previousInputs;
        private final Map<String, Map<String, JsonNode>> previousNamespaces;
        private final List<Suppression> meshWide = new ArrayList<>();
        private final Set<Suppression> used = new LinkedHashSet<>();
        private final List<Finding> runNotes = new ArrayList<>();

        private Session(Mesh mesh, boolean expanded, List<Suppression> fromSettings,
                Map<String, Map<String, String>> previousInputs,
                Map<String, Map<String, JsonNode>> previousNamespaces) {
            this.mesh = mesh;
            this.expanded = expanded;
            this.previousInputs = previousInputs;
            this.previousNamespaces = previousNamespaces;
            meshWide.addAll(mesh.suppressions());
            meshWide.addAll(fromSettings);
        }

        /**
         * The findings of one environment: its resources when it has them (it is missing when it was not expanded,
         * or its expansion failed: then the rules about the DSL only).
         */
        public List<Diagnostic> environment(Environment env, Optional<List<Placed>> resources) {
            List<Diagnostic> out = new ArrayList<>();
            List<Placed> placed = resources.orElse(null);
            List<Located> findings = new ArrayList<>();
            if (placed != null) {
                findings.addAll(checkResources(env, placed, runNotes));
            }
            RuleContext context = new RuleContext(mesh, env, facts, today, placed == null ? List.of() : placed,
                    placed != null, previousInputs.getOrDefault(env.name(), Map.of()),
                    previousNamespaces.getOrDefault(env.name(), Map.of()));
            Map<ResourceId, Placed> byId = new LinkedHashMap<>();
            if (placed != null) {
                placed.forEach(p -> byId.putIfAbsent(p.resource().id(), p));
            }
            for (Rule rule : rules.all()) {
                for (RuleFinding finding : Rules.run(rule, context)) {
                    Optional<Placed> about = finding.finding().resource().map(byId::get);
                    findings.add(new Located(finding.finding(), about, finding.at()));
                }
            }
            for (SoakGate.Violation v : soak.check(mesh, env)) {
                findings.add(new Located(new Finding(v.id(), v.severity(), Optional.empty(), "", v.message(),
                        v.hint()), Optional.empty(), v.at()));
            }
            List<Suppression> applicable = new ArrayList<>(env.suppressions());
            applicable.addAll(meshWide);
            for (Located finding : findings) {
                Diagnostic d = finding.toDiagnostic(env);
                Optional<Suppression> by = applicable.stream().filter(s -> finding.matches(s)).findFirst();
                if (by.isPresent()) {
                    used.add(by.get());
                    d = d.suppressed(by.get().reason());
                }
                out.add(d);
            }
            return out;
        }

        /** What is said once per run: notes about CRDs' rules, and suppressions that matched nothing. */
        public List<Diagnostic> finish() {
            List<Diagnostic> out = new ArrayList<>();
            // What the CEL rules could not judge is about CRDs, not resources: said once, at the mesh.
            CelRules.oncePerRun(runNotes).forEach(n -> out.add(new Diagnostic(n.id(), n.severity(), mesh.at(),
                    n.message(), n.hint(), null)));
            out.addAll(checkSuppressions(mesh, meshWide, used, expanded));
            return out;
        }
    }

    /** @param runNotes collects the notes the run reports once ({@link CelRules#NOTE_IDS}) */
    private List<Located> checkResources(Environment env, List<Placed> placed, List<Finding> runNotes) {
        SchemaValidator schema = schemaFor(placed.stream().filter(p -> p.part().equals(Part.CRDS))
                .map(Placed::resource).toList());
        Scope scope = Scope.of(placed.stream().map(Placed::resource).toList());
        List<Located> out = new ArrayList<>();
        for (Placed p : placed) {
            // Flux removes a SOPS stanza when it decrypts: the cluster never sees it.
            Resource resource = Sops.withoutStanza(p.resource());
            List<Finding> findings = new ArrayList<>(identities.check(resource));
            findings.addAll(namespaces.check(resource, scope));
            // Both depend on the resource (and the CRDs) alone: a body environments share is checked once.
            Same body = new Same(resource.id(), resource.body());
            if (shared.test(resource.body())) {
                findings.addAll(typedFindings.computeIfAbsent(body, b -> typed.validate(resource)));
                findings.addAll(schemaFindings.computeIfAbsent(schema, v -> new HashMap<>())
                        .computeIfAbsent(body, b -> schema.validate(resource)));
            } else {
                findings.addAll(typed.validate(resource));
                findings.addAll(schema.validate(resource));
            }
            env.kubernetes().ifPresent(k8s -> findings.addAll(removed.check(resource, k8s)));
            findings.addAll(semantics.validate(resource));
            findings.stream().filter(f -> CelRules.NOTE_IDS.contains(f.id())).forEach(runNotes::add);
            findings.stream().filter(f -> !CelRules.NOTE_IDS.contains(f.id())).forEach(f -> out.add(new Located(f,
                    Optional.of(p), p.at() != null ? p.at() : env.at())));
        }
        return out;
    }

    /**
     * One validator per set of CRDs. Environments share the bodies of the resources no overlay changed, so the set is
     * first looked up by those bodies' identity, which costs nothing; only a set seen for the first time is keyed by
     * its text, which finds the same CRDs changed alike in another environment.
     */
    private SchemaValidator schemaFor(List<Resource> crds) {
        List<Same> bodies = crds.stream().map(crd -> new Same(crd.id(), crd.body())).toList();
        SchemaValidator known = schemasByIdentity.get(bodies);
        if (known != null) {
            return known;
        }
        StringBuilder key = new StringBuilder();
        crds.forEach(crd -> key.append(crd.id()).append('\n').append(crd.body()).append('\n'));
        SchemaValidator schema = schemas.computeIfAbsent(Sha256.hex(key.toString()),
                k -> new SchemaValidator(CrdSchemas.of(crds)));
        schemasByIdentity.put(bodies, schema);
        return schema;
    }

    /** A resource's id and the very body object it has: equal only to the same object. */
    private record Same(ResourceId id, Object body) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.body == body && same.id.equals(id);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(body);
        }
    }

    /** Suppressions must name a check that exists, and must still silence something. */
    private List<Diagnostic> checkSuppressions(Mesh mesh, List<Suppression> meshWide, Set<Suppression> used,
            boolean expanded) {
        Set<String> known = new TreeSet<>(CHECK_IDS);
        known.addAll(SoakGate.IDS);
        rules.all().forEach(r -> known.add(r.id()));
        List<Suppression> all = new ArrayList<>(meshWide);
        mesh.environments().values().forEach(env -> env.suppressions().stream().filter(s -> !all.contains(s))
                .forEach(all::add));
        List<Diagnostic> out = new ArrayList<>();
        for (Suppression s : all) {
            if (!known.contains(s.ruleId())) {
                out.add(Diagnostic.error("Validate.UnknownCheck", s.at(), "no check has the id '" + s.ruleId()
                        + "', so this suppression silences nothing", Suggestions.hint(s.ruleId(), known, "check")));
            } else if (!used.contains(s) && (SoakGate.IDS.contains(s.ruleId()) ? soak.active() : expanded)) {
                // A gate is judged from the DSL and the history alone, so its override is judged even unexpanded.
                out.add(Diagnostic.warning("Validate.UnusedSuppression", s.at(), "the suppression of " + s.ruleId()
                        + s.kind().map(k -> " for " + k + " \"" + s.nameGlob().orElse("*") + "\"").orElse("")
                        + " matches no finding", "the problem is gone: remove the suppression, so it cannot hide "
                        + "the next one"));
            }
        }
        return out;
    }

    /** A finding with the resource it is about, if any, and the DSL line answerable for it. */
    private record Located(Finding finding, Optional<Placed> resource, SourceLocation at) {

        Diagnostic toDiagnostic(Environment env) {
            String message = finding.message();
            if (resource.isPresent()) {
                Placed p = resource.get();
                message = "environment '" + env.name() + "', " + p.resource().id() + " (" + p.part().path() + ")"
                        + (finding.path().isEmpty() ? "" : " at " + finding.path()) + ": " + message;
            }
            return new Diagnostic(finding.id(), finding.severity(), at, message, finding.hint(), null, env.name());
        }

        boolean matches(Suppression s) {
            if (!s.ruleId().equals(finding.id())) {
                return false;
            }
            if (s.kind().isEmpty()) {
                return true;
            }
            if (resource.isEmpty() || !resource.get().resource().kind().equals(s.kind().get())) {
                return false;
            }
            String glob = s.nameGlob().orElse("*");
            return Globs.matches(glob, resource.get().stableName())
                    || Globs.matches(glob, resource.get().resource().name());
        }
    }
}
