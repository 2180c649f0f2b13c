package dev.istiodsl.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** The real {@code kubectl kustomize}, to prove an emitted folder builds. Required wherever fixtures are. */
public final class Kubectl {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private Kubectl() {
    }

    /** Builds a folder with {@code kubectl kustomize} and returns what it printed; fails with kubectl's stderr. */
    public static String kustomize(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(KUBECTL)) {
            if (Boolean.parseBoolean(System.getProperty("istiodsl.fixtures.required", "false"))) {
                fail(KUBECTL + " is missing; the tree tests need kubectl kustomize");
            }
            Assumptions.abort("skipped: " + KUBECTL + " is absent");
        }
        Process process = new ProcessBuilder(KUBECTL.toString(), "kustomize", dir.toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
