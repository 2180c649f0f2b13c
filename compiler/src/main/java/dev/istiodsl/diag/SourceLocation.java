package dev.istiodsl.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * A place in a source file: the file's display name (relative to the project, with '/', or {@code std/NAME.istiodsl}),
 * a 1-based line and column, and how many characters the caret should underline.
 */
public record SourceLocation(String file, int line, int column, int length) implements Comparable<SourceLocation> {

    static final Comparator<SourceLocation> ORDER = Comparator.comparing(SourceLocation::file)
            .thenComparingInt(SourceLocation::line)
            .thenComparingInt(SourceLocation::column);

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("lines and columns start at 1: " + line + ":" + column);
        }
        length = Math.max(1, length);
    }

    /** A whole file, for problems that have no better place (a file that cannot be read). */
    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, 1, 1, 1);
    }

    @Override
    public int compareTo(SourceLocation other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
