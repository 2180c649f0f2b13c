package dev.istiodsl.util;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * New content for an existing file, written beside it first and moved over it only on {@link #commit()}: until then
 * the file is untouched, and closing without committing leaves no trace. The file keeps its permissions, and a
 * symbolic link keeps pointing where it did (its target is what is replaced).
 */
public final class PendingFile implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private boolean committed;

    private PendingFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    public static PendingFile of(Path file, String text) throws IOException {
        Path target = file.toRealPath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text);
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (posix != null) {
                Files.setPosixFilePermissions(temp, posix.readAttributes().permissions());
            }
            return new PendingFile(target, temp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Moves the new content over the file, atomically where the file system can. */
    public void commit() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
