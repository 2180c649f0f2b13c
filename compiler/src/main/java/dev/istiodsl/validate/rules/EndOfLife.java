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
 * fixes. An end of life the facts mark approximate is reported as expected. A line older than every line the facts
 * know ended before the oldest of them did, so it is reported once that one has ended, whatever its number. A line
 * newer than all of them (a future release), or whose end of life is not set yet, is not reported
 * ({@link KubernetesSupport} notes lines the facts do not know yet).
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
            Optional<String> ended = ended(context, revision);
            if (ended.isPresent()) {
                findings.add(RuleFinding.of(this, context.revisionAt(revision.name()), "environment '"
                        + context.environment().name() + "' runs " + Versions.withLine(revision) + ", which "
                        + ended.get() + " and gets no more security fixes", hint(context)));
            }
        }
        return findings;
    }

    /** How the revision's line ended, when it has ended on the context's date. */
    private static Optional<String> ended(RuleContext context, Revision revision) {
        VersionFacts facts = context.facts();
        if (facts.coverage(revision.istio()) == VersionFacts.Coverage.OLDER) {
            VersionFacts.Minor oldest = facts.oldest();
            return oldest.eol().filter(context.today()::isAfter).map(eol -> "is older than Istio " + oldest.line()
                    + ", the oldest line the version facts know (end of life " + eol + "), so it is past its end of"
                    + " life too");
        }
        Optional<VersionFacts.Minor> minor = facts.minor(revision.istio());
        Optional<LocalDate> eol = minor.flatMap(VersionFacts.Minor::eol).filter(context.today()::isAfter);
        return eol.map(end -> minor.get().eolApproximate() ? "was expected to reach end of life around " + end
                : "reached end of life on " + end);
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
