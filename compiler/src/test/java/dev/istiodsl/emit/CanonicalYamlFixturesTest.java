package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every resource of the real Istio output in {@code ../shared/fixtures} survives the canonical form unchanged. */
class CanonicalYamlFixturesTest {

    private static final List<String> MANIFESTS = List.of("istio-manifests/*/manifest.yaml",
            "istio-helm-rendered/*/*.yaml", "istio-crds/*/*.yaml");

    @TestFactory
    Stream<DynamicTest> everyFixtureResourceReadsBackEqualAndRewritesToTheSameBytes() throws IOException {
        List<Path> files = manifests();
        assertThat(files).hasSizeGreaterThan(30);
        return files.stream().map(file -> DynamicTest.dynamicTest(Fixtures.root().relativize(file).toString(), () -> {
            for (Resource resource : read(file)) {
                String yaml = CanonicalYaml.write(resource.body());
                JsonNode back = CanonicalYamlTest.readBack(yaml);
                assertThat(back).as("%s read back", resource.id()).isEqualTo(resource.body());
                assertThat(CanonicalYaml.write((com.fasterxml.jackson.databind.node.ObjectNode) back))
                        .as("%s written again", resource.id()).isEqualTo(yaml);
                assertThat(yaml).endsWith("\n").doesNotEndWith("\n\n").doesNotContain("\r");
                assertThat(yaml.lines()).as("%s lines", resource.id())
                        .noneMatch(line -> line.endsWith(" ") || line.equals("---") || line.equals("..."));
            }
        }));
    }

    @Test
    void theInjectorTemplateIsWrittenLineByLine() throws Exception {
        Resource injector = read(Fixtures.resolve("istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml")).stream()
                .filter(r -> r.kind().equals("ConfigMap") && r.name().equals("istio-sidecar-injector-1-24-6"))
                .findFirst().orElseThrow();
        String yaml = CanonicalYaml.write(injector.body());
        for (String key : List.of("config", "values")) {
            String text = injector.body().path("data").path(key).textValue();
            assertThat(text.lines().count()).as(key).isGreaterThan(20);
            String block = text.lines().map(line -> line.isEmpty() ? "" : "    " + line)
                    .collect(Collectors.joining("\n", "\n", "\n"));
            assertThat(yaml).as(key).containsPattern("\n  " + key + ": \\|[-+]?\n").contains(block);
        }
    }

    static List<Path> manifests() throws IOException {
        Path root = Fixtures.root();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> MANIFESTS.stream().anyMatch(glob -> root.getFileSystem()
                            .getPathMatcher("glob:" + glob).matches(root.relativize(file))))
                    .sorted().toList();
        }
    }

    static List<Resource> read(Path file) throws IOException, ManifestReader.Problem {
        return ManifestReader.read(Files.readString(file), "test", "istio-system");
    }
}
