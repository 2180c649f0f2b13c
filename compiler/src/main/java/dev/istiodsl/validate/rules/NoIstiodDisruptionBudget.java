package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.List;
import java.util.Map;

/**
 * A production environment has no PodDisruptionBudget that covers istiod's pods.
 *
 * <p>Without one, a node drain or a cluster upgrade may evict every istiod pod of a revision at once. It looks for a
 * budget in istiod's namespace whose selector selects the pod labels of each revision's istiod Deployment.
 */
public final class NoIstiodDisruptionBudget implements Rule {

    @Override
    public String id() {
        return "Production.NoIstiodDisruptionBudget";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A production environment has no PodDisruptionBudget covering a revision's istiod pods. A node drain"
                + " may then evict all of them at once.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        if (!context.isProduction()) {
            return List.of();
        }
        List<Placed> budgets = context.resourcesOf("PodDisruptionBudget");
        return context.resourcesOf("Deployment").stream()
                .filter(d -> d.stableName().equals("istiod") && d.part().owningRevision().isPresent())
                .filter(d -> {
                    Map<String, String> labels = Pods.labels(d.resource().body().path("spec").path("template")
                            .path("metadata"));
                    return budgets.stream().noneMatch(b -> b.resource().namespace().equals(d.resource().namespace())
                            && Pods.selects(b.resource().body().path("spec").path("selector"), labels));
                })
                .map(d -> RuleFinding.about(this, defaultSeverity(), context, d, "", "production environment '"
                        + context.environment().name() + "' has no PodDisruptionBudget for the istiod pods of revision "
                        + d.part().owningRevision().get(), "import std/hardening (one budget for every revision), or"
                        + " keep the chart's budget"))
                .toList();
    }
}
