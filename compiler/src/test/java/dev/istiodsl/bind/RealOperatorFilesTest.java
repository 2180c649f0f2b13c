package dev.istiodsl.bind;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real IstioOperator files, as teams commit them, are accepted as a revision's {@code operator}. */
class RealOperatorFilesTest {

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
                () -> assertAccepted(file)));
    }

    private void assertAccepted(Path operator) throws IOException {
        Path dir = Files.createTempDirectory(project, "case");
        Files.copy(operator, dir.resolve("operator.yaml"));
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh m {
                  revision r1 { istio 1.22.8  operator "operator.yaml" }
                  environment e { revisions r1 }
                }
                """);
        CompileResult result = new Compiler().bind(new CompileRequest(dir, Path.of("mesh.istiodsl")));
        assertThat(result.diagnostics()).allMatch(d -> d.severity() == Severity.NOTE);
        assertThat(result.mesh().orElseThrow().revisions().get("r1").operatorFile())
                .contains(dir.resolve("operator.yaml"));
    }
}
