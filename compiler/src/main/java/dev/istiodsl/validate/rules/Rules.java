package dev.istiodsl.validate.rules;

import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.validate.VersionFacts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules a compile runs: the built-in ones in a fixed order, then the ones found with {@link ServiceLoader} (see
 * {@link Rule}), sorted by id so the order does not depend on the classpath.
 */
public final class Rules {

    /** Dotted, each part a capitalised word: {@code Upgrade.CanarySkipsTooManyMinors}. */
    private static final Pattern ID = Pattern.compile("[A-Z][A-Za-z0-9]*(\\.[A-Z][A-Za-z0-9]*)+");

    private final List<Rule> rules;

    private Rules(List<Rule> rules) {
        Map<String, Rule> byId = new TreeMap<>();
        for (Rule rule : rules) {
            if (!ID.matcher(rule.id()).matches()) {
                throw new IllegalStateException("rule " + rule.getClass().getName() + " has the id '" + rule.id()
                        + "'; ids are dotted capitalised words, such as Acme.GatewayReplicas");
            }
            Rule other = byId.putIfAbsent(rule.id(), rule);
            if (other != null) {
                throw new IllegalStateException("rules " + other.getClass().getName() + " and "
                        + rule.getClass().getName() + " both have the id '" + rule.id() + "'; rename one");
            }
        }
        this.rules = List.copyOf(rules);
    }

    /**
     * The built-in rules: upgrade paths, support, skew, the revision graph, then the rules about the expanded
     * resources (images, resources, production, webhooks, namespaces, duplicates, gateways, ports and Secrets).
     */
    public static List<Rule> builtIn() {
        return List.of(new CanarySkipsTooManyMinors(), new InPlaceSkipsTooManyMinors(), new AheadOfPredecessor(),
                new Downgrade(), new RemovedOperatorField(), new CompatibilityVersion(), new KubernetesSupport(),
                new EndOfLife(), new DataPlaneTooFarBehind(), new ZtunnelAheadOfControlPlane(), new ProxyVersionOverride(), new UnusedRevision(),
                new UnusedTag(), new NamespaceInControlPlaneNamespace(), new ImageNotFromHub(), new ImageLatestTag(),
                new MissingRequests(), new SingleIstiodReplica(), new NoIstiodDisruptionBudget(),
                new FailurePolicyFlaps(), new CaBundleCommitted(), new OverlappingInjectors(),
                new NamespaceWithoutInjector(), new InjectionLabelConflict(), new NamespaceNotEmitted(),
                new UnboundNamespace(), new UnmanagedNamespace(), new DeletedNamespace(), new DuplicateAcrossParts(),
                new GatewayServiceSelectsNoPods(), new GatewayReservedPort(), new ServicePortName(),
                new SecretPlaintext(), new SecretDataNotBase64());
    }

    /** The built-in rules and every rule registered with {@link ServiceLoader} on {@code classLoader}. */
    public static Rules load(ClassLoader classLoader) {
        List<Rule> all = new ArrayList<>(builtIn());
        List<Rule> found = new ArrayList<>();
        ServiceLoader.load(Rule.class, classLoader).forEach(found::add);
        found.sort(Comparator.comparing(Rule::id));
        all.addAll(found);
        return new Rules(all);
    }

    /** Exactly these rules, in this order (tests, and callers that choose). */
    public static Rules of(List<Rule> rules) {
        return new Rules(rules);
    }

    public List<Rule> all() {
        return rules;
    }

    public Optional<Rule> find(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * Runs every rule on every environment of the mesh.
     *
     * @param today the date end-of-life is judged against: the compile date, fixed in tests
     * @return the findings, sorted like diagnostics (file, line, column, id, message)
     */
    public List<RuleFinding> check(Mesh mesh, VersionFacts facts, LocalDate today) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Environment env : mesh.environments().values()) {
            RuleContext context = new RuleContext(mesh, env, facts, today);
            for (Rule rule : rules) {
                findings.addAll(run(rule, context));
            }
        }
        findings.sort(null);
        return List.copyOf(findings);
    }

    /** One rule on one environment; a rule that throws is a bug in the rule, reported with its id. */
    public static List<RuleFinding> run(Rule rule, RuleContext context) {
        try {
            return rule.check(context);
        } catch (RuntimeException e) {
            throw new IllegalStateException("rule " + rule.id() + " (" + rule.getClass().getName()
                    + ") failed on environment '" + context.environment().name() + "': " + e, e);
        }
    }
}
