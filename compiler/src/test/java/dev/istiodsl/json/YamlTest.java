package dev.istiodsl.json;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlTest {

    @Test
    void emptyDocumentsAndCommentsAreSkipped() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("---\n# only a comment\n---\na: 1\n---\n---\nb: 2\n")).hasSize(2);
    }

    @Test
    void anEmptyValueIsNullAndAQuotedEmptyStringIsAString() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("a:\nb: \"\"\n").get(0).toString()).isEqualTo("{\"a\":null,\"b\":\"\"}");
    }

    @Test
    void aTopLevelListIsOneDocument() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("[{\"op\": \"remove\", \"path\": \"/a\"}, {\"op\": \"remove\"}]"))
                .singleElement().satisfies(list -> assertThat(list.size()).isEqualTo(2));
        assertThat(Yaml.readDocuments("- a\n- b\n---\n- c\n")).hasSize(2);
    }

    @Test
    void anAliasIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> Yaml.readDocuments("a: &x 1\nb: *x\n"))
                .isInstanceOf(Yaml.Problem.class)
                .hasMessageContaining("aliases (*x)")
                .satisfies(e -> assertThat(((Yaml.Problem) e).line()).isEqualTo(2));
    }

    @Test
    void aMergeKeyIsRefusedBecauseItWouldNotBeApplied() {
        assertThatThrownBy(() -> Yaml.readDocuments("base: &b {x: 1}\nother:\n  <<: *b\n"))
                .isInstanceOf(Yaml.Problem.class);
    }

    @Test
    void aDuplicateKeyIsRefusedInsteadOfKeepingTheLast() {
        assertThatThrownBy(() -> Yaml.readDocuments("a: 1\na: 2\n"))
                .isInstanceOf(Yaml.Problem.class)
                .satisfies(e -> assertThat(((Yaml.Problem) e).describe()).startsWith("at line 2"));
    }

    @Test
    void filesHandedOnVerbatimMayUseAnchors() throws Yaml.Problem {
        assertThat(Yaml.readDocumentsForShape("kind: IstioOperator\na: &x 1\nb: *x\n").get(0).path("kind").asText())
                .isEqualTo("IstioOperator");
    }

    @Test
    void aColonBeforeAFlowIndicator_staysInItsPlainScalar_asGoYamlReadsIt() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("addresses: [2001:db8::, 001:db8::1, \"::1\"]\n").get(0).toString())
                .isEqualTo("{\"addresses\":[\"2001:db8::\",\"001:db8::1\",\"::1\"]}");
        assertThat(Yaml.readDocuments("endpoints: [{address: fd00::}, {address: 2001:db8::2}]\n").get(0).toString())
                .isEqualTo("{\"endpoints\":[{\"address\":\"fd00::\"},{\"address\":\"2001:db8::2\"}]}");
        assertThat(Yaml.readDocuments("a: [x:, y]\n").get(0).toString()).isEqualTo("{\"a\":[\"x:\",\"y\"]}");
        assertThat(Yaml.readDocuments("e: \"\uD83D\uDE00\"\na: [fd00::, \uD83D\uDE00:]\n").get(0).path("a").toString())
                .isEqualTo("[\"fd00::\",\"\uD83D\uDE00:\"]");
    }

    @Test
    void aColonBeforeASpace_stillMakesAMapInAFlowList() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("a: [x: 1, {\"y\":[2]}]\nb: 2001:db8::1\n").get(0).toString())
                .isEqualTo("{\"a\":[{\"x\":1},{\"y\":[2]}],\"b\":\"2001:db8::1\"}");
    }

    @Test
    void aScalarReadAsGoYamlDoes_keepsTheLineNumbersOfLaterDocuments() throws Yaml.Problem {
        List<Yaml.Document> documents = Yaml.numberedDocuments("a: [2001:db8\n  ::]\n---\nb: 1\n");

        assertThat(documents.get(0).tree().toString()).isEqualTo("{\"a\":[\"2001:db8 ::\"]}");
        assertThat(documents.get(1).line()).isEqualTo(4);
    }

    @Test
    void aNumberNoFloat64HoldsIsRefusedWithItsPlace_insteadOfReadingAsInfinityOrZero() {
        for (String text : List.of("{\"data\": {\"a\": 1e99999999999}}", "{\"data\": {\"a\": -1e99999999999}}",
                "{\"data\": {\"a\": 1e400}}", "{\"data\": {\"a\": 1e-400}}", "{\"data\": {\"a\": .inf}}",
                "{\"data\": {\"a\": 0x" + "F".repeat(300) + "}}")) {
            assertThatThrownBy(() -> Yaml.readDocuments(text)).as(text)
                    .isInstanceOf(Yaml.Problem.class)
                    .hasMessageStartingWith("the number ").hasMessageEndingWith(" is out of range")
                    .satisfies(e -> assertThat(((Yaml.Problem) e).numberOutOfRange()).isTrue())
                    .satisfies(e -> assertThat(((Yaml.Problem) e).describe()).startsWith("at line 1, column 16: "));
        }
    }

    @Test
    void numbersAFloat64HoldsAreRead() throws Yaml.Problem {
        assertThat(Yaml.readDocuments("[1.7e308, -1.7e308, 4.9e-324, 0e99999999999, 99999999999999999999, 0x1F, 1_000]")
                .get(0).toString()).isEqualTo("[1.7E308,-1.7E308,4.9E-324,0.0,99999999999999999999,31,1000]");
    }

    @Test
    void filesHandedOnVerbatimAreCheckedForNumbersAllTheSame() {
        assertThatThrownBy(() -> Yaml.readDocumentsForShape("kind: IstioOperator\nspec: {replicas: 1e400}\n"))
                .isInstanceOf(Yaml.Problem.class)
                .satisfies(e -> assertThat(((Yaml.Problem) e).describe())
                        .isEqualTo("at line 2, column 18: the number 1e400 is out of range"));
    }
}
