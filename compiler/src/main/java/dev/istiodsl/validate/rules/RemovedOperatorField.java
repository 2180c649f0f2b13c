package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Revision;
import dev.istiodsl.validate.OperatorApiFacts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A revision sets an IstioOperator field or Helm value that its Istio version no longer has (ISTIO.md §1.7, shipped
 * as {@code istiodsl/facts/istio-operator-api.yaml}).
 *
 * <p>istioctl validates values strictly, so the upgrade would break at {@code istioctl manifest generate}, far from
 * the line that caused it; this names that line. Fields of the revision's {@code operator} file are reported at their
 * line in that file, {@code set} lines (the revision's and the environment's overlays') where they are written, and
 * fields inside a {@code values { }} block at the revision. A removed block is reported once, at its top.
 */
public final class RemovedOperatorField implements Rule {

    private final OperatorApiFacts facts = OperatorApiFacts.shipped();

    @Override
    public String id() {
        return "Upgrade.RemovedOperatorField";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A revision sets an IstioOperator field or Helm value that its Istio version has removed. The new"
                + " istioctl would refuse it with an unknown-field error at manifest generation.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            Predicate<String> notRemoved = path -> facts.removedAt(path, revision.istio()).isEmpty();
            Set<String> reported = new HashSet<>();
            for (RevisionSettings.Setting setting : RevisionSettings.of(context.mesh(), env, revision, notRemoved)) {
                String path = setting.path();
                facts.removedAt(path, revision.istio())
                        .filter(removed -> reported.add(path + "\n" + setting.at()))
                        .ifPresent(removed -> findings.add(RuleFinding.of(this, setting.at(), "revision '"
                                + revision.name() + "' sets " + path + ", which Istio "
                                + revision.istio().minorLine() + " no longer has (removed in " + removed.removedIn()
                                + "); istioctl " + revision.istio() + " would refuse it", "instead: "
                                + removed.instead())));
            }
        }
        return findings;
    }
}
