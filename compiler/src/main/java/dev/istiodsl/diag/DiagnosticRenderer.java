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
        return out.toString();
    }

    /**
     * The rendering for people: the message, the place, the source line with a caret under the column, and the hint.
     *
     * @param lineOf finds the text of a line in a file, given the file's display name and the 1-based line
     */
    public static String forPeople(Diagnostic d, LineLookup lineOf) {
        StringBuilder out = new StringBuilder();
        out.append(d.severity().name().toLowerCase(java.util.Locale.ROOT))
                .append('[').append(d.id()).append("]: ").append(d.message()).append('\n');
        SourceLocation at = d.location();
        if (at != null) {
            String number = Integer.toString(at.line());
            String gutter = " ".repeat(number.length());
            out.append(gutter).append("--> ").append(at).append('\n');
            Optional<String> line = lineOf.line(at.file(), at.line());
            if (line.isPresent()) {
                String text = line.get();
                out.append(gutter).append(" |\n");
                out.append(number).append(" | ").append(text).append('\n');
                out.append(gutter).append(" | ").append(caretPadding(text, at.column()))
                        .append("^".repeat(Math.max(1, Math.min(at.length(), text.length() - at.column() + 1))))
                        .append('\n');
            }
        }
        if (d.hint() != null) {
            out.append(" = hint: ").append(d.hint()).append('\n');
        }
        if (d.suppression() != null) {
            out.append(" = suppressed: ").append(d.suppression()).append('\n');
        }
        return out.toString();
    }

    /** Spaces up to the column, keeping tabs so the caret lines up in a terminal. */
    private static String caretPadding(String line, int column) {
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            pad.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return pad.toString();
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
