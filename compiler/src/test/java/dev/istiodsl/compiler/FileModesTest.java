package dev.istiodsl.compiler;

import dev.istiodsl.report.Reports;
import dev.istiodsl.testing.ChildJvm;
import dev.istiodsl.testing.CompileMain;
import dev.istiodsl.testing.RealCharts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file and folder a compile creates gets the mode the user's umask gives any new file: reports a CI job
 * publishes, cache entries a team shares, the tree and its lock file. (A mesh file that promote rewrites keeps its
 * own mode: PromoteTest.)
 */
class FileModesTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6" }
              tag stable -> 1-24-6
              environment test { kubernetes 1.30  revisions 1-24-6  namespaces { payments -> stable } }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void reportsGetTheModeOfANewFileNotAnOwnerOnlyOne() throws IOException {
        Path project = project();
        CompileResult result = new Compiler().validate(CompileRequest.forProject(project)
                .withValidation(ValidateOptions.defaults().withExpand(false)));
        Path folder = Files.createDirectories(temp.resolve("reports"));
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(folder.resolve("plain")));

        List<Path> written = Reports.write(folder, result);

        assertThat(written).hasSize(2).allSatisfy(report -> assertThat(Files.getPosixFilePermissions(report))
                .as(report.getFileName().toString()).isEqualTo(plain));
    }

    @Test
    void underAnyUmaskTheTreeItsLockTheReportsAndTheCacheFollowIt() {
        Path project = project();
        Path cache = temp.resolve("cache");
        ChildJvm.Exit exit = ChildJvm.withEnvironment(Map.of()).umask("027").run(CompileMain.class,
                temp.resolve("compile.log"), Duration.ofMinutes(3), project.toString(), cache.toString());
        assertThat(exit.code()).as(exit.output()).isZero();

        SortedMap<String, String> modes = new TreeMap<>();
        modes.putAll(modes(project.resolve("deploy")));
        modes.putAll(modes(project.resolve("target/istiodsl")));
        modes.putAll(modes(cache));

        assertThat(modes).containsKeys("deploy/.istio.istiodsl-lock", "deploy/istio/istiodsl.lock",
                "istiodsl/" + Reports.JSON_FILE, "istiodsl/" + Reports.JUNIT_FILE);
        assertThat(modes.keySet()).anyMatch(path -> path.startsWith("cache/") && path.endsWith(".yaml"));
        assertThat(modes).allSatisfy((path, mode) -> assertThat(mode).as(path)
                .isEqualTo(path.endsWith("/") ? "rwxr-x---" : "rw-r-----"));
    }

    /** Every entry under {@code root} with its mode, folders ending in {@code /}, named from root's own name. */
    private static SortedMap<String, String> modes(Path root) {
        SortedMap<String, String> modes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String name = root.getParent().relativize(path).toString()
                        + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "/" : "");
                modes.put(name, PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                        LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modes;
    }

    private Path project() {
        Path project = temp.resolve("project");
        try {
            Files.createDirectories(project);
            Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RealCharts.controlPlane("1.24.6", project.resolve("charts/1.24.6"));
        return project;
    }
}
