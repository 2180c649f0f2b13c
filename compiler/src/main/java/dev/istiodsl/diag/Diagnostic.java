package dev.istiodsl.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * One finding of any stage: a stable dotted id ({@code Bind.UnknownRevision}), a severity, where it is, what is
 * wrong and a hint on how to fix it. The same record serves parse, bind and every later stage.
 *
 * @param location    where the problem is, or null when it belongs to no source (a plugin setting)
 * @param hint        what to do about it, or null
 * @param suppression the reason a user gave for silencing it, or null
 * @param environment the environment it is about, for reports grouped by environment; null for the mesh as a whole
 */
public record Diagnostic(String id, Severity severity, SourceLocation location, String message, String hint,
        String suppression, String environment) implements Comparable<Diagnostic> {

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparing(Diagnostic::location, Comparator.nullsFirst(SourceLocation.ORDER))
            .thenComparing(Diagnostic::id)
            .thenComparing(Diagnostic::message)
            .thenComparing(Diagnostic::environment, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Diagnostic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** A diagnostic about the mesh as a whole, or of a stage that names its environment in the message. */
    public Diagnostic(String id, Severity severity, SourceLocation location, String message, String hint,
            String suppression) {
        this(id, severity, location, message, hint, suppression, null);
    }

    public static Diagnostic error(String id, SourceLocation location, String message, String hint) {
        return new Diagnostic(id, Severity.ERROR, location, message, hint, null);
    }

    public static Diagnostic warning(String id, SourceLocation location, String message, String hint) {
        return new Diagnostic(id, Severity.WARNING, location, message, hint, null);
    }

    /** The same diagnostic, about an environment. */
    public Diagnostic in(String environmentName) {
        return new Diagnostic(id, severity, location, message, hint, suppression, environmentName);
    }

    /** The same finding, accepted on purpose: kept for reports, counted as neither error nor warning. */
    public Diagnostic suppressed(String reason) {
        return new Diagnostic(id, Severity.SUPPRESSED, location, message, hint, reason, environment);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line rendering used in logs and golden files. */
    @Override
    public String toString() {
        return DiagnosticRenderer.oneLine(this);
    }

    @Override
    public int compareTo(Diagnostic other) {
        return ORDER.compare(this, other);
    }
}
