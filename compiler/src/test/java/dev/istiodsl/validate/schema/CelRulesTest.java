package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The CEL rules of a small hand-written CRD, as the API server would judge them: one behaviour per test. */
class CelRulesTest {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.demo.istio.io
            spec:
              group: demo.istio.io
              names: {kind: Gadget, plural: gadgets}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-validations:
                    - rule: self.metadata.name != 'forbidden'
                      message: this name is reserved
                    properties:
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - rule: "(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) <= 1"
                          message: only one of selector or targetRef can be set
                        - rule: "!has(self.mode) || self.mode != 'LEGACY' || has(self.legacy)"
                          messageExpression: "'mode ' + self.mode + ' needs legacy settings'"
                          fieldPath: .legacy
                          reason: FieldValueRequired
                        - rule: self.x__dash__prop != 'bad' && self.__namespace__ != 'kube-system'
                        properties:
                          selector: {type: object, additionalProperties: {type: string}}
                          targetRef: {type: string}
                          mode: {type: string}
                          legacy: {type: object, properties: {level: {type: integer}}}
                          x-prop: {type: string, default: ok}
                          namespace: {type: string, default: default}
                          timeout:
                            type: string
                            x-kubernetes-validations:
                            - rule: duration(self) >= duration('1ms')
                              message: must be a valid duration greater than 1ms
                          since:
                            type: string
                            format: date-time
                            x-kubernetes-validations:
                            - rule: self > timestamp('2020-01-01T00:00:00Z')
                              message: must be after 2020
                          port:
                            x-kubernetes-int-or-string: true
                            anyOf: [{type: integer}, {type: string}]
                            x-kubernetes-validations:
                            - rule: "type(self) == string ? self.matches('^[a-z]+$') : self > 0"
                              message: a port is a positive number or a name
                          ports:
                            type: object
                            additionalProperties:
                              type: integer
                              x-kubernetes-validations:
                              - rule: 0 < self && self <= 65535
                                message: port must be between 1-65535
                            x-kubernetes-validations:
                            - rule: self.all(key, key.size() < 16)
                              message: port names are short
                          tags:
                            type: object
                            additionalProperties:
                              type: object
                              properties:
                                operation: {type: string}
                                value: {type: string}
                              x-kubernetes-validations:
                              - rule: "((has(self.operation) ? self.operation : '') == 'UPSERT') ? (self.value != '') : true"
                                message: value must be set when operation is UPSERT
                          hosts:
                            type: array
                            items:
                              type: string
                              x-kubernetes-validations:
                              - rule: self != '*'
                          replicas:
                            type: integer
                            x-kubernetes-validations:
                            - rule: self >= oldSelf
                              message: replicas may not shrink
            """;

    private static final SchemaValidator VALIDATOR = new SchemaValidator(CrdSchemas.of(read(CRD)));

    private static List<Resource> read(String yaml) {
        try {
            return ManifestReader.read(yaml, "test", "default");
        } catch (ManifestReader.Problem e) {
            throw new AssertionError(e);
        }
    }

    private static List<Finding> validate(String spec) {
        return VALIDATOR.validate(read("""
                apiVersion: demo.istio.io/v1
                kind: Gadget
                metadata: {name: g}
                spec: %s
                """.formatted(spec)).get(0));
    }

    @Test
    void aRuleThatHolds_saysNothing() {
        assertThat(validate("{timeout: 5s, ports: {http: 80}, hosts: [a.example.com], port: 8080}")).isEmpty();
    }

    @Test
    void aRuleThatFails_isRuleViolated_withItsMessage_atTheValueItSitsOn() {
        assertThat(validate("{selector: {app: a}, targetRef: gw}"))
                .extracting(Finding::id, Finding::severity, Finding::path, Finding::message, Finding::hint)
                .containsExactly(tuple("Schema.RuleViolated", Severity.ERROR, "/spec",
                        "only one of selector or targetRef can be set", "the rule of gadgets.demo.istio.io: "
                                + "(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) <= 1"));
    }

    @Test
    void aRuleOnListItemsOrMapValues_runsOnEach_atItsOwnPointer() {
        assertThat(validate("{ports: {http: 80, admin: 0, debug: 70000}, hosts: [a, '*']}"))
                .extracting(Finding::path, Finding::message)
                .containsExactly(
                        tuple("/spec/hosts/1", "failed rule: self != '*'"),
                        tuple("/spec/ports/admin", "port must be between 1-65535"),
                        tuple("/spec/ports/debug", "port must be between 1-65535"));
    }

    @Test
    void aRuleOnAMap_seesItsKeys() {
        assertThat(validate("{ports: {a-very-long-port-name: 80}}")).extracting(Finding::path, Finding::message)
                .containsExactly(tuple("/spec/ports", "port names are short"));
    }

    @Test
    void messageExpression_fieldPath_andReason_shapeTheFinding() {
        assertThat(validate("{mode: LEGACY}")).extracting(Finding::path, Finding::message)
                .containsExactly(tuple("/spec/legacy", "required: mode LEGACY needs legacy settings"));
    }

    @Test
    void escapedPropertyNames_areReadAsTheDocumentationSays() {
        assertThat(validate("{x-prop: bad}")).extracting(Finding::message)
                .containsExactly("failed rule: self.x__dash__prop != 'bad' && self.__namespace__ != 'kube-system'");
        assertThat(validate("{namespace: kube-system}")).hasSize(1);
    }

    @Test
    void selfHasTheSchemasTypes_durationsTimestampsAndIntOrString() {
        assertThat(validate("{timeout: 0s, since: '2019-06-01T00:00:00Z', port: 0}"))
                .extracting(Finding::path, Finding::message).containsExactly(
                        tuple("/spec/port", "a port is a positive number or a name"),
                        tuple("/spec/since", "must be after 2020"),
                        tuple("/spec/timeout", "must be a valid duration greater than 1ms"));
        assertThat(validate("{port: http, since: '2024-06-01T10:00:00+02:00'}")).isEmpty();
        assertThat(validate("{port: HTTP}")).extracting(Finding::path).containsExactly("/spec/port");
    }

    @Test
    void theRootRule_seesTheObjectsName() {
        List<Finding> findings = VALIDATOR.validate(read("""
                apiVersion: demo.istio.io/v1
                kind: Gadget
                metadata: {name: forbidden}
                spec: {}
                """).get(0));

        assertThat(findings).extracting(Finding::path, Finding::message)
                .containsExactly(tuple("", "this name is reserved"));
    }

    @Test
    void aRuleThatFailsOnTheData_isAViolation_sayingWhy() {
        assertThat(validate("{tags: {env: {operation: UPSERT}, ok: {operation: UPSERT, value: x}}}"))
                .extracting(Finding::path, Finding::message)
                .containsExactly(tuple("/spec/tags/env", "value must be set when operation is UPSERT "
                        + "(the rule fails: key 'value' is not present in map)"));
        assertThat(validate("{timeout: soon}")).extracting(Finding::path, Finding::message)
                .containsExactly(tuple("/spec/timeout", "must be a valid duration greater than 1ms "
                        + "(the rule fails: invalid duration format)"));
    }

    @Test
    void valuesOfTheWrongType_stopTheRules_asTheApiServerDoes() {
        assertThat(validate("{selector: {app: a}, targetRef: gw, ports: {http: eighty}}"))
                .extracting(Finding::id).containsExactly("Schema.WrongType");
    }

    @Test
    void nullCountsAsAbsent() {
        assertThat(validate("{selector: {app: a}, targetRef: null}")).isEmpty();
    }

    @Test
    void aTransitionRule_isNotChecked_andARunSaysSoOnce() {
        List<Finding> notes = new ArrayList<>();
        notes.addAll(validate("{replicas: 3}"));
        notes.addAll(validate("{replicas: 1}"));

        assertThat(notes).extracting(Finding::id, Finding::severity).containsOnly(
                tuple("Schema.TransitionRulesSkipped", Severity.NOTE));
        assertThat(CelRules.oncePerRun(notes)).extracting(Finding::id, Finding::resource, Finding::message)
                .containsExactly(tuple("Schema.TransitionRulesSkipped", java.util.Optional.empty(),
                        "1 transition rule of gadgets.demo.istio.io not checked: a rule that reads oldSelf judges an "
                                + "update against the object in the cluster, which an offline compile does not see"));
    }

    @Test
    void aRuleThisCompilerCannotCompile_isANoteNamingTheCrdAndTheRule_neverACrash() {
        SchemaValidator validator = new SchemaValidator(CrdSchemas.of(read(CRD.replace(
                "self != '*'", "self.noSuchFunction()"))));
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            findings.addAll(validator.validate(read("""
                    apiVersion: demo.istio.io/v1
                    kind: Gadget
                    metadata: {name: g%d}
                    spec: {hosts: ['*']}
                    """.formatted(i)).get(0)));
        }

        assertThat(CelRules.oncePerRun(findings)).extracting(Finding::id, Finding::severity, Finding::message)
                .containsExactly(tuple("Schema.RuleNotEvaluated", Severity.NOTE, "the CEL rule "
                        + "`self.noSuchFunction()` of gadgets.demo.istio.io v1 at /spec/hosts/* is not checked"));
        assertThat(CelRules.oncePerRun(findings).get(0).hint()).contains("undeclared reference to 'noSuchFunction'");
    }

    @Test
    void compiledRules_areSharedByIdenticalSchemas() {
        JsonNode schema = read(CRD).get(0).body().at("/spec/versions/0/schema/openAPIV3Schema");

        assertThat(CelRules.of("gadgets.demo.istio.io", "v1", schema))
                .isSameAs(CelRules.of("gadgets.demo.istio.io", "v1", schema.deepCopy()));
        assertThat(CelRules.of("gadgets.demo.istio.io", "v1", schema).ruleCount()).isEqualTo(12);
    }

    @Test
    void fieldPaths_readDotsAndBrackets() {
        assertThat(CelRules.fieldPath(".spec.labels['a.b/c'][0]")).containsExactly("spec", "labels", "a.b/c", "0");
    }
}
