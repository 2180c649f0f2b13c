package dev.istiodsl.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What no output may show: the values of Kubernetes Secrets met anywhere in a run (in the DSL, in resource and patch
 * files, in expansions, in the committed tree), and the places in the sources where such values are written.
 * Diagnostics leave the compiler through {@link #mask(Diagnostic)} and the contextual rendering quotes source lines
 * through {@link #lines}, so whichever stage put a value into a message or a quoted line, it never reaches a log or a
 * report.
 *
 * <p>A value is masked wherever it appears once it is {@value #SHORTEST} characters or longer; a shorter one cannot be
 * told from ordinary text ("1", "yes"), so it is masked only where it is written in the sources and in the messages
 * of diagnostics on that line. The stages that quote values of a resource ask {@code resource.Secrets} first and
 * leave a Secret's out, whatever their length.
 */
public final class Redaction {

    /** What a masked value reads as in a message. */
    public static final String MASK = "<redacted>";
    /** The shortest value masked wherever it appears. */
    static final int SHORTEST = 4;

    /** Longest first, so a value that holds another is masked whole. */
    private final TreeSet<String> values = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
            .thenComparing(Comparator.naturalOrder()));
    private final Map<String, Map<Integer, List<Span>>> spans = new HashMap<>();

    /** A secret value written in a source file, at its token. */
    private record Span(int column, int length, String literal) {
    }

    /** Registers a secret value; blank and short values are masked only where they are written (see above). */
    public synchronized void value(String secret) {
        // A value inside the mask itself ("redacted") would make masking twice change the text again.
        if (secret != null && secret.strip().length() >= SHORTEST && !MASK.contains(secret)) {
            values.add(secret);
        }
    }

    /**
     * Registers a secret value written in a source file: {@code literal} is its token as written ({@code "hunter2"}
     * with its quotes), at {@code at}.
     */
    public synchronized void span(SourceLocation at, String literal) {
        spans.computeIfAbsent(at.file(), f -> new HashMap<>()).computeIfAbsent(at.line(), l -> new ArrayList<>())
                .add(new Span(at.column(), Math.max(at.length(), literal.length()), literal));
        value(unquoted(literal));
    }

    /** The text with every registered value replaced by {@value #MASK}. */
    public synchronized String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : values) {
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        return out;
    }

    /**
     * The diagnostic with every registered value masked in its message, hint and suppression reason, and also the
     * values written on its own line, however short.
     */
    public synchronized Diagnostic mask(Diagnostic d) {
        String message = mask(d.message());
        String hint = mask(d.hint());
        String suppression = mask(d.suppression());
        if (d.location() != null) {
            for (Span span : spansAt(d.location().file(), d.location().line())) {
                for (String written : List.of(span.literal(), unquoted(span.literal()))) {
                    if (!written.isBlank()) {
                        message = message.replace(written, MASK);
                        hint = hint == null ? null : hint.replace(written, MASK);
                    }
                }
            }
        }
        if (message.equals(d.message()) && java.util.Objects.equals(hint, d.hint())
                && java.util.Objects.equals(suppression, d.suppression())) {
            return d;
        }
        return new Diagnostic(d.id(), d.severity(), d.location(), message, hint, suppression, d.environment());
    }

    /** Every diagnostic masked, in the same order. */
    public List<Diagnostic> mask(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(this::mask).toList();
    }

    /**
     * A source line as the contextual rendering may quote it: the secret values written on it, and every registered
     * value it holds, replaced by as many {@code *}, so the caret under a column stays where it was.
     */
    public synchronized String line(String file, int number, String text) {
        char[] out = text.toCharArray();
        for (Span span : spansAt(file, number)) {
            for (int i = span.column() - 1; i < span.column() - 1 + span.length() && i < out.length; i++) {
                out[i] = '*';
            }
        }
        String masked = new String(out);
        for (String value : values) {
            masked = masked.replace(value, "*".repeat(value.length()));
        }
        return masked;
    }

    /** The lookup, its lines masked as {@link #line} says. */
    public DiagnosticRenderer.LineLookup lines(DiagnosticRenderer.LineLookup lookup) {
        return (file, number) -> lookup.line(file, number).map(text -> line(file, number, text));
    }

    private List<Span> spansAt(String file, int line) {
        return spans.getOrDefault(file, Map.of()).getOrDefault(line, List.of());
    }

    private static String unquoted(String literal) {
        return literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\"")
                ? literal.substring(1, literal.length() - 1) : literal;
    }
}
