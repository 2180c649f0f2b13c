package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.Revision;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment's newest Istio version is older than the newest one its tree on disk was compiled with.
 *
 * <p>Istio supports upgrades, not downgrades: CRDs and shared objects come from the newest version, and an older
 * control plane reads resources written by a newer one (ISTIO.md §4.1). The earlier versions come from the lock file
 * of the tree being replaced, so the rule sees what this commit changes. A deliberate rollback is allowed with a
 * suppression that gives the reason ({@code suppress Upgrade.Downgrade "rollback of ..."}).
 */
public final class Downgrade implements Rule {

    @Override
    public String id() {
        return "Upgrade.Downgrade";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment's newest Istio version is older than the one its committed tree was compiled with."
                + " Istio does not support downgrades; allow a deliberate rollback with a suppression and its reason.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Optional<IstioVersion> before = context.previouslyCompiled().entrySet().stream()
                .filter(e -> e.getKey().startsWith("istio/")).map(Map.Entry::getValue)
                .map(IstioVersion::parse).flatMap(Optional::stream).max(IstioVersion::compareTo);
        if (before.isEmpty()) {
            return List.of();
        }
        Revision newest = context.newest();
        if (newest.istio().compareTo(before.get()) >= 0) {
            return List.of();
        }
        return List.of(RuleFinding.of(this, context.revisionAt(newest.name()), "environment '"
                + context.environment().name() + "' would go down from Istio " + before.get() + " (its tree on disk)"
                + " to " + Versions.withVersion(newest) + ": Istio supports upgrades only", "if this is a deliberate"
                + " rollback, say so: `suppress Upgrade.Downgrade \"why\"` in the environment"));
    }
}
