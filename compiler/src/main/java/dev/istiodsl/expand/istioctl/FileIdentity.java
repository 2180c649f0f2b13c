package dev.istiodsl.expand.istioctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A cache key for facts about a binary (its version, its digest): the file it really is, its size and modification
 * time. Replacing the binary changes the key, so a cached fact is never applied to a different file.
 */
record FileIdentity(Path realPath, long size, FileTime modified) {

    static FileIdentity of(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        return new FileIdentity(real, attributes.size(), attributes.lastModifiedTime());
    }

    /** Lower-case hex SHA-256 of the file's bytes. */
    static String sha256(Path file) throws IOException {
        return dev.istiodsl.util.Sha256.hex(file);
    }
}
