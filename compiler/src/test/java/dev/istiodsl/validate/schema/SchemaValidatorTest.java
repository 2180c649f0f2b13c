package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The validator against a small hand-written CRD, one behaviour per test. */
class SchemaValidatorTest {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.demo.istio.io
            spec:
              group: demo.istio.io
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
              - name: v1alpha1
                served: false
                storage: false
              - name: v1beta1
                served: true
                storage: false
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string, minLength: 1}
                          port:
                            anyOf: [{type: integer}, {type: string}]
                            x-kubernetes-int-or-string: true
                          labels:
                            type: object
                            additionalProperties: {type: string}
                          config:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                            properties:
                              level: {type: integer}
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string, minLength: 1}
                          port:
                            anyOf: [{type: integer}, {type: string}]
                            x-kubernetes-int-or-string: true
                          labels:
                            type: object
                            additionalProperties: {type: string}
                          config:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                            properties:
                              level: {type: integer}
            """;

    private static final SchemaValidator VALIDATOR = new SchemaValidator(CrdSchemas.of(read(CRD)));

    private static List<Resource> read(String yaml) {
        try {
            return ManifestReader.read(yaml, "test", "default");
        } catch (ManifestReader.Problem e) {
            throw new AssertionError(e);
        }
    }

    private static List<Finding> validate(String yaml) {
        return VALIDATOR.validate(read(yaml).get(0));
    }

    @Test
    void unknownField_isReportedAtItsPointer_withTheKnownFields() {
        List<Finding> findings = validate("""
                apiVersion: demo.istio.io/v1
                kind: Widget
                metadata: {name: w, labels: {anything: goes}}
                spec: {name: w, nmae: typo, config: {free: form, level: 3}}
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message, Finding::hint)
                .containsExactly(tuple("Schema.UnknownField", "/spec/nmae", "unknown field \"nmae\" in /spec",
                        "fields known here: config, labels, name, port"));
    }

    @Test
    void wrongTypes_andMissingFields_areSortedByPath() {
        List<Finding> findings = validate("""
                apiVersion: demo.istio.io/v1
                kind: Widget
                metadata: {name: w}
                spec: {labels: {version: 1}, config: {level: high}}
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message).containsExactly(
                tuple("Schema.WrongType", "/spec/config/level", "expected an integer, found the string \"high\""),
                tuple("Schema.WrongType", "/spec/labels/version", "expected a string, found the integer 1"),
                tuple("Schema.MissingField", "/spec/name", "required field \"name\" is missing from /spec"));
    }

    @Test
    void intOrString_acceptsBoth_andNamesBothWhenNeither() {
        assertThat(validate("""
                apiVersion: demo.istio.io/v1
                kind: Widget
                metadata: {name: w}
                spec: {name: w, port: 8080}
                """)).isEmpty();
        assertThat(validate("""
                apiVersion: demo.istio.io/v1
                kind: Widget
                metadata: {name: w}
                spec: {name: w, port: http}
                """)).isEmpty();

        assertThat(validate("""
                apiVersion: demo.istio.io/v1
                kind: Widget
                metadata: {name: w}
                spec: {name: w, port: [80]}
                """)).extracting(Finding::id, Finding::path, Finding::message)
                .containsExactly(tuple("Schema.WrongType", "/spec/port",
                        "expected an integer or a string, found a list"));
    }

    @Test
    void versionThatIsNotServed_namesTheServedOnes() {
        List<Finding> findings = validate("""
                apiVersion: demo.istio.io/v1alpha1
                kind: Widget
                metadata: {name: w}
                spec: {bogus: true}
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message, Finding::hint)
                .containsExactly(tuple("Schema.UnknownApiVersion", "/apiVersion",
                        "Widget is not served at demo.istio.io/v1alpha1; served versions: v1, v1beta1",
                        "use demo.istio.io/v1"));
    }

    @Test
    void unknownKind_isReportedForIstioGroupsOnly() {
        assertThat(validate("""
                apiVersion: networking.istio.io/v1
                kind: VirtualServce
                metadata: {name: w}
                """)).extracting(Finding::id, Finding::resource, Finding::path)
                .containsExactly(tuple("Schema.UnknownKind",
                        java.util.Optional.of(new ResourceId("networking.istio.io", "VirtualServce", "default", "w")),
                        "/kind"));

        assertThat(validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w}
                spec: {anything: goes}
                """)).isEmpty();
    }
}
