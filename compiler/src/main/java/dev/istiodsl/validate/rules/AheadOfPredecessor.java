package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Revision;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment runs a revision whose Istio version is newer than every version the environment it is promoted
 * after runs.
 *
 * <p>Promotion flows from {@code after} to this environment: a version reaches it only once it has soaked upstream.
 * A version newer than anything upstream has skipped that soak (prod got 1.24 before staging did). Running an older
 * version than upstream is normal: it is the next promotion waiting. Versions are compared exactly, patch and
 * pre-release included, because a patch can regress too. A revision cannot have different versions in different
 * environments (revisions are declared once per mesh, with one {@code istio} version), so there is no per-revision
 * downgrade to check here; a change of a revision's version over time is a matter for {@code diff}.
 */
public final class AheadOfPredecessor implements Rule {

    @Override
    public String id() {
        return "Upgrade.AheadOfPredecessor";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment runs an Istio version newer than anything the environment it is promoted after runs."
                + " Promotion exists so that a version soaks upstream first; this one would skip the soak.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        Environment before = context.predecessor().orElse(null);
        if (before == null) {
            return List.of();
        }
        Revision upstream = context.newest(before);
        String soak = Versions.duration(env.promotion().orElseThrow().soak());
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            if (revision.istio().compareTo(upstream.istio()) <= 0) {
                continue;
            }
            findings.add(RuleFinding.of(this, context.promotionAt(), "environment '" + env.name() + "' runs "
                    + Versions.withVersion(revision) + ", newer than anything in '" + before.name()
                    + "', whose newest is " + Versions.withVersion(upstream) + ": promotion flows " + before.name()
                    + " -> " + env.name() + ", so Istio " + revision.istio() + " would skip its " + soak
                    + " soak in '" + before.name() + "'", "run " + revision.name() + " in '" + before.name()
                    + "' first, or remove it from '" + env.name() + "'"));
        }
        return findings;
    }
}
