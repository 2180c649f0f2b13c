package dev.istiodsl.testing;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.util.ClasspathText;
import dev.istiodsl.validate.Finding;
import dev.istiodsl.validate.schema.CrdSchemas;
import dev.istiodsl.validate.schema.SchemaValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * Flux's own {@code kustomize.toolkit.fluxcd.io/v1} Kustomization schema (test data, its source named in the file),
 * read by the project's CRD schema validator as the API server would read it: every Flux object istiodsl writes must
 * pass it.
 */
public final class FluxCrd {

    /** The CRD, as written down under src/test/resources/flux. */
    public static final String RESOURCE = "flux/kustomize.toolkit.fluxcd.io_kustomizations.v1.yaml";

    private static final SchemaValidator VALIDATOR = new SchemaValidator(CrdSchemas.of(read(text(), RESOURCE)));

    private FluxCrd() {
    }

    /** Every finding of every Flux Kustomization in {@code yaml}, each prefixed with {@code where}. */
    public static List<String> problems(String yaml, String where) {
        List<String> out = new ArrayList<>();
        for (Resource resource : read(yaml, where)) {
            if (resource.apiVersion().startsWith("kustomize.toolkit.fluxcd.io/")) {
                for (Finding finding : VALIDATOR.validate(resource)) {
                    out.add(where + ": " + finding.id() + " " + finding.path() + " " + finding.message());
                }
            }
        }
        return out;
    }

    private static String text() {
        return ClasspathText.read(RESOURCE, "the compiler's test jar");
    }

    private static List<Resource> read(String yaml, String origin) {
        try {
            return ManifestReader.read(yaml, origin, "flux-system");
        } catch (ManifestReader.Problem e) {
            throw new AssertionError(origin + ": " + e.getMessage(), e);
        }
    }
}
