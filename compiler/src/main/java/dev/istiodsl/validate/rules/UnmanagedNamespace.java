package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.List;

/**
 * A Namespace of the tree on disk that was bound to nothing (a control plane's or a gateway's) leaves the tree.
 *
 * <p>Flux and Helm keep it ({@link dev.istiodsl.partition.Namespaces}), so removing a gateway or moving the control
 * plane leaves its namespace behind in the cluster, with whatever else runs there; the objects the tree held in it are
 * deleted. Said once, at the compile that makes the change, so that nobody expects the namespace to be gone.
 */
public final class UnmanagedNamespace implements Rule {

    @Override
    public String id() {
        return "Namespace.Unmanaged";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A namespace the tree on disk created (a control plane's or a gateway's) leaves the tree. Flux and Helm"
                + " leave it in the cluster, with whatever still runs in it.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        return NamespaceDepartures.of(context).stream()
                .filter(d -> d.boundTo().isEmpty() && !d.deletes())
                .map(d -> NamespaceDepartures.finding(this, context, d))
                .toList();
    }
}
