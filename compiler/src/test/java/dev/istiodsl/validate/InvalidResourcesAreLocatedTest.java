package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invalid Istio resource file of {@code ../shared/fixtures/istio-resources/invalid}, added to an environment
 * through an overlay's {@code resource from} per document, gives an error of {@code validate} located at the line of
 * its invalid document; every valid one adds none.
 * The environment's CRDs are the real 1.29.2 bundle. Each document gets its own file and a unique name (copied at test
 * time), so one compile checks them all.
 */
class InvalidResourcesAreLocatedTest {

    @TempDir
    Path project;

    @Test
    void everyInvalidFixtureIsAnErrorAtTheLineThatAddsIt() throws Exception {
        Map<Integer, String> lines = project("istio-resources/invalid");
        CompileResult result = validate();
        Map<String, Boolean> caught = new TreeMap<>();
        lines.forEach((line, fixture) -> caught.merge(fixture, result.diagnostics().stream().anyMatch(d -> d.isError()
                && d.location() != null && d.location().file().equals("mesh.istiodsl")
                && d.location().line() == line), Boolean::logicalOr));
        assertThat(caught).as("invalid fixture files").hasSizeGreaterThanOrEqualTo(28);
        assertThat(caught).as("invalid fixtures with no error at the `resource from` line of any of their documents")
                .allSatisfy((fixture, located) -> assertThat(located).as(fixture).isTrue());
    }

    @Test
    void noValidFixtureAddsAnError() throws Exception {
        project("istio-resources/valid");
        assertThat(validate().diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .isEmpty();
    }

    private CompileResult validate() {
        return new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy"),
                project.resolve("cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
    }

    /** The mesh, its manifest, and one file per fixture document; returns the DSL line of each {@code resource from}. */
    private Map<Integer, String> project(String fixtures) throws Exception {
        String crds = Files.readString(Fixtures.resolve("istio-crds/1.29.2/crd-all.gen.yaml"), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("r1.yaml"), crds + "\n---\n" + """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: istiod-r1, namespace: istio-system, labels: {app: istiod, istio.io/rev: r1}}
                spec:
                  selector: {matchLabels: {app: istiod, istio.io/rev: r1}}
                  template:
                    metadata: {labels: {app: istiod, istio.io/rev: r1}}
                    spec:
                      containers:
                      - name: discovery
                        image: docker.io/istio/pilot:1.29.2
                        resources: {requests: {cpu: 500m, memory: 2Gi}}
                """);
        StringBuilder mesh = new StringBuilder("mesh m {\n  revision r1 { istio 1.29.2  manifest \"r1.yaml\" }\n"
                + "  overlay fixtures {\n");
        Map<Integer, String> lines = new LinkedHashMap<>();
        int line = 4;
        int n = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.resolve(fixtures))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        Files.createDirectories(project.resolve("added"));
        for (Path file : files) {
            for (JsonNode document : Yaml.readDocuments(Files.readString(file, StandardCharsets.UTF_8))) {
                ObjectNode copy = (ObjectNode) document.deepCopy();
                ObjectNode metadata = (ObjectNode) copy.path("metadata");
                metadata.put("name", metadata.path("name").asText() + "-" + n);
                metadata.put("namespace", "fixtures");
                String name = "added/" + n + ".json";
                Files.writeString(project.resolve(name), Json.MAPPER.writeValueAsString(copy));
                mesh.append("    resource from \"").append(name).append("\"\n");
                lines.put(line++, Fixtures.resolve("istio-resources").relativize(file).toString());
                n++;
            }
        }
        mesh.append("  }\n  environment test { kubernetes 1.32  revisions r1  namespaces { fixtures -> r1 }  overlays fixtures }\n}\n");
        Files.writeString(project.resolve("mesh.istiodsl"), mesh.toString());
        return lines;
    }
}
