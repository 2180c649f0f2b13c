package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.List;

/**
 * A namespace the tree on disk bound to a tag or revision is bound no more.
 *
 * <p>Unbinding is an ordinary edit with consequences the diff alone does not show. When the Namespace leaves the tree,
 * Flux and Helm keep it ({@link dev.istiodsl.partition.Namespaces}): it goes on running, and keeps its
 * {@code istio.io/rev} label, which nothing removes, so its pods keep their sidecars only while the environment runs
 * that tag or revision. When the Namespace stays in the tree without the label (it is also a gateway's namespace), the
 * next apply removes the label, and its new pods start without a sidecar. Compared with the tree on disk, like
 * {@code Upgrade.Downgrade}: the compile that makes the change says so; {@code diff} says it for the pull request.
 */
public final class UnboundNamespace implements Rule {

    @Override
    public String id() {
        return "Namespace.Unbound";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A namespace the tree on disk binds to a tag or revision is no longer bound. It keeps running, and its"
                + " new pods start without a sidecar once its revision label is gone or names nothing the"
                + " environment runs.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        return NamespaceDepartures.of(context).stream()
                .filter(d -> !d.boundTo().isEmpty() && !d.deletes())
                .map(d -> NamespaceDepartures.finding(this, context, d))
                .toList();
    }
}
