package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.ChildJvm;
import dev.istiodsl.testing.CompileMain;
import dev.istiodsl.testing.RealCharts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree is the same bytes whatever the machine's locale: a mesh rendered from Istio's real 1.24.6 charts by the
 * real helm-java, compiled in a JVM of its own under {@code LC_ALL=C} (Java 17 then takes US-ASCII for
 * {@code file.encoding}, {@code sun.jnu.encoding} and {@code native.encoding}) and under a Turkish locale (whose case
 * rules turn {@code I} into dotless {@code ı}), is compared file by file with the tree compiled in this JVM.
 */
class LocaleIndependenceTest {

    /** The en dash of the chart's grpc-agent injector template, which an ASCII decoder turns into U+FFFD. */
    private static final String EN_DASH_LINE = "# grpc uses xds:/// to resolve \u2013 no need to resolve VIP";

    private static final String INJECTOR = "test/revisions/1-24-6/configmap/istio-system_istio-sidecar-injector-1-24-6.yaml";

    private static final String MESH = """
            mesh shop {
              kubernetes 1.30
              revision 1-24-6 { istio 1.24.6  charts "charts/1.24.6"  meshConfig { accessLogFile: "/dev/stdout"  accessLogFormat: "İI ıi – é %START_TIME%" } }
              tag stable -> 1-24-6
              environment test {
                revisions 1-24-6
                namespaces { payments -> stable  search -> stable }
              }
            }
            """;

    @TempDir
    static Path temp;

    private static SortedMap<String, byte[]> inProcess;

    @BeforeAll
    static void compileInThisJvm() {
        Path project = project("in-process");
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), temp.resolve("in-process-cache"), IstioctlOptions.defaults()));
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString))
                .isEmpty();
        inProcess = tree(project);
    }

    @Test
    void theTreeCompiledHereHoldsTheChartsTextAsItIs() {
        assertThat(new String(inProcess.get(INJECTOR), StandardCharsets.UTF_8)).contains(EN_DASH_LINE);
        assertThat(inProcess).allSatisfy((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8))
                .as(path).doesNotContain("\uFFFD"));
    }

    @Test
    void aCompileUnderTheCLocaleWritesTheSameBytes() {
        assertSameTree("c-locale", ChildJvm.withEnvironment(Map.of("LC_ALL", "C")));
    }

    @Test
    void aCompileUnderTheCLocaleWithALatin1FileEncodingWritesTheSameBytes() {
        assertSameTree("c-latin1", ChildJvm.withEnvironment(Map.of("LC_ALL", "C")).flag("-Dfile.encoding=ISO-8859-1"));
    }

    @Test
    void aCompileUnderATurkishLocaleWritesTheSameBytes() {
        // tr_TR.UTF-8 is often not generated on build machines: the JVM flags make Java's own case rules Turkish.
        assertSameTree("turkish", ChildJvm.withEnvironment(Map.of("LC_ALL", "tr_TR.UTF-8", "LANG", "tr_TR.UTF-8"))
                .flag("-Duser.language=tr").flag("-Duser.country=TR"));
    }

    private static void assertSameTree(String name, ChildJvm jvm) {
        Path project = project(name);
        ChildJvm.Exit exit = jvm.run(CompileMain.class, temp.resolve(name + ".log"), Duration.ofMinutes(3),
                project.toString(), temp.resolve(name + "-cache").toString());
        assertThat(exit.code()).as(exit.output()).isZero();
        SortedMap<String, byte[]> child = tree(project);
        assertThat(child.keySet()).isEqualTo(inProcess.keySet());
        Map<String, String> differences = new TreeMap<>();
        child.forEach((path, bytes) -> firstDifference(inProcess.get(path), bytes)
                .ifPresent(line -> differences.put(path, line)));
        assertThat(differences).as("files that differ, with their first differing line").isEmpty();
    }

    private static Optional<String> firstDifference(byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) {
            return Optional.empty();
        }
        List<String> want = new String(expected, StandardCharsets.UTF_8).lines().toList();
        List<String> got = new String(actual, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                return Optional.of("line " + (i + 1) + ": expected <" + want.get(i) + "> but was <" + got.get(i) + ">");
            }
        }
        return Optional.of("lines " + want.size() + " and " + got.size() + ", or the bytes of the line ends");
    }

    /** A project holding the mesh and a copy of Istio's real charts (base and istiod), in a folder of its own. */
    private static Path project(String name) {
        Path project = temp.resolve(name);
        try {
            Files.createDirectories(project);
            Files.writeString(project.resolve("mesh.istiodsl"), MESH, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RealCharts.controlPlane("1.24.6", project.resolve("charts/1.24.6"));
        return project;
    }

    private static SortedMap<String, byte[]> tree(Path project) {
        Path root = project.resolve("deploy/istio");
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
