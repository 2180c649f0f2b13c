package dev.istiodsl.testing;

import dev.istiodsl.emit.OutputLock;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that holds an output's lock, as a long compile would: {@code HoldOutputLock OUTPUT SECONDS} prints
 * {@code locked} once it holds it, then sleeps and exits (or is killed) with it held.
 */
public final class HoldOutputLock {

    private HoldOutputLock() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]), Duration.ofMinutes(1))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]) * 1000);
        }
    }
}
