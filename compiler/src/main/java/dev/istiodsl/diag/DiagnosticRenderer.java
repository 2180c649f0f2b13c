package dev.istiodsl.diag;

import java.util.Optional;
import java.util.function.Function;

/** The two renderings of a diagnostic: one line for logs and golden files, and a contextual one for people. */
public final class DiagnosticRenderer {

    private DiagnosticRenderer() {
    }

    /** {@code ERROR Bind.UnknownRevision mesh.istiodsl:12:14: message (hint: ...)}. */
    public static String oneLine(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(d.severity()).append(' ').append(d.id()).append(' ');
        if (d.location() != null) {
            out.append(d.location()).append(": ");
        }
        out.append(d.message());
        if (d.hint() != null) {
            out.append(" (hint: ").append(d.hint()).append(')');
        }
        if (d.suppression() != null) {
            out.append(" [suppressed: ").append(d.suppression()).append(']');
        }
        return printable(out.toString());
    }

    /**
     * The rendering for people: the message, the place, the source line with a caret under the column, and the hint.
     *
     * @param lineOf finds the text of a line in a file, given the file's display name and the 1-based line
     */
    public static String forPeople(Diagnostic d, LineLookup lineOf) {
        StringBuilder out = new StringBuilder();
        out.append(d.severity().name().toLowerCase(java.util.Locale.ROOT))
                .append('[').append(d.id()).append("]: ").append(printable(d.message())).append('\n');
        SourceLocation at = d.location();
        if (at != null) {
            String number = Integer.toString(at.line());
            String gutter = " ".repeat(number.length());
            out.append(gutter).append("--> ").append(printable(at.toString())).append('\n');
            Optional<String> line = lineOf.line(at.file(), at.line());
            if (line.isPresent()) {
                String text = line.get();
                // Columns count code points, as the parser does; escapes widen what comes before and under the caret.
                int points = text.codePointCount(0, text.length());
                int start = text.offsetByCodePoints(0, Math.min(at.column() - 1, points));
                int end = Math.min(text.length(), start + at.length());
                String under = printable(text.substring(start, end));
                out.append(gutter).append(" |\n");
                out.append(number).append(" | ").append(printable(text)).append('\n');
                out.append(gutter).append(" | ").append(caretPadding(printable(text.substring(0, start)),
                                at.column() - 1 - points))
                        .append("^".repeat(Math.max(1, under.codePointCount(0, under.length()))))
                        .append('\n');
            }
        }
        if (d.hint() != null) {
            out.append(" = hint: ").append(printable(d.hint())).append('\n');
        }
        if (d.suppression() != null) {
            out.append(" = suppressed: ").append(printable(d.suppression())).append('\n');
        }
        return out.toString();
    }

    /**
     * Spaces as wide as {@code before} (keeping its tabs, so the caret lines up in a terminal), and {@code beyond}
     * more for a column past the end of the line.
     */
    private static String caretPadding(String before, int beyond) {
        StringBuilder pad = new StringBuilder();
        before.codePoints().forEach(c -> pad.append(c == '\t' ? '\t' : ' '));
        return pad.append(" ".repeat(Math.max(0, beyond))).toString();
    }

    /**
     * The text with every character a terminal would not show as itself written as {@code \\uXXXX}: controls other
     * than tab and line feed, invisible format characters (zero-width spaces and joiners, bidirectional overrides such
     * as U+202E, byte order marks), line and paragraph separators, and halves of surrogate pairs. Diagnostics quote
     * what users wrote; escaped, a NUL cannot cut a message short nor an override reorder it.
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (shownAsItself(c)) {
                out.appendCodePoint(c);
            } else {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) unit));
                }
            }
        });
        return out.toString();
    }

    private static boolean shownAsItself(int c) {
        if (c == '\t' || c == '\n') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** Finds source lines for the contextual rendering. */
    @FunctionalInterface
    public interface LineLookup {
        Optional<String> line(String file, int line);

        static LineLookup none() {
            return (file, line) -> Optional.empty();
        }

        static LineLookup of(Function<String, Optional<String[]>> linesOfFile) {
            return (file, line) -> linesOfFile.apply(file)
                    .filter(lines -> line >= 1 && line <= lines.length)
                    .map(lines -> lines[line - 1]);
        }
    }
}
