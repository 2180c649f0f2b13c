package dev.istiodsl.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocatedYamlTest {

    @Test
    void everyKeyAndValueHasItsLineAndColumn() throws Yaml.Problem {
        LocatedYaml.Document document = LocatedYaml.read("""
                spec:
                  components:
                    pilot:
                      k8s: { replicaCount: "2" }
                  list:
                    - a
                    - b: 1
                """).get(0);
        assertThat(document.keys().get("/spec/components/pilot/k8s/replicaCount"))
                .isEqualTo(new LocatedYaml.Place(4, 14, 12));
        assertThat(document.values().get("/spec/components/pilot/k8s/replicaCount"))
                .isEqualTo(new LocatedYaml.Place(4, 28, 3));
        assertThat(document.keys().get("/spec/list/1")).isEqualTo(new LocatedYaml.Place(7, 7, 1));
        assertThat(document.keys().get("/spec/list/1/b")).isEqualTo(new LocatedYaml.Place(7, 7, 1));
    }

    @Test
    void aKeyWithASlashIsEscapedInItsPointer() throws Yaml.Problem {
        LocatedYaml.Document document = LocatedYaml.read("labels:\n  topology.istio.io/network: n1\n").get(0);
        assertThat(document.keys()).containsKey("/labels/topology.istio.io~1network");
    }

    @Test
    void aliasesAreResolvedAndPlacedWhereTheirAnchorIs() throws Yaml.Problem {
        LocatedYaml.Document document = LocatedYaml.read("a: &x\n  cpu: 1\nb: *x\n").get(0);
        assertThat(document.tree().path("b").path("cpu").asInt()).isEqualTo(1);
        assertThat(document.keys().get("/b")).isEqualTo(new LocatedYaml.Place(3, 1, 1));
        assertThat(document.values().get("/b/cpu").line()).isEqualTo(2);
    }

    @Test
    void mergeKeysAddWhatTheMapDoesNotSetItself() throws Yaml.Problem {
        LocatedYaml.Document document = LocatedYaml.read("""
                base: &b { x: 1, y: 2 }
                other:
                  <<: *b
                  y: 3
                """).get(0);
        assertThat(document.tree().path("other").toString()).isEqualTo("{\"y\":3,\"x\":1}");
    }

    @Test
    void scalarsAreReadAsGoReadsYaml11() throws Yaml.Problem {
        LocatedYaml.Document document = LocatedYaml.read("""
                yes: yes
                off: off
                hex: 0x1f
                octal: 010
                big: 12345678901
                float: 1.20
                version: 1.22.8
                quoted: "2"
                empty:
                sexagesimal: 1:30
                """).get(0);
        assertThat(document.tree().toString()).isEqualTo("{\"yes\":true,\"off\":false,\"hex\":31,\"octal\":8,"
                + "\"big\":12345678901,\"float\":1.20,\"version\":\"1.22.8\",\"quoted\":\"2\",\"empty\":null,"
                + "\"sexagesimal\":\"1:30\"}");
    }

    @Test
    void emptyDocumentsAreSkipped() throws Yaml.Problem {
        assertThat(LocatedYaml.read("---\n# nothing\n---\na: 1\n---\n")).hasSize(1);
    }

    @Test
    void aliasesThatExpandToMillionsOfValuesAreRefused() {
        StringBuilder text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 8; i++) {
            text.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 6; j++) {
                text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            text.append("]\n");
        }
        assertThatThrownBy(() -> LocatedYaml.read(text.toString())).isInstanceOf(Yaml.Problem.class)
                .hasMessageContaining("more than");
    }

    @Test
    void invalidYamlIsAProblemWithItsPlace() {
        assertThatThrownBy(() -> LocatedYaml.read("a: [1, 2\n")).isInstanceOf(Yaml.Problem.class)
                .satisfies(e -> assertThat(((Yaml.Problem) e).line()).isGreaterThan(0));
    }
}
