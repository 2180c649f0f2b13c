package dev.istiodsl.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Files written whole: the text goes to a hidden file beside the target, which is then moved over it, so a reader sees
 * the old content or the new, never part of it. The new file is created like any other, with the mode the umask
 * gives, not the owner-only mode of {@link Files#createTempFile}: reports are published by CI, caches are shared.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code file} (or creates it) with {@code text} in UTF-8. */
    public static Path write(Path file, String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID().toString()
                .replace("-", "") + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
