package dev.istiodsl.testing;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.schema.CrdSchemas;
import dev.istiodsl.validate.schema.SchemaValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real Istio resources of {@code ../shared/fixtures/istio-resources/{valid,invalid}}, read at test time. */
public final class IstioResourceFixtures {

    private IstioResourceFixtures() {
    }

    /** Every YAML file under a fixtures folder ({@code istio-resources/valid}), sorted. */
    public static List<Path> files(String dir) throws IOException {
        try (Stream<Path> walk = Files.walk(Fixtures.resolve(dir))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The file's name below {@code istio-resources}, with {@code /}: {@code invalid/real-world/x.yaml}. */
    public static String relative(Path file) {
        return Fixtures.resolve("istio-resources").relativize(file).toString().replace('\\', '/');
    }

    /** A schema validator over the real Istio 1.29.2 CRD bundle. */
    public static SchemaValidator crdSchemas() throws IOException, ManifestReader.Problem {
        Path crds = Fixtures.resolve("istio-crds/1.29.2/crd-all.gen.yaml");
        return new SchemaValidator(CrdSchemas.of(ManifestReader.read(Files.readString(crds, StandardCharsets.UTF_8),
                "crds", "")));
    }

    /** The file's resources; those without a namespace get {@code default}. */
    public static List<Resource> read(Path file) throws IOException, ManifestReader.Problem {
        return ManifestReader.read(Files.readString(file, StandardCharsets.UTF_8), relative(file), "default");
    }
}
