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
 */
public record Diagnostic(String id, Severity severity, SourceLocation location, String message, String hint,
        String suppression) implements Comparable<Diagnostic> {

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparing(Diagnostic::location, Comparator.nullsFirst(SourceLocation.ORDER))
            .thenComparing(Diagnostic::id)
            .thenComparing(Diagnostic::message);

    public Diagnostic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(String id, SourceLocation location, String message, String hint) {
        return new Diagnostic(id, Severity.ERROR, location, message, hint, null);
    }

    public static Diagnostic warning(String id, SourceLocation location, String message, String hint) {
        return new Diagnostic(id, Severity.WARNING, location, message, hint, null);
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
