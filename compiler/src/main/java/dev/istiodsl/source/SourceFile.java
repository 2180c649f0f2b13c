package dev.istiodsl.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of one .istiodsl file and the name diagnostics show for it.
 *
 * @param displayName project-relative with '/' ({@code mesh.istiodsl}, {@code lib/gateways.istiodsl}), or
 *                    {@code std/NAME.istiodsl} for the standard library
 * @param path        where the file is on disk; absent for standard library files, which live on the classpath
 * @param text        the text as an editor shows it: a leading byte order mark, which editors on Windows write and
 *                    never show, is not part of it
 */
public record SourceFile(String displayName, Optional<Path> path, String text) {

    public SourceFile {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The file's lines without their terminators; a trailing newline does not make an extra line. */
    public String[] lines() {
        return text.split("\r\n|\n|\r", -1);
    }

    public boolean isStandardLibrary() {
        return path.isEmpty();
    }
}
