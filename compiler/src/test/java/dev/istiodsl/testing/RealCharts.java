package dev.istiodsl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Istio's real charts from {@code ../shared/fixtures/istio-charts/<version>/charts}, copied at test time into a test
 * project (never into the repository), where a revision's {@code charts} line can name them.
 */
public final class RealCharts {

    private RealCharts() {
    }

    /** Copies {@code base} and {@code istio-control} (istiod) of {@code version} into {@code folder}. */
    public static Path controlPlane(String version, Path folder) {
        return copy(version, folder, "base", "istio-control");
    }

    /** Copies the named charts of {@code version} ({@code base}, {@code istio-control}, {@code gateway}, ...). */
    public static Path copy(String version, Path folder, String... names) {
        Path charts = Fixtures.resolve("istio-charts/" + version + "/charts");
        try {
            for (String chart : names) {
                try (Stream<Path> walk = Files.walk(charts.resolve(chart))) {
                    for (Path source : walk.toList()) {
                        Path target = folder.resolve(charts.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(source, target);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }
}
