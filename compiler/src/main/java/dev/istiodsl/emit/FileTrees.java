package dev.istiodsl.emit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** File-system chores of the emitter: durable writes, recursive deletion, paths as {@code /}-separated text. */
final class FileTrees {

    private FileTrees() {
    }

    /** Writes a new file and forces it to the device, so the swapped-in tree survives a power cut. */
    static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Forces a folder's entries to the device where the platform allows it (Linux does; Windows refuses). */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort: a platform that cannot open folders has no use for this.
        }
    }

    /** Deletes a folder and everything in it; symbolic links are deleted, never followed. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a folder after a failure, adding a failure to delete it to the first one. */
    static void deleteAfter(Path root, Exception failure) {
        try {
            deleteRecursively(root);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code a/b/c} for {@code root/a/b/c}, with {@code /} on every platform. */
    static String relative(Path root, Path file) {
        StringBuilder path = new StringBuilder();
        for (Path name : root.relativize(file)) {
            path.append(path.length() == 0 ? "" : "/").append(name);
        }
        return path.toString();
    }
}
