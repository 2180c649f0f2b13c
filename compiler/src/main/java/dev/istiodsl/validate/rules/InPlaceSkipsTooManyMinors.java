package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Revision;

import java.util.List;

/**
 * An environment and the one it is promoted after each run a single revision, and the predecessor's is more than
 * {@code inPlaceMaxMinorJump} (1) minor newer.
 *
 * <p>Promotion gives an environment what its predecessor runs. When both run one control plane, promoting replaces
 * one by the other with no period in which both run: an in-place upgrade, which Istio supports across one minor only
 * (ISTIO.md §4.1). A predecessor that is behind is {@link AheadOfPredecessor}'s concern, not this rule's.
 */
public final class InPlaceSkipsTooManyMinors implements Rule {

    @Override
    public String id() {
        return "Upgrade.InPlaceSkipsTooManyMinors";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment and the one it is promoted after each run one revision, more than one Istio minor"
                + " apart. Promoting then replaces the control plane in place, which Istio supports across one minor"
                + " only.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        Environment before = context.predecessor().orElse(null);
        if (before == null || env.revisions().size() != 1 || before.revisions().size() != 1) {
            return List.of();
        }
        int max = context.facts().upgradePolicy().inPlaceMaxMinorJump();
        Revision current = context.revision(env.revisions().get(0));
        Revision next = context.revision(before.revisions().get(0));
        if (Versions.minorsAhead(current.istio(), next.istio()) <= max) {
            return List.of();
        }
        String step = Versions.lineAfter(current.istio(), max);
        int canary = context.facts().upgradePolicy().canaryMaxMinorJump();
        return List.of(RuleFinding.of(this, context.promotionAt(), "environment '" + env.name() + "' runs only "
                + Versions.withLine(current) + " and is promoted after '" + before.name() + "', which runs only "
                + Versions.withLine(next) + ": promoting replaces the control plane in place, and an in-place"
                + " upgrade may jump at most " + Versions.minors(max) + " (" + current.istio().minorLine() + " -> "
                + step + ")", "promote as a canary: run " + next.name() + " beside " + current.name() + " in '"
                        + env.name() + "' (a canary may jump " + Versions.minors(canary) + "), or go through Istio "
                        + step + " first"));
    }
}
