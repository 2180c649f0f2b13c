package dev.istiodsl.expand.helm;

import dev.istiodsl.testing.ActiveProfiles;
import dev.istiodsl.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiler's pom gives each platform exactly helm-java's native library of that platform, judged by Maven's own
 * profile activation in a JVM that reports the platform's {@code os.name} and {@code os.arch} (only linux-amd64
 * runs here, so the other platforms are asked about, not run).
 */
class HelmJavaPlatformProfilesTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "Linux, amd64, helm-java-linux-amd64 com.marcnuri.helm-java:linux-amd64",
            "Linux, aarch64, helm-java-linux-arm64 com.marcnuri.helm-java:linux-arm64",
            "Mac OS X, x86_64, helm-java-darwin-amd64 com.marcnuri.helm-java:darwin-amd64",
            "Mac OS X, aarch64, helm-java-darwin-arm64 com.marcnuri.helm-java:darwin-arm64",
            "Windows 11, amd64, helm-java-windows-amd64 com.marcnuri.helm-java:windows-amd64",
            "Windows Server 2022, amd64, helm-java-windows-amd64 com.marcnuri.helm-java:windows-amd64",
            "Windows 11, aarch64, ''",
            "FreeBSD, amd64, ''"})
    void eachPlatformGetsTheNativeLibraryOfItsOwn(String osName, String osArch, String expected) {
        ChildJvm.Exit exit = ChildJvm.withEnvironment(Map.of()).flag("-Dos.name=" + osName).flag("-Dos.arch=" + osArch)
                .run(ActiveProfiles.class, temp.resolve("out.log"), Duration.ofSeconds(60), "pom.xml");

        assertThat(exit.code()).as(exit.output()).isZero();
        assertThat(exit.output().strip()).isEqualTo(expected);
    }
}
