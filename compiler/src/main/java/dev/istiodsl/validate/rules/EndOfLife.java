package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Revision;
import dev.istiodsl.validate.VersionFacts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment runs a revision whose Istio minor line is past its end of life on {@link RuleContext#today()}.
 *
 * <p>A warning, not an error: the mesh still works, and an upgrade takes planning, but it gets no more security
 * fixes. An end of life the facts mark approximate is reported as expected. A line the facts do not know, or whose
 * end of life is not set yet, is not reported ({@link KubernetesSupport} notes unknown lines).
 */
public final class EndOfLife implements Rule {

    @Override
    public String id() {
        return "Support.EndOfLife";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An environment runs an Istio minor line that is past its end of life. It gets no more security"
                + " fixes, and upgrading out of it gets harder with every release, two minors per canary.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            Optional<VersionFacts.Minor> facts = context.facts().minor(revision.istio());
            Optional<LocalDate> eol = facts.flatMap(VersionFacts.Minor::eol);
            if (eol.isEmpty() || !context.today().isAfter(eol.get())) {
                continue;
            }
            String ended = facts.get().eolApproximate() ? "was expected to reach end of life around " + eol.get()
                    : "reached end of life on " + eol.get();
            findings.add(RuleFinding.of(this, context.revisionAt(revision.name()), "environment '"
                    + context.environment().name() + "' runs " + Versions.withLine(revision) + ", which " + ended
                    + " and gets no more security fixes", hint(context)));
        }
        return findings;
    }

    private static String hint(RuleContext context) {
        Optional<String> oldestSupported = context.facts().minors().values().stream()
                .filter(m -> !m.released().isAfter(context.today()))
                .filter(m -> m.eol().map(end -> !context.today().isAfter(end)).orElse(true))
                .map(VersionFacts.Minor::line)
                .min(EndOfLife::byLine);
        return oldestSupported.map(line -> "upgrade to Istio " + line + " or newer (supported on " + context.today()
                + "), in canary steps of at most " + Versions.minors(context.facts().upgradePolicy()
                        .canaryMaxMinorJump())).orElse("upgrade to a supported Istio release");
    }

    /** {@code 1.9} before {@code 1.10}: minor lines compare as numbers, not as text. */
    private static int byLine(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
