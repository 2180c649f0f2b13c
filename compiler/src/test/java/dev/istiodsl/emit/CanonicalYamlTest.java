package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalYamlTest {

    private static final Path CASES = Golden.sourceResources().resolve("emit/canonical");

    @Test
    void trickyStringsAreWrittenAsPinnedAndReadBackUnchanged() throws Exception {
        ObjectNode body = tricky();
        String yaml = CanonicalYaml.write(body);
        Golden.check(CASES.resolve("tricky.yaml"), yaml);
        assertThat(readBack(yaml)).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "yes", "No", "on", "OFF", "y", "N", "null", "Null", "~", "1.20",
            "0x1F", "1e3", "012", "0o17", "1_000", "1:20", "2024-01-01", ".5", "-.5", ".inf", "-.Inf", ".NaN", "+1",
            "-1", "0", ":x", "- x", "-", "#", "#x", "a #x", "a: b", "a:", "?", "? x", "*", "&a", "!a", "|", ">", "%a",
            "@a", "`a", "'a'", "\"a\"", "[a", "{a", ",a", "---", "...", " lead", "trail ", "", "<<", "=", "\tx", "a\tb",
            "a\rb", "\u00a0x", "x\u2028y", "x\u0085y", "\ufeffx"})
    void aStringAnyYamlReaderCouldTakeForSomethingElseIsQuoted(String text) throws Yaml.Problem {
        String yaml = CanonicalYaml.write(object("value", text));
        assertThat(yaml).startsWith("value: \"");
        assertThat(readBack(yaml).path("value").textValue()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio-system", "docker.io/istio/proxyv2:1.22.8", "--log_output_level=default:info",
            "-v", "a#b", "a:b", "https://example.com/x?y=1#z", "Configuration for the mesh.", "a,b[0]", "x-1.20",
            "héllo wörld", "日本語", "😀", "x{{ .Values.x }}", "true-ish", "nullable", "y2", "onion"})
    void anOrdinaryStringStaysPlain(String text) throws Yaml.Problem {
        String yaml = CanonicalYaml.write(object("value", text));
        assertThat(yaml).isEqualTo("value: " + text + "\n");
        assertThat(readBack(yaml).path("value").textValue()).isEqualTo(text);
    }

    @Test
    void numbersBooleansAndNullsKeepTheirType() throws Yaml.Problem {
        ObjectNode body = Json.MAPPER.createObjectNode().put("int", 7).put("long", 1L << 40).put("double", 1.0)
                .put("large", 1e20).put("small", 1.5e-7).put("negativeZero", -0.0).put("yes", true).putNull("nil");
        body.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        String yaml = CanonicalYaml.write(body);
        assertThat(yaml).contains("double: 1.0\n", "large: 1.0e+20\n", "small: 1.5e-7\n", "negativeZero: -0.0\n",
                "\"yes\": true\n", "nil: null\n", "big: 123456789012345678901234567890\n");
        assertThat(readBack(yaml)).isEqualTo(body);
    }

    @Test
    void aDecimalIsWrittenAsAFloatingPointNumber() throws Yaml.Problem {
        ObjectNode body = Json.MAPPER.createObjectNode().put("thousand", new BigDecimal("1E+3"))
                .put("precise", new BigDecimal("1.50"));
        String yaml = CanonicalYaml.write(body);
        assertThat(yaml).isEqualTo("precise: 1.50\nthousand: 1.0e+3\n");
        assertThat(readBack(yaml).path("thousand").doubleValue()).isEqualTo(1000.0);
    }

    @Test
    void aNumberNoReaderAcceptsIsABug() {
        assertThatThrownBy(() -> CanonicalYaml.write(Json.MAPPER.createObjectNode().put("x", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityKeysComeFirstAndEveryOtherKeyIsSortedByBytes() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("spec", 1).put("\ue000", 1).put("\ud83d\ude00", 1).put("B", 1).put("a", 1);
        body.put("kind", "Service").put("apiVersion", "v1");
        body.putObject("metadata").put("labels", "x").put("namespace", "ns").put("annotations", "z")
                .put("name", "istiod");
        assertThat(CanonicalYaml.write(body)).isEqualTo("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: istiod
                  namespace: ns
                  annotations: z
                  labels: x
                B: 1
                a: 1
                spec: 1
                \ue000: 1
                \ud83d\ude00: 1
                """);
    }

    @Test
    void multiLineTextChoosesItsChompingFromItsTrailingBreaks() {
        assertThat(CanonicalYaml.write(object("a", "x\ny", "b", "x\ny\n", "c", "x\ny\n\n", "d", "end")))
                .isEqualTo("a: |-\n  x\n  y\nb: |\n  x\n  y\nc: |+\n  x\n  y\n\nd: end\n");
    }

    @Test
    void textKeepingBlankLinesAtTheEndOfTheFileIsQuotedSoTheFileEndsInOneBreak() throws Yaml.Problem {
        String yaml = CanonicalYaml.write(object("a", "x\ny\n\n"));
        assertThat(yaml).isEqualTo("a: \"x\\n\\\n  y\\n\\\n  \\n\"\n");
        assertThat(readBack(yaml).path("a").textValue()).isEqualTo("x\ny\n\n");
    }

    @Test
    void aFirstLineStartingWithSpacesGetsAnIndentationIndicator() {
        assertThat(CanonicalYaml.write(object("a", "  x\ny"))).isEqualTo("a: |2-\n    x\n  y\n");
    }

    @Test
    void linesEndingInSpacesAreQuotedOneLinePerLineWithoutTrailingSpaces() throws Yaml.Problem {
        String text = "a \n  b\n\tc";
        String yaml = CanonicalYaml.write(object("k", text));
        assertThat(yaml).isEqualTo("k: \"a \\n\\\n  \\  b\\n\\\n  \\tc\"\n");
        assertThat(yaml.lines()).noneMatch(line -> line.endsWith(" "));
        assertThat(readBack(yaml).path("k").textValue()).isEqualTo(text);
    }

    @Test
    void aVeryLongKeyIsWrittenAsAnExplicitKey() throws Yaml.Problem {
        String key = "k".repeat(YamlScalars.LONGEST_IMPLICIT_KEY + 1);
        ObjectNode body = object(key, "v");
        body.putArray("list").addObject().put(key, "w");
        String yaml = CanonicalYaml.write(body);
        assertThat(yaml).startsWith("? " + key + "\n: v\nlist:\n  - ? " + key + "\n    : w\n");
        assertThat(readBack(yaml)).isEqualTo(body);
    }

    @Test
    void listsAreIndentedUnderTheirKeyAndEmptyCollectionsAreInline() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("list").add("a").add(Json.MAPPER.createArrayNode().add(1).add(2))
                .add(Json.MAPPER.createObjectNode().put("b", 1).set("a", Json.MAPPER.createArrayNode()))
                .add(Json.MAPPER.createObjectNode());
        assertThat(CanonicalYaml.write(body)).isEqualTo("""
                list:
                  - a
                  - - 1
                    - 2
                  - a: []
                    b: 1
                  - {}
                """);
    }

    @Test
    void theSameObjectBuiltInAnotherOrderAndLocaleGivesTheSameBytes() throws Exception {
        ObjectNode body = tricky();
        String expected = CanonicalYaml.write(body);
        Random random = new Random(7);
        Locale locale = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            for (int i = 0; i < 5; i++) {
                assertThat(CanonicalYaml.write((ObjectNode) shuffled(body, random))).isEqualTo(expected);
            }
            assertThat(CanonicalYaml.write(object("value", ".INF", "I", "İ"))).contains("value: \".INF\"", "I: İ");
        } finally {
            Locale.setDefault(locale);
        }
    }

    @Test
    void theOutputIsUtf8WithoutDocumentMarkers() {
        String yaml = CanonicalYaml.write(object("a", "é😀"));
        assertThat(yaml).isEqualTo("a: é😀\n");
        assertThat(yaml.getBytes(StandardCharsets.UTF_8)).hasSize(10);
    }

    /** Read with doubles for fractions, as the YAML reader reads them, rather than the strict mapper's decimals. */
    private static ObjectNode tricky() throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(read(CASES.resolve("tricky.json")));
    }

    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.shuffle(keys, random);
            ObjectNode copy = Json.MAPPER.createObjectNode();
            keys.forEach(key -> copy.set(key, shuffled(node.get(key), random)));
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.MAPPER.createArrayNode();
            node.forEach(item -> copy.add(shuffled(item, random)));
            return copy;
        }
        return node;
    }

    static ObjectNode object(String... keysAndValues) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node;
    }

    static JsonNode readBack(String yaml) throws Yaml.Problem {
        List<JsonNode> documents = Yaml.readDocuments(yaml);
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
