package dev.istiodsl.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real Istio data in {@code ../shared/fixtures}, read at test time and never copied into the project. Without
 * the folder, tests that need it are skipped with a message naming it, unless {@code istiodsl.fixtures.required=true}
 * (as {@code .ci/run} sets), which turns the absence into a failure.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("istiodsl.fixtures.dir", "../../shared/fixtures")).toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(dir)) {
            String message = "the shared fixtures folder " + dir + " is absent";
            if (Boolean.parseBoolean(System.getProperty("istiodsl.fixtures.required", "false"))) {
                fail(message + ", and istiodsl.fixtures.required=true makes tests that read it mandatory");
            }
            Assumptions.abort("skipped: " + message + " (set -Distiodsl.fixtures.dir to where it is)");
        }
        return dir;
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
