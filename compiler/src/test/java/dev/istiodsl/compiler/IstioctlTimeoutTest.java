package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code istiodsl.istioctlTimeout} comes from the build, not from a source file: a bad value is a diagnostic too. */
class IstioctlTimeoutTest {

    @TempDir
    Path project;

    private CompileResult validateWithTimeout(Duration timeout) throws IOException {
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh m {
                  revision r1 { istio 1.22.8 }
                  environment test { revisions r1 }
                }
                """);
        IstioctlOptions defaults = IstioctlOptions.defaults();
        IstioctlOptions options = new IstioctlOptions(defaults.binaries(), defaults.directory(), false, "", true,
                defaults.downloadUrl(), timeout);
        return new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy"),
                project.resolve("cache"), options));
    }

    @Test
    void aTimeoutOfZeroOrLessIsAnErrorNamingTheSetting() throws IOException {
        for (int seconds : new int[] {0, -5}) {
            assertThat(validateWithTimeout(Duration.ofSeconds(seconds)).diagnostics())
                    .extracting(Diagnostic::toString).containsExactly("ERROR Expand.InvalidTimeout the istioctl "
                            + "timeout must be a positive number of seconds, not " + seconds + " (hint: set "
                            + "istiodsl.istioctlTimeout to how long one istioctl run may take, e.g. 300)");
        }
    }
}
