package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A chart's {@code values.schema.json} read as the Helm of its day read it. Istio's {@code gateway} chart of 1.22 to
 * 1.25 declares, at its top level, {@code "$ref": "#/$defs/values"} beside {@code "additionalProperties": false} and no
 * {@code properties}. Helm 3 before 3.18 validated with a draft-07 library, which ignores every keyword beside a
 * {@code $ref}: the schema meant "the values are {@code $defs/values}". The embedded Helm validates with a 2019-09+
 * library, which applies both, so {@code additionalProperties: false} with no properties rejects every value, Istio's
 * own included ({@code values don't meet the specifications of the schema(s)}). Such a schema is given to Helm with the
 * ignored keyword left out: what it checks is then exactly what it checked when Istio released it (its
 * {@code $defs/values}), and the chart itself is never changed in the project or the cache.
 */
final class ChartSchemas {

    static final String FILE = "values.schema.json";

    private ChartSchemas() {
    }

    /** The schema as its draft reads it, when it differs from its text; empty when it is read as written. */
    static Optional<byte[]> asItsDraftReadsIt(byte[] schema) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(schema);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!(root instanceof ObjectNode object) || !object.has("$ref") || !object.has("additionalProperties")
                || object.has("properties") || object.has("patternProperties")
                || draft2019OrLater(object.path("$schema").asText(""))) {
            return Optional.empty();
        }
        ObjectNode read = object.deepCopy();
        read.remove("additionalProperties");
        try {
            return Optional.of((Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(read) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a schema just read always serialises", e);
        }
    }

    /** A schema that says it is of a draft where {@code $ref} has siblings is read as written. */
    private static boolean draft2019OrLater(String schema) {
        return schema.contains("2019-09") || schema.contains("2020-12");
    }
}
