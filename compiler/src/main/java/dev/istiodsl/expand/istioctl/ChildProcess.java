package dev.istiodsl.expand.istioctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program to completion or until its time is up, with both output streams drained on their own threads
 * (a child writing megabytes to a pipe nobody reads would block forever). On timeout the whole process tree is
 * killed, because istioctl may be a wrapper script whose children would otherwise keep running and keep the pipes
 * open.
 */
final class ChildProcess {

    /** Enough for istioctl's error and the warnings before it; the rest of a runaway log helps nobody. */
    static final int STDERR_KEPT_BYTES = 16 * 1024;

    /** How long killed processes and reader threads get to wind down before we stop waiting for them. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private ChildProcess() {
    }

    /**
     * @param exitCode the exit code, or -1 when the process was killed
     * @param stderr   the tail of stderr, at most {@link #STDERR_KEPT_BYTES}, saying how much was cut
     */
    record Outcome(int exitCode, byte[] stdout, String stderr, boolean timedOut) {
    }

    static Outcome run(ProcessBuilder builder, Duration timeout) throws IOException {
        Process process = builder.start();
        // Nothing is ever fed to istioctl on stdin; closing it makes a read see end of input instead of hanging.
        process.getOutputStream().close();
        Drain stdout = new Drain(process.getInputStream(), Integer.MAX_VALUE, "stdout of pid " + process.pid());
        Drain stderr = new Drain(process.getErrorStream(), STDERR_KEPT_BYTES, "stderr of pid " + process.pid());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                killTree(process);
            }
            long joinNanos = Math.max(deadline - System.nanoTime(), 0) + GRACE.toNanos();
            boolean drained = stdout.await(joinNanos) && stderr.await(GRACE.toNanos());
            if (!drained) {
                killTree(process);
                // After a timeout that is already the error to report; after a normal exit something the program
                // started (and we could not kill) still holds its output open, so the output may be incomplete.
                if (finished) {
                    throw new IOException("the output of " + builder.command().get(0)
                            + " stayed open after the program ended (a process it started is still writing)");
                }
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + builder.command().get(0));
        }
        stdout.rethrow();
        stderr.rethrow();
        return new Outcome(finished ? process.exitValue() : -1, stdout.bytes(), stderr.text(), !finished);
    }

    /**
     * Kills the process and everything below it. Descendants go first, while they are still reachable from the
     * process: once their parent dies they are re-parented and {@link Process#descendants()} no longer lists them.
     * Repeated until no new descendant shows up, for a child forked while its parent was being killed. There is no
     * waiting for descendants to vanish: a killed orphan can stay a zombie as long as whoever inherits it (PID 1 in a
     * container) does not reap it, yet it no longer runs or holds our pipes, which is all that matters here.
     */
    static void killTree(Process process) {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> fresh = process.descendants().filter(h -> !killed.contains(h.pid())).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (ProcessHandle handle : fresh) {
                handle.destroyForcibly();
                killed.add(handle.pid());
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The tree is already killed; the caller sees the interrupt and decides.
            Thread.currentThread().interrupt();
        }
    }

    /** Copies one stream into memory on a daemon thread, keeping only the last {@code keep} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int keep;
        private final Thread thread;
        private long dropped;
        private volatile IOException failure;

        Drain(InputStream in, int keep, String name) {
            this.keep = keep;
            this.thread = new Thread(() -> copy(in), name);
            thread.setDaemon(true);
            thread.start();
        }

        private void copy(InputStream in) {
            byte[] chunk = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (this) {
                        buffer.write(chunk, 0, n);
                        // Trim only when twice over the limit, so long outputs are not copied on every read.
                        if (buffer.size() > 2L * keep) {
                            byte[] all = buffer.toByteArray();
                            buffer.reset();
                            buffer.write(all, all.length - keep, keep);
                            dropped += all.length - keep;
                        }
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        boolean await(long nanos) throws InterruptedException {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            return !thread.isAlive();
        }

        void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        synchronized byte[] bytes() {
            return buffer.toByteArray();
        }

        synchronized String text() {
            byte[] all = buffer.toByteArray();
            int start = all.length > keep ? all.length - keep : 0;
            long cut = dropped + start;
            String tail = new String(all, start, all.length - start, StandardCharsets.UTF_8);
            return cut == 0 ? tail : "[first " + cut + " bytes cut]\n" + tail;
        }
    }
}
