package dev.istiodsl.compiler;

import dev.istiodsl.testing.SmallManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A project in a folder whose one revision, r1, is rendered from a small manifest, and whose one environment, test,
 * applies the overlay {@code db}: for tests about what overlays add. The overlay's first line is line 3 of
 * {@code mesh.istiodsl}.
 */
final class OverlayProject {

    private static final String MANIFEST = SmallManifest.istiod("1.22.8");

    private final Path dir;

    OverlayProject(Path dir) {
        this.dir = dir;
    }

    /** Writes the manifest and the mesh: the overlay, and lines added to environment test. */
    void write(String overlay, String... environmentLines) throws IOException {
        Files.writeString(dir.resolve("r1.yaml"), MANIFEST);
        Files.writeString(dir.resolve("mesh.istiodsl"), "mesh m {\n"
                + "  revision r1 { istio 1.22.8  manifest \"r1.yaml\" }\n"
                + "  " + overlay.strip() + "\n"
                + "  environment test {\n    revisions r1\n    overlays db\n"
                + Arrays.stream(environmentLines).map(line -> "    " + line + "\n").collect(Collectors.joining())
                + "  }\n}\n");
    }

    /** The tree in deploy/istio; end of life judged on a fixed date. */
    CompileRequest request() {
        return new CompileRequest(dir, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), dir.resolve("target/cache"),
                IstioctlOptions.defaults(), ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1)));
    }
}
