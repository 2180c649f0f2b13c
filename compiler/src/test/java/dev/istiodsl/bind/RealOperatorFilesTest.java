package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real IstioOperator files, as teams commit them, are accepted as a revision's {@code operator} of the Istio version
 * they were written for, under the revision name they give: no error, except the real mistakes pinned here (at most
 * warnings, such as the gateways the mesh's own replace).
 */
class RealOperatorFilesTest {

    /** Errors istioctl would report too, by file: {@code spec.global} is no IstioOperator field in any release. */
    private static final Map<String, List<String>> REAL_MISTAKES = Map.of(
            "istio-operators/11-eshop-demo-1.12.2.yaml", List.of("Bind.OperatorUnknownField operator.yaml:56:3"));

    @TempDir
    Path project;

    @TestFactory
    Stream<DynamicTest> everyRealIstioOperatorFileIsAcceptedAsARevisionsOperator() throws IOException {
        Path fixtures = Fixtures.root();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> operators = Files.list(fixtures.resolve("istio-operators"));
             Stream<Path> manifests = Files.list(fixtures.resolve("istio-manifests"))) {
            operators.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
            manifests.map(dir -> dir.resolve("operator.yaml")).filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(30);
        return files.stream().sorted().map(file -> DynamicTest.dynamicTest(fixtures.relativize(file).toString(),
                () -> assertAccepted(fixtures.relativize(file).toString().replace('\\', '/'), file)));
    }

    private void assertAccepted(String name, Path operator) throws IOException, Yaml.Problem {
        JsonNode spec = Yaml.readDocumentsForShape(Files.readString(operator)).stream()
                .filter(d -> d.path("kind").asText().equals("IstioOperator")).findFirst().orElseThrow().path("spec");
        String revision = spec.path("revision").asText("").isEmpty() ? "r1" : spec.path("revision").asText();
        String version = versionOf(name, spec).orElse("1.22.8");
        Path dir = Files.createTempDirectory(project, "case");
        Files.copy(operator, dir.resolve("operator.yaml"));
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh m {
                  revision %s { istio %s  operator "operator.yaml" }
                  environment e { revisions %s }
                }
                """.formatted(revision, version, revision));
        CompileResult result = new Compiler().bind(new CompileRequest(dir, Path.of("mesh.istiodsl")));
        assertThat(result.diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.id() + " " + d.location()).toList())
                .as("errors of %s as a revision of Istio %s", name, version)
                .isEqualTo(REAL_MISTAKES.getOrDefault(name, List.of()));
        if (!REAL_MISTAKES.containsKey(name)) {
            assertThat(result.mesh().orElseThrow().revisions().get(revision).operatorFile())
                    .contains(dir.resolve("operator.yaml"));
        }
    }

    /** The version a file was written for: its folder's (istio-manifests/1.7.8-rev-1-7-8), else its image tag. */
    private static Optional<String> versionOf(String name, JsonNode spec) {
        if (name.startsWith("istio-manifests/")) {
            return Optional.of(name.split("/")[1].replaceAll("-rev-.*", ""));
        }
        return IstioVersion.parse(spec.path("tag").asText("")).map(IstioVersion::toString);
    }
}
