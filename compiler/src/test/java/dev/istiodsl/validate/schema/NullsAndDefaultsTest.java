package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.testing.IstioResourceFixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Nulls and defaults as the API server reads them before it validates: a {@code nullable} field may be null, any
 * other null field is dropped (or takes its {@code default}), and an absent field takes its {@code default}. Bodies
 * are built as a DSL {@code resource { }} or a patch leaves them, nulls and all (files drop their nulls when read).
 */
class NullsAndDefaultsTest {

    private static final String SCHEMA = """
                type: object
                properties:
                  spec:
                    type: object
                    required: [name, owner, mode]
                    properties:
                      name: {type: string}
                      owner: {type: string, nullable: true}
                      mode: {type: string, enum: [FAST, SAFE], default: SAFE}
                      level: {type: integer, minimum: 1, default: 1}
                """;

    private static SchemaValidator istio;
    private static SchemaValidator demo;

    @BeforeAll
    static void readCrds() throws Exception {
        istio = IstioResourceFixtures.crdSchemas();
        demo = DemoCrd.validator("Gadget", SCHEMA);
    }

    private static List<Finding> validate(SchemaValidator validator, String yaml) throws Exception {
        ObjectNode body = (ObjectNode) Yaml.readDocuments(yaml).get(0);
        return validator.validate(new Resource(ResourceId.of(body, "default"), body, "test"));
    }

    @Test
    void aNullableFieldMayBeNull_whateverItsTypeAndBounds() throws Exception {
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: db, namespace: default}
                spec:
                  host: db.default.svc.cluster.local
                  trafficPolicy: {outlierDetection: {consecutive5xxErrors: null}}
                """)).isEmpty();
    }

    @Test
    void aNullFieldThatIsNotNullable_isDroppedAsIfAbsent() throws Exception {
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: db, namespace: default}
                spec: {host: db.default.svc.cluster.local, exportTo: null, trafficPolicy: {tls: null}}
                """)).isEmpty();
    }

    @Test
    void aDroppedNullLeavesARequiredFieldMissing_butARequiredNullableOneIsPresent() throws Exception {
        assertThat(validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {name: null, owner: null}
                """)).extracting(Finding::id, Finding::path)
                .containsExactly(tuple("Schema.MissingField", "/spec/name"));
    }

    @Test
    void anAbsentOrNullFieldTakesItsDefault_soARequiredFieldWithADefaultMayBeLeftOut() throws Exception {
        assertThat(validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {name: g, owner: me, mode: null, level: null}
                """)).isEmpty();
        assertThat(validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {name: g, owner: me}
                """)).isEmpty();
    }

    @Test
    void aWholeNumberWrittenWithAFraction_isAnInteger() throws Exception {
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: db, namespace: default}
                spec:
                  host: db.default.svc.cluster.local
                  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 5.0}}
                """)).isEmpty();
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: db, namespace: default}
                spec:
                  host: db.default.svc.cluster.local
                  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 5.5}}
                """)).extracting(Finding::id, Finding::path)
                .containsExactly(tuple("Schema.WrongType", "/spec/trafficPolicy/outlierDetection/consecutive5xxErrors"));
    }
}
