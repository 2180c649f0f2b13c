package dev.istiodsl.emit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** File-system chores of the emitter: durable writes, recursive deletion, paths as {@code /}-separated text. */
final class FileTrees {

    /** fsync waits on the device, not the CPU: more threads than cores let more of them share a commit. */
    private static final int FORCING_THREADS = 8;

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

    /** Writes a new file, not yet forced to the device: {@link #force} does that for the whole staging tree. */
    static void write(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /**
     * Forces files, then folders, to the device, several at a time: a journalling file system commits the fsyncs
     * that wait together in one transaction, where one after the other each waits for its own. Returns once all
     * are forced; the first failure is thrown.
     *
     * @param files relative to {@code root} (a path each, held only while it is forced: a tree has many files)
     */
    static void force(Path root, List<String> files, List<Path> folders) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(FORCING_THREADS, task -> {
            Thread thread = new Thread(task, "istiodsl-fsync");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (String file : files) {
                pending.add(pool.submit(() -> {
                    try (FileChannel channel = FileChannel.open(root.resolve(file), StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                    return null;
                }));
            }
            await(pending);
            pending.clear();
            for (Path folder : folders) {
                pending.add(pool.submit(() -> syncFolder(folder)));
            }
            await(pending);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(List<Future<?>> pending) throws IOException {
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("forcing the staging tree failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while forcing the staging tree to the device");
            }
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
