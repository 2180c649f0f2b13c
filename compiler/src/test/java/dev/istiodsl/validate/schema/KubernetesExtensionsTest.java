package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code x-kubernetes-int-or-string} and {@code x-kubernetes-embedded-resource} as the API server reads them: the
 * first is an integer or a string that still meets its other value checks, the second an object that is itself a
 * Kubernetes object.
 */
class KubernetesExtensionsTest {

    private static final String SCHEMA = """
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      maxSurge:
                        x-kubernetes-int-or-string: true
                        allOf:
                        - anyOf: [{type: integer}, {type: string}]
                        anyOf:
                        - pattern: '^[0-9]+%$'
                        - enum: [auto]
                      port:
                        x-kubernetes-int-or-string: true
                        anyOf: [{type: integer}, {type: string}]
                        maximum: 65535
                      template:
                        type: object
                        x-kubernetes-embedded-resource: true
                        properties:
                          data:
                            type: object
                            additionalProperties: {type: string}
                      anything:
                        type: object
                        x-kubernetes-embedded-resource: true
                        x-kubernetes-preserve-unknown-fields: true
                """;

    private static final SchemaValidator VALIDATOR = DemoCrd.validator("Rollout", SCHEMA);

    private static List<Finding> validate(String spec) throws Exception {
        return VALIDATOR.validate(ManifestReader.read("apiVersion: demo.istio.io/v1\nkind: Rollout\nmetadata: {name: r}\n"
                + "spec: " + spec + "\n", "test", "default").get(0));
    }

    @Test
    void intOrString_keepsTheValueChecksBesideItsTypes() throws Exception {
        assertThat(validate("{maxSurge: 3, port: http}")).isEmpty();
        assertThat(validate("{maxSurge: \"25%\"}")).isEmpty();
        assertThat(validate("{maxSurge: auto}")).isEmpty();

        // networknt names each alternative of the anyOf it fails.
        assertThat(validate("{maxSurge: lots, port: 70000}")).extracting(Finding::id, Finding::path)
                .containsOnly(tuple("Schema.InvalidValue", "/spec/maxSurge"),
                        tuple("Schema.InvalidValue", "/spec/port"));
        assertThat(validate("{maxSurge: true}")).extracting(Finding::id, Finding::path, Finding::message)
                .containsExactly(tuple("Schema.WrongType", "/spec/maxSurge",
                        "expected an integer or a string, found the boolean true"));
    }

    @Test
    void anEmbeddedResource_hasApiVersionKindAndMetadata() throws Exception {
        assertThat(validate("""
                {template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}},
                 anything: {apiVersion: v1, kind: Secret, type: Opaque}}""")).isEmpty();
    }

    @Test
    void anEmbeddedResource_withoutKind_orWithUnknownFields_isRefused() throws Exception {
        assertThat(validate("{template: {apiVersion: v1, metadata: {name: c}, dat: {a: b}}}"))
                .extracting(Finding::id, Finding::path).containsExactly(
                        tuple("Schema.UnknownField", "/spec/template/dat"),
                        tuple("Schema.MissingField", "/spec/template/kind"));
    }
}
