package dev.istiodsl.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.SmallManifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files a mesh names (merge patches, JSON Patches, resource files, manifests, which are read like istioctl's
 * output) go through the whole compile, expand, transform, validate and emit included, and never make it throw: every
 * problem is a diagnostic. A tree that is written reads back.
 *
 * <p>Under {@code mvn test} the seeds run, one test each: the files in {@code NamedFilesFuzzTestInputs/} beside this
 * class in the test resources. To fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl compiler test -Dtest=NamedFilesFuzzTest -Djazzer.max_duration=10m
 * </pre>
 *
 * <p>An input is a first line naming the role of the file ({@code merge}, {@code patch}, {@code resource} or
 * {@code manifest}; anything else is {@code merge}), then the file's bytes. The mesh around it is fixed and clean, so
 * that what the file holds decides what happens.
 */
class NamedFilesFuzzTest {

    private static final List<String> ROLES = List.of("merge", "patch", "resource", "manifest");

    /** The manifest of the revision when the file is not the manifest itself: one istiod, as istioctl renders it. */
    private static final String MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio-r1, namespace: istio-system, labels: {istio.io/rev: r1}}
            data: {mesh: "defaultConfig: {}"}
            ---
            """ + SmallManifest.istiod("1.29.2");

    private static Path project;

    @DictionaryEntries({"merge\\x0A", "patch\\x0A", "resource\\x0A", "manifest\\x0A", "apiVersion: v1\\x0A",
            "apiVersion: apps/v1\\x0A", "kind: Deployment\\x0A", "kind: ConfigMap\\x0A", "kind: Secret\\x0A",
            "kind: Namespace\\x0A", "kind: List\\x0A", "items:", "metadata:", "name: istiod-r1", "namespace: ",
            "istio-system", "labels:", "istio.io/rev: r1", "spec:", "data:", "stringData:", "template:",
            "containers:", "- ", ": ", "{", "}", "[", "]", ", ", "---\\x0A", "\\\"", "op: ", "path: ", "from: ",
            "value: ", "add", "remove", "replace", "move", "copy", "test", "/spec/template/spec/containers/0",
            "/metadata/annotations", "~1", "~0", "-", "null", "true", "1e308", "1e-400", "-1e99999999999",
            "99999999999999999999", "0x", ".inf", ".nan", "&a ", "*a", "<<: ", "!!binary ", "sops:", "ENC[",
            "\\xEF\\xBB\\xBF", "\\x00", "\\xE2\\x80\\xAE"})
    @FuzzTest(maxDuration = "5m")
    void compilingWithAnyNamedFileReportsEveryProblemAndNeverThrows(byte[] input) throws IOException {
        Path dir = project();
        int newline = indexOf(input, (byte) '\n');
        String first = newline < 0 ? "" : new String(input, 0, newline, StandardCharsets.UTF_8);
        String role = ROLES.contains(first) ? first : "merge";
        byte[] file = ROLES.contains(first) ? Arrays.copyOfRange(input, newline + 1, input.length) : input;
        Files.write(dir.resolve("named.yaml"), file);
        Files.writeString(dir.resolve("mesh.istiodsl"), mesh(role), StandardCharsets.UTF_8);

        CompileResult result = new Compiler().compile(new CompileRequest(dir, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), dir.resolve("cache"), IstioctlOptions.defaults()));

        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.toString()).isNotEmpty();
            assertThat(result.render(d)).isNotEmpty();
        }
        if (!result.hasErrors()) {
            readsBack(dir.resolve("deploy/istio"));
        }
    }

    private static String mesh(String role) {
        String operation = switch (role) {
            case "patch" -> "patch Deployment \"istiod\" from \"named.yaml\"";
            case "resource" -> "resource from \"named.yaml\"";
            case "manifest" -> "";
            default -> "merge Deployment \"istiod\" from \"named.yaml\"";
        };
        return "mesh m {\n"
                + "  revision r1 { istio 1.29.2  manifest \"" + (role.equals("manifest") ? "named.yaml" : "r1.yaml")
                + "\" }\n"
                + (operation.isEmpty() ? "" : "  overlay o {\n    " + operation + "\n  }\n")
                + "  environment test {\n    kubernetes 1.31\n    revisions r1\n"
                + (operation.isEmpty() ? "" : "    overlays o\n") + "  }\n}\n";
    }

    /** Every YAML file of the tree is one the compiler's own reader takes. */
    private static void readsBack(Path tree) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            try {
                Yaml.readDocumentsForShape(Files.readString(file, StandardCharsets.UTF_8));
            } catch (Yaml.Problem e) {
                throw new AssertionError(tree.relativize(file) + " does not read back: " + e.describe(), e);
            }
        }
    }

    private static Path project() throws IOException {
        if (project == null) {
            project = Files.createTempDirectory("istiodsl-fuzz-files");
            Files.writeString(project.resolve("r1.yaml"), MANIFEST, StandardCharsets.UTF_8);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(project)));
        }
        return project;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private static int indexOf(byte[] input, byte b) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
