package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The structural rules never quote a value of a Secret's data, even when a schema judges one (here a CRD that claims
 * the core Secret, as none should, so the rules meet Secret values at all).
 */
class SecretValuesAreNeverQuotedTest {

    private static final String SCHEMA = """
                type: object
                properties:
                  data:
                    type: object
                    additionalProperties: {type: string, format: byte}
                  stringData:
                    type: object
                    additionalProperties:
                      type: array
                      x-kubernetes-list-type: set
                      items: {type: string}
                  type: {type: string}
                """;

    @Test
    void aRepeatedValueOrABadFormatInASecret_isReportedWithoutTheValue() throws Exception {
        SchemaValidator validator = DemoCrd.validator("", "Secret", SCHEMA);

        List<Finding> findings = validator.validate(ManifestReader.read("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                data: {password: "hunter2!"}
                stringData: {tokens: [s3cr3t-token, s3cr3t-token]}
                """, "test", "default").get(0));

        assertThat(findings).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Schema.InvalidValue", "/data/password"),
                tuple("Schema.DuplicateListKey", "/stringData/tokens/1"));
        assertThat(findings).allSatisfy(f -> assertThat(f.message() + f.hint())
                .doesNotContain("hunter2").doesNotContain("s3cr3t"));
    }
}
