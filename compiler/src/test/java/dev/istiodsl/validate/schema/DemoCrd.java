package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;

/** A small hand-written CRD for the tests of this package: one kind, served and stored at v1, with a given schema. */
final class DemoCrd {

    private DemoCrd() {
    }

    /** A validator over a CRD of {@code demo.istio.io} for the kind, whose openAPIV3Schema is the YAML given. */
    static SchemaValidator validator(String kind, String openApiV3Schema) {
        return validator("demo.istio.io", kind, openApiV3Schema);
    }

    static SchemaValidator validator(String group, String kind, String openApiV3Schema) {
        String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: %s.%s}
                spec:
                  group: "%s"
                  names: {kind: %s, plural: %s}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                """.formatted(plural, group.isEmpty() ? "core" : group, group, kind, plural)
                + openApiV3Schema.indent(8);
        try {
            return new SchemaValidator(CrdSchemas.of(ManifestReader.read(crd, "test", "")));
        } catch (ManifestReader.Problem e) {
            throw new AssertionError(e);
        }
    }
}
