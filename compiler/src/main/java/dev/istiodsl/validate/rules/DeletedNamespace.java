package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Namespaces;

import java.util.List;

/**
 * A Namespace leaves the tree, and the tree on disk does not tell Flux and Helm to keep it.
 *
 * <p>Trees written before istiodsl annotated every Namespace ({@link dev.istiodsl.partition.Namespaces}) have
 * Namespaces Flux prunes and Helm deletes. The annotations reach the cluster only with a tree that still holds the
 * Namespace, so removing one in the same change would delete it with every workload in it. Apply a tree compiled by
 * this version first; a deletion that is really wanted is suppressed with its reason.
 */
public final class DeletedNamespace implements Rule {

    @Override
    public String id() {
        return "Namespace.WouldBeDeleted";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A Namespace leaves the tree, and its file on disk, written by an earlier istiodsl, does not tell Flux"
                + " or Helm to keep it. Applying the tree would delete the namespace with every workload in it.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        return NamespaceDepartures.of(context).stream()
                .filter(Namespaces.Departure::deletes)
                .map(d -> NamespaceDepartures.finding(this, context, d))
                .toList();
    }
}
