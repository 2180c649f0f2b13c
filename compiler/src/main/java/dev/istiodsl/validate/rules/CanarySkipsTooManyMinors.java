package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Revision;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment runs a revision more than {@code canaryMaxMinorJump} (2) minors behind its newest one.
 *
 * <p>Istio supports a canary upgrade across at most two minors (ISTIO.md §4.1). Each older revision is compared with
 * the newest, not with its neighbour: the CRDs and the shared base objects are rendered once, from the newest version
 * an environment runs, so every control plane in it must be within two minors of that version, even when revisions in
 * between exist.
 */
public final class CanarySkipsTooManyMinors implements Rule {

    @Override
    public String id() {
        return "Upgrade.CanarySkipsTooManyMinors";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment runs two revisions more than two Istio minors apart. Istio supports canary upgrades of"
                + " at most two minors, and the CRDs and shared objects come from the newest revision.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        int max = context.facts().upgradePolicy().canaryMaxMinorJump();
        Revision newest = context.newest();
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision old : context.revisions()) {
            if (Versions.minorsAhead(old.istio(), newest.istio()) <= max) {
                continue;
            }
            String reach = Versions.lineAfter(old.istio(), max);
            findings.add(RuleFinding.of(this, context.revisionAt(old.name()), "environment '"
                    + context.environment().name() + "' runs " + Versions.withLine(old) + " and "
                    + Versions.withLine(newest) + ": a canary upgrade may jump at most " + Versions.minors(max) + " ("
                    + old.istio().minorLine() + " -> " + reach + ")",
                    "upgrade in steps: move the namespaces and tags of " + old.name()
                            + " to a revision no newer than Istio " + reach + ", and remove " + old.name()
                            + " before adding " + newest.name()));
        }
        return findings;
    }
}
