package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.IstioResourceFixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code x-kubernetes-list-type: map} and {@code set} are unique as the API server makes them: against the list-map
 * fields of the real Istio 1.29.2 CRDs, and a small CRD for what Istio's do not use (several keys, defaults, sets).
 */
class ListUniquenessTest {

    private static final String SCHEMA = """
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      listeners:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [port, protocol]
                        items:
                          type: object
                          required: [port]
                          properties:
                            port: {type: integer}
                            protocol: {type: string, default: TCP}
                            name: {type: string}
                      named:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items:
                          type: object
                          properties:
                            name: {type: string}
                            other: {type: string}
                      tags:
                        type: array
                        x-kubernetes-list-type: set
                        items: {x-kubernetes-int-or-string: true}
                      atomic:
                        type: array
                        items: {type: string}
                """;

    private static SchemaValidator istio;
    private static SchemaValidator demo;

    @BeforeAll
    static void readCrds() throws Exception {
        istio = IstioResourceFixtures.crdSchemas();
        demo = DemoCrd.validator("Lister", SCHEMA);
    }

    private static List<Resource> read(String yaml) throws ManifestReader.Problem {
        return ManifestReader.read(yaml, "test", "default");
    }

    private static List<Finding> validate(SchemaValidator validator, String yaml) throws ManifestReader.Problem {
        return validator.validate(read(yaml).get(0));
    }

    @Test
    void serviceEntryPortsWithOneNameTwice_areReportedAtTheRepeatedEntry_namingTheFirst() throws Exception {
        List<Finding> findings = validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec:
                  hosts: [db.example.com]
                  ports:
                  - {number: 80, name: http, protocol: HTTP}
                  - {number: 8080, name: http, protocol: HTTP}
                  resolution: DNS
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message, Finding::hint).containsExactly(
                tuple("Schema.DuplicateListKey", "/spec/ports/1", "this entry repeats name \"http\" of /spec/ports/0:"
                        + " the list is a map keyed by name, so each entry needs its own",
                        "give each entry its own name, or merge the two entries"));
    }

    @Test
    void aListMapInsideAList_isCheckedInEachEntry() throws Exception {
        List<Finding> findings = validate(istio, """
                apiVersion: extensions.istio.io/v1alpha1
                kind: WasmPlugin
                metadata: {name: filter}
                spec:
                  url: oci://registry.example.com/filter:1
                  match:
                  - ports: [{number: 80}, {number: 443}]
                  - ports: [{number: 80}, {number: 80.0}, {number: 80}]
                  vmConfig:
                    env: [{name: MODE, value: a}, {name: LEVEL, value: b}, {name: MODE, value: c}]
                """);

        assertThat(findings).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Schema.DuplicateListKey", "/spec/match/1/ports/1"),
                tuple("Schema.DuplicateListKey", "/spec/match/1/ports/2"),
                tuple("Schema.DuplicateListKey", "/spec/vmConfig/env/2"));
        assertThat(findings.get(0).message()).startsWith("this entry repeats number 80 of /spec/match/1/ports/0:");
    }

    @Test
    void entriesWithDistinctKeys_andListsWithoutListType_haveNoFindings() throws Exception {
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec:
                  hosts: [db.example.com, db.example.com]
                  ports: [{number: 80, name: http, protocol: HTTP}, {number: 8080, name: http-alt, protocol: HTTP}]
                  resolution: DNS
                """)).isEmpty();
    }

    @Test
    void allKeysTogetherMakeAnEntrysIdentity_andAnAbsentKeyCountsAsItsDefault() throws Exception {
        List<Finding> findings = validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Lister
                metadata: {name: l}
                spec:
                  listeners:
                  - {port: 53, protocol: UDP}
                  - {port: 53}
                  - {port: 53, protocol: TCP}
                  - {port: 54, protocol: TCP}
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message).containsExactly(
                tuple("Schema.DuplicateListKey", "/spec/listeners/2", "this entry repeats port 53 and protocol \"TCP\""
                        + " of /spec/listeners/1: the list is a map keyed by port and protocol, so each entry needs"
                        + " its own"));
    }

    @Test
    void anAbsentKeyWithoutDefault_isUnset_andTwoUnsetKeysCollide() throws Exception {
        List<Finding> findings = validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Lister
                metadata: {name: l}
                spec:
                  named: [{other: a}, {name: ""}, {other: b}]
                """);

        assertThat(findings).extracting(Finding::path, Finding::message).containsExactly(tuple("/spec/named/2",
                "this entry repeats name unset of /spec/named/0: the list is a map keyed by name, so each entry needs"
                        + " its own"));
    }

    @Test
    void aSetRepeatsNoValue_comparedByTypeAndValue() throws Exception {
        List<Finding> findings = validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Lister
                metadata: {name: l}
                spec:
                  tags: [a, 1, "1", a, a]
                  atomic: [x, x]
                """);

        assertThat(findings).extracting(Finding::id, Finding::path, Finding::message, Finding::hint).containsExactly(
                tuple("Schema.DuplicateListKey", "/spec/tags/3", "this entry repeats \"a\" of /spec/tags/0: the list"
                        + " is a set, so each value may appear once", "remove the repeated value"),
                tuple("Schema.DuplicateListKey", "/spec/tags/4", "this entry repeats \"a\" of /spec/tags/0: the list"
                        + " is a set, so each value may appear once", "remove the repeated value"));
    }
}
