package dev.istiodsl.compiler;

import dev.istiodsl.testing.ChildJvm;
import dev.istiodsl.testing.CompileMain;
import dev.istiodsl.testing.SmallManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file whose name is not ASCII ({@code räder.yaml}) is opened under a UTF-8 locale; under {@code LC_ALL=C} Java 17
 * can name no such file, whatever its flags, and the compile says so: the name, escaped, the JVM's file-name encoding,
 * the locale, and how to run instead. Each compile runs in a JVM of its own, started under that locale.
 */
class NonAsciiFileNamesTest {

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void writeProject() throws IOException {
        project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), "mesh m {\n  revision r1 { istio 1.29.2  manifest "
                + "\"r\u00e4der.yaml\" }\n  environment test {\n    kubernetes 1.31\n    revisions r1\n  }\n}\n",
                StandardCharsets.UTF_8);
        Files.writeString(project.resolve("r\u00e4der.yaml"), SmallManifest.istiod("1.29.2"),
                StandardCharsets.UTF_8);
    }

    private ChildJvm.Exit compileUnder(Map<String, String> locale) {
        return ChildJvm.withEnvironment(locale).run(CompileMain.class, temp.resolve("compile.log"),
                Duration.ofMinutes(2), project.toString(), temp.resolve("cache").toString());
    }

    @Test
    void underTheCLocaleTheFileNameTheEncodingAndTheLocaleAreNamed_withAWayOut() {
        ChildJvm.Exit exit = compileUnder(Map.of("LC_ALL", "C"));

        assertThat(exit.code()).as(exit.output()).isEqualTo(1);
        assertThat(exit.output()).contains("ERROR Bind.InvalidPath mesh.istiodsl:2:40: 'r\\u00e4der.yaml' cannot be "
                + "opened here: this JVM encodes file names in ANSI_X3.4-1968 (the locale is LC_ALL=C), which has no "
                + "'\\u00e4' (hint: run the build under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (Java 17 takes the "
                + "encoding of file names from the locale alone; -Dsun.jnu.encoding is ignored), or rename the file "
                + "in ASCII)");
    }

    @Test
    void underAUtf8LocaleTheFileIsRead() {
        ChildJvm.Exit exit = compileUnder(Map.of("LC_ALL", "C.UTF-8"));

        assertThat(exit.output()).doesNotContain("ERROR");
        assertThat(exit.code()).as(exit.output()).isZero();
    }
}
