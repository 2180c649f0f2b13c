package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Revision;

import java.util.ArrayList;
import java.util.List;

/**
 * In an environment with an ambient revision ({@code profile ambient}), a revision of an older minor than the newest:
 * the ztunnel and CNI node agents are cluster singletons, rendered once from the newest revision, and Istio supports
 * ztunnel N with a control plane of N or N+1 only, and upgrades them in place, after the control plane
 * ({@code docs/ambient/upgrade/helm}, ISTIO.md §3 E, §4.2). The older control plane is served by a node agent ahead of
 * it. A warning, like {@link DataPlaneTooFarBehind}: during an upgrade it names what must go before the node agents
 * move.
 */
public final class ZtunnelAheadOfControlPlane implements Rule {

    @Override
    public String id() {
        return "Skew.ZtunnelAheadOfControlPlane";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An ambient environment runs a revision of an older Istio minor than its newest. Its ztunnel and CNI"
                + " node agent come from the newest revision, and Istio supports them only with a control plane of"
                + " their own minor or one ahead: upgrade every control plane first, then the node agents.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<Revision> revisions = context.revisions();
        if (revisions.stream().noneMatch(r -> r.profile().equals("ambient"))) {
            return List.of();
        }
        Revision newest = context.newest();
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : revisions) {
            int gap = Versions.minorsAhead(revision.istio(), newest.istio());
            if (gap <= 0) {
                continue;
            }
            findings.add(RuleFinding.of(this, context.revisionAt(revision.name()), "environment '"
                    + context.environment().name() + "' runs ztunnel and the CNI node agent of "
                    + Versions.withLine(newest) + ", its newest revision, " + Versions.minors(gap) + " ahead of "
                    + Versions.withLine(revision) + "; Istio supports them with a control plane of their own minor"
                    + " or one ahead only", "finish the control-plane upgrade (move every namespace off revision '"
                    + revision.name() + "' and remove it from the environment) before the node agents move, or"
                    + " keep the newest revision of this environment on Istio " + revision.istio().major() + "."
                    + revision.istio().minor() + " until then"));
        }
        return findings;
    }
}
