package dev.istiodsl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: compares actual text with the expected file, or rewrites the file when the build runs with
 * {@code -Dgolden.update=true} (review the diff like code).
 */
public final class Golden {

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.parseBoolean(System.getProperty("golden.update", "false"));
    }

    public static void check(Path expectedFile, String actual) throws IOException {
        if (updating()) {
            Files.createDirectories(expectedFile.getParent());
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(expectedFile).as("golden file %s (run with -Dgolden.update=true to create it)", expectedFile)
                .exists();
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
        assertThat(actual).as("golden file %s (run with -Dgolden.update=true to rewrite it)", expectedFile)
                .isEqualTo(expected);
    }

    /**
     * The source folder of the test resources of the module under test (Maven runs tests in the module's folder), so
     * updates land in the sources, not in target/; from the reactor root, the compiler's.
     */
    public static Path sourceResources() {
        Path fromModule = Path.of("src", "test");
        return (Files.isDirectory(fromModule) ? fromModule : Path.of("compiler", "src", "test")).resolve("resources");
    }
}
