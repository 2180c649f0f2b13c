package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.validate.Finding;

import java.util.Objects;
import java.util.Optional;

/**
 * A finding of a model rule and the place in the DSL it is about. {@link Finding} has no source location because most
 * validators look at rendered resources; a model rule knows the DSL line, and the compiler reports it there.
 */
public record RuleFinding(Finding finding, SourceLocation at) implements Comparable<RuleFinding> {

    public RuleFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(at, "at");
    }

    /** A finding about the model as a whole (no resource) with the rule's id. */
    public static RuleFinding of(Rule rule, Severity severity, SourceLocation at, String message, String hint) {
        return new RuleFinding(new Finding(rule.id(), severity, Optional.empty(), "", message, hint), at);
    }

    /** The rule's default severity. */
    public static RuleFinding of(Rule rule, SourceLocation at, String message, String hint) {
        return of(rule, rule.defaultSeverity(), at, message, hint);
    }

    /**
     * A finding about one resource of the environment, by JSON pointer; it is reported at the DSL line answerable for
     * the resource (the revision that rendered it, the overlay that changed it), and its message is prefixed with the
     * environment, the resource and the part.
     */
    public static RuleFinding about(Rule rule, Severity severity, RuleContext context, Placed placed, String path,
            String message, String hint) {
        return new RuleFinding(new Finding(rule.id(), severity, Optional.of(placed.resource().id()), path, message,
                hint), placed.at() != null ? placed.at() : context.environmentAt());
    }

    public Diagnostic toDiagnostic() {
        return new Diagnostic(finding.id(), finding.severity(), at, finding.message(), finding.hint(), null);
    }

    /** The one-line rendering of golden files: {@code ERROR Upgrade.Downgrade mesh.istiodsl:3:15: ...}. */
    @Override
    public String toString() {
        return toDiagnostic().toString();
    }

    /** Diagnostic order: file, line, column, id, message. */
    @Override
    public int compareTo(RuleFinding other) {
        return toDiagnostic().compareTo(other.toDiagnostic());
    }
}
