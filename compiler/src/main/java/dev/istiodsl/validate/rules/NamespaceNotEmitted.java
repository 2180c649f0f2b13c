package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Namespaces;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A resource of the tree lives in a namespace the tree does not create.
 *
 * <p>The compiler creates the namespaces of everything Istio renders; an overlay's {@code resource} can name any
 * namespace, and an overlay can drop a Namespace. Flux applies a part with a server-side dry run of all its objects, so
 * one object in a missing namespace fails the whole part ("namespace not found"), and the parts that depend on it wait;
 * Helm fails the release. The namespaces every cluster has ({@code default}, {@code kube-system}, {@code kube-public},
 * {@code kube-node-lease}) are exempt. A namespace another tool creates is declared with a suppression and its reason.
 */
public final class NamespaceNotEmitted implements Rule {

    /** At most this many resources are named per namespace. */
    private static final int NAMED = 3;

    @Override
    public String id() {
        return "Namespace.NotEmitted";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A resource of the tree lives in a namespace the tree does not create. Flux fails the whole part with"
                + " 'namespace not found' (Helm the release) unless something else creates it first.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Set<String> emitted = new TreeSet<>();
        context.resourcesOf("Namespace").forEach(ns -> emitted.add(ns.resource().name()));
        // A cluster-scoped object lives in no namespace, whatever its metadata says: the API server drops it.
        Scope scope = Scope.of(context.resources().stream().map(Placed::resource).toList());
        Map<String, List<Placed>> missing = new TreeMap<>();
        for (Placed p : context.resources()) {
            String namespace = p.resource().namespace();
            if (!namespace.isEmpty() && !emitted.contains(namespace) && !Namespaces.isBuiltIn(namespace)
                    && !scope.namespaced(p.resource().id().group(), p.resource().kind()).equals(Optional.of(false))) {
                missing.computeIfAbsent(namespace, ns -> new ArrayList<>()).add(p);
            }
        }
        List<RuleFinding> findings = new ArrayList<>();
        missing.forEach((namespace, resources) -> {
            Placed first = resources.get(0);
            StringBuilder named = new StringBuilder();
            resources.stream().limit(NAMED).forEach(p -> named.append(named.length() == 0 ? "" : ", ")
                    .append(p.resource().kind()).append(' ').append(p.resource().name()).append(" (")
                    .append(p.part().path()).append(')'));
            if (resources.size() > NAMED) {
                named.append(" and ").append(resources.size() - NAMED).append(" more");
            }
            findings.add(RuleFinding.of(this, first.at() != null ? first.at() : context.environmentAt(),
                    "environment '" + context.environment().name() + "': namespace '" + namespace + "' holds "
                            + named + ", and the tree creates no Namespace " + namespace + ": applying it fails with"
                            + " \"namespace not found\" unless something else creates it first",
                    "add it to the tree (an overlay's `resource { apiVersion: v1, kind: Namespace, metadata: { name: "
                            + namespace + " } }`), or, when the cluster gets it elsewhere, say so: `suppress"
                            + " Namespace.NotEmitted \"why\"`"));
        });
        return findings;
    }
}
