package dev.istiodsl.emit;

import dev.istiodsl.util.RealPaths;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One writer at a time per output folder, across processes and threads: a compile or promote holds this lock from
 * before it reads the sources until the tree (and the mesh file) are written, so another run's recovery never deletes
 * its staging folder, and the tree on disk is always one run's whole tree.
 *
 * <p>The lock is the operating system's lock on a hidden empty file beside the output, {@code .<out>.istiodsl-lock},
 * which the system releases when the process ends, however it ends ({@code kill -9} included): nothing stale is left
 * to clean up. The file stays, since deleting it would let a waiting run lock a file the next run no longer sees. It
 * is outside the tree, so {@code verify} never sees it. Within one JVM the file is locked through a single channel at
 * a time (a semaphore per file), because closing any channel of a file releases every lock the JVM holds on it.
 */
public final class OutputLock implements AutoCloseable {

    private static final long POLL_MILLIS = 50;
    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;
    private final long waitedMillis;

    private OutputLock(Semaphore local, FileChannel channel, FileLock lock, long waitedMillis) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
        this.waitedMillis = waitedMillis;
    }

    /** Another run held the lock for longer than the caller would wait. */
    public static final class Busy extends Exception {
        private final Path file;

        Busy(Path file, Duration waited) {
            super("waited " + waited.toSeconds() + " s for " + file);
            this.file = file;
        }

        /** The lock file, absolute. */
        public Path file() {
            return file;
        }
    }

    /** The lock file of an output folder: hidden, beside the folder's real place, named after it. */
    public static Path file(Path output) throws IOException {
        Path real = RealPaths.of(output);
        return real.resolveSibling("." + real.getFileName() + ".istiodsl-lock");
    }

    /**
     * Takes the lock of {@code output}, waiting at most {@code wait} for the run that holds it.
     *
     * @throws Busy        when it was still held after {@code wait}
     * @throws IOException when the lock file cannot be created or locked
     */
    public static OutputLock acquire(Path output, Duration wait) throws IOException, Busy {
        Path file = file(output);
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        Semaphore local = IN_THIS_JVM.computeIfAbsent(file, f -> new Semaphore(1));
        try {
            if (!local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new Busy(file, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + file, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new OutputLock(local, channel, lock, (System.nanoTime() - start) / 1_000_000);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new Busy(file, wait);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | Busy | RuntimeException e) {
            release(channel, local, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IOException failure = new IOException("interrupted while waiting for " + file, e);
            release(channel, local, failure);
            throw failure;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM through another channel: cannot happen behind the semaphore, but wait
        }
    }

    private static void release(FileChannel channel, Semaphore local, Exception failure) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        } finally {
            local.release();
        }
    }

    /** How long the run waited for another to finish. */
    public long waitedMillis() {
        return waitedMillis;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                local.release();
            }
        }
    }
}
