package dev.istiodsl.validate.kubernetes;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Istio output, read at test time: istioctl and Helm never emit a field or a type the API server would refuse,
 * so every finding here would be a false positive of the validator (or news about Istio).
 */
class TypedModelValidatorFixturesTest {

    private final TypedModelValidator validator = new TypedModelValidator();

    @ParameterizedTest
    @ValueSource(strings = {"istio-helm-rendered/1.20.8-rev-1-20-8", "istio-helm-rendered/1.22.8-rev-1-22-8",
            "istio-helm-rendered/1.24.6-rev-1-24-6", "istio-helm-rendered/1.26.8-rev-1-26-8",
            "istio-helm-rendered/1.26.8-revisionless", "istio-helm-rendered/1.28.10-rev-1-28-10",
            "istio-helm-rendered/1.30.3-rev-1-30-3", "istio-manifests/1.20.2", "istio-manifests/1.22.2",
            "istio-manifests/1.24.2", "istio-manifests/1.26.3", "istio-manifests/1.28.4", "istio-manifests/1.29.2"})
    void everyCoreObjectOfARecentOutputFitsItsTypedModel(String fixture) throws Exception {
        List<Resource> resources = read(fixture + "/manifest.yaml");

        List<Resource> typed = resources.stream().filter(r -> TypedModelValidator.knows(r.apiVersion(), r.kind()))
                .toList();
        assertThat(typed).as("core objects checked").hasSizeGreaterThanOrEqualTo(35);
        assertThat(typed).flatMap(validator::validate).isEmpty();
    }

    @Test
    void everyOtherIstioOutputInTheFixturesFitsToo_from1_4On() throws Exception {
        List<Path> manifests = new ArrayList<>();
        for (String dir : List.of("istio-manifests", "istio-helm-rendered")) {
            try (Stream<Path> outputs = Files.list(Fixtures.resolve(dir))) {
                outputs.map(output -> output.resolve("manifest.yaml")).filter(Files::isRegularFile).sorted()
                        .forEach(manifests::add);
            }
        }
        assertThat(manifests).hasSizeGreaterThanOrEqualTo(40);

        int checked = 0;
        List<Finding> findings = new ArrayList<>();
        for (Path manifest : manifests) {
            for (Resource resource : ManifestReader.read(Files.readString(manifest), manifest.toString(),
                    "istio-system")) {
                if (TypedModelValidator.knows(resource.apiVersion(), resource.kind())) {
                    checked++;
                    findings.addAll(validator.validate(resource));
                }
            }
        }

        assertThat(checked).isGreaterThan(1500);
        assertThat(findings).isEmpty();
    }

    private static List<Resource> read(String fixture) throws Exception {
        return ManifestReader.read(Files.readString(Fixtures.resolve(fixture)), fixture, "istio-system");
    }
}
