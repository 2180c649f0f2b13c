package dev.istiodsl.lsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The std/ library lives in the jar, where an editor cannot open it: its files are copied, once per server, into a
 * folder of their own, so "go to definition" can land in them.
 */
final class StdFiles {

    private Path folder;

    /** A file an editor can open holding the std/ file {@code displayName} ({@code std/hardening.istiodsl}). */
    synchronized Path path(String displayName, String text) {
        try {
            if (folder == null) {
                folder = Files.createTempDirectory("istiodsl-std-");
                folder.toFile().deleteOnExit();
            }
            Path file = folder.resolve(displayName);
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                file.toFile().deleteOnExit();
                file.getParent().toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + displayName + " out of the jar", e);
        }
    }
}
