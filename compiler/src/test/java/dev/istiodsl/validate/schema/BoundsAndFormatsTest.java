package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.testing.IstioResourceFixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Lengths, counts and formats as the API server checks them: lengths in code points (an emoji is one character, not
 * two UTF-16 units), item and property counts, and the formats it knows (byte, date, date-time), ignoring the others.
 */
class BoundsAndFormatsTest {

    private static final String SCHEMA = """
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      at: {type: string, format: date-time}
                      day: {type: string, format: date}
                      stamp: {type: string, format: dateTime}
                      count: {type: integer, format: int32}
                      name: {type: string, format: string}
                """;

    private static SchemaValidator istio;
    private static SchemaValidator demo;

    @BeforeAll
    static void readCrds() throws Exception {
        istio = IstioResourceFixtures.crdSchemas();
        demo = DemoCrd.validator("Clock", SCHEMA);
    }

    private static List<Finding> validate(SchemaValidator validator, String yaml) throws Exception {
        return validator.validate(ManifestReader.read(yaml, "test", "default").get(0));
    }

    private static String serviceEntryWithLabels(String labels) {
        return """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec:
                  hosts: [db.example.com]
                  ports: [{number: 5432, name: tcp, protocol: TCP}]
                  resolution: STATIC
                  workloadSelector: {labels: %s}
                """.formatted(labels);
    }

    @Test
    void maxLength_countsCodePoints_notUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00";

        assertThat(validate(istio, serviceEntryWithLabels("{app: \"" + emoji.repeat(63) + "\"}"))).isEmpty();
        assertThat(validate(istio, serviceEntryWithLabels("{app: \"" + emoji.repeat(64) + "\"}")))
                .extracting(Finding::id, Finding::path)
                .containsExactly(tuple("Schema.InvalidValue", "/spec/workloadSelector/labels/app"));
    }

    @Test
    void maxProperties_andMinItems_areEnforced() throws Exception {
        String labels = IntStream.rangeClosed(1, 257).mapToObj(i -> "l" + i + ": v")
                .collect(Collectors.joining(", ", "{", "}"));

        assertThat(validate(istio, serviceEntryWithLabels(labels))).extracting(Finding::id, Finding::path,
                Finding::message).containsExactly(tuple("Schema.InvalidValue", "/spec/workloadSelector/labels",
                "an object is invalid: must have at most 256 properties"));
        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec: {hosts: [], ports: [{number: 5432, name: tcp, protocol: TCP}], resolution: DNS}
                """)).extracting(Finding::id, Finding::path).contains(tuple("Schema.InvalidValue", "/spec/hosts"));
    }

    @Test
    void maxItems_isEnforced() throws Exception {
        String ports = IntStream.rangeClosed(1, 257).mapToObj(i -> "{number: " + i + ", name: p" + i + "}")
                .collect(Collectors.joining(", ", "[", "]"));

        assertThat(validate(istio, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec: {hosts: [db.example.com], ports: %s, resolution: DNS}
                """.formatted(ports))).extracting(Finding::id, Finding::path, Finding::message)
                .containsExactly(tuple("Schema.InvalidValue", "/spec/ports",
                        "a list is invalid: must have at most 256 items but found 257"));
    }

    @Test
    void aByteField_takesPaddedBase64Only() throws Exception {
        String virtualService = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: teapot}
                spec:
                  hosts: [teapot.example.com]
                  http: [{directResponse: {status: 418, body: {bytes: %s}}}]
                """;

        assertThat(validate(istio, virtualService.formatted("\"SSdtIGEgdGVhcG90\""))).isEmpty();
        assertThat(validate(istio, virtualService.formatted("\"aGk=\""))).isEmpty();
        assertThat(validate(istio, virtualService.formatted("\"aGk\""))).extracting(Finding::id, Finding::path,
                Finding::message).containsExactly(tuple("Schema.InvalidValue", "/spec/http/0/directResponse/body/bytes",
                "the string \"aGk\" is invalid: must be base64 (format byte)"));
        assertThat(validate(istio, virtualService.formatted("\"I'm a teapot\""))).extracting(Finding::path)
                .containsExactly("/spec/http/0/directResponse/body/bytes");
    }

    @Test
    void dateAndDateTime_areCheckedAsTheApiServerChecksThem() throws Exception {
        String clock = """
                apiVersion: demo.istio.io/v1
                kind: Clock
                metadata: {name: c}
                spec: {at: "%s", day: "%s"}
                """;

        assertThat(validate(demo, clock.formatted("2026-09-01T10:00:00Z", "2024-02-29"))).isEmpty();
        assertThat(validate(demo, clock.formatted("2026-09-01t23:59:59.123+02:00", "2026-12-31"))).isEmpty();
        assertThat(validate(demo, clock.formatted("2026-09-01 10:00:00", "2026-02-29")))
                .extracting(Finding::path, Finding::message).containsExactly(
                        tuple("/spec/at", "the string \"2026-09-01 10:00:00\" is invalid: must be an RFC 3339"
                                + " date-time such as 2006-01-02T15:04:05Z (format date-time)"),
                        tuple("/spec/day", "the string \"2026-02-29\" is invalid: must be a date such as 2006-01-02"
                                + " (format date)"));
        assertThat(validate(demo, clock.formatted("2026-09-01T24:00:00Z", "2026-9-1")))
                .extracting(Finding::path).containsExactly("/spec/at", "/spec/day");
    }

    @Test
    void formatsTheApiServerIgnores_areIgnored() throws Exception {
        assertThat(validate(demo, """
                apiVersion: demo.istio.io/v1
                kind: Clock
                metadata: {name: c}
                spec: {stamp: yesterday, count: 99999999999, name: anything}
                """)).isEmpty();
    }
}
