package dev.istiodsl.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Edits of one environment block: the edited tokens change, every other byte of the file stays. */
class MeshEditorTest {

    private static final String MESH = """
            # the shop mesh
            mesh shop {
              revision a { istio 1.22.8 }   # old
              revision b { istio 1.24.6 }

              environment preprod {
                revisions a, b
                tag stable -> b
              }

              /* production: careful */
              environment prod after preprod soak 7d {
                kubernetes 1.30          # cluster version
                revisions a              # b joins after a week
                tag stable -> a          # the tag namespaces use
                tag legacy -> a
                namespaces {
                  payments -> stable     # money
                  search -> legacy
                }
              }
            }
            """;

    @Test
    void aChangedListIsReplacedWhereItStandsAndItsCommentStays() {
        MeshEditor editor = editor("prod");
        editor.setRevisions(List.of("a", "b"));
        assertThat(editor.text()).isEqualTo(MESH.replace("revisions a              # b joins",
                "revisions a, b           # b joins"));
    }

    @Test
    void aLongerValueKeepsTwoSpacesBeforeItsComment_asTheFormatterWritesThem() {
        MeshEditor editor = editor("prod");
        editor.setRevisions(List.of("a", "b", "c-long-revision-name"));
        String edited = editor.text();
        assertThat(edited).contains("    revisions a, b, c-long-revision-name  # b joins after a week\n");
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedAndKept() {
        MeshEditor editor = MeshEditor.of("\uFEFF" + MESH, "prod").orElseThrow();
        editor.setTag("stable", "b");
        assertThat(editor.text()).isEqualTo("\uFEFF" + MESH.replace("tag stable -> a          #",
                "tag stable -> b          #"));
    }

    @Test
    void aTagTargetIsReplacedInPlace() {
        MeshEditor editor = editor("prod");
        editor.setTag("stable", "b");
        assertThat(editor.text()).isEqualTo(MESH.replace("tag stable -> a          #", "tag stable -> b          #"));
    }

    @Test
    void aNewTagGoesOnItsOwnLineAfterTheLastTagIndentedLikeTheBlock() {
        MeshEditor editor = editor("prod");
        editor.setTag("canary", "b");
        assertThat(editor.text()).isEqualTo(MESH.replace("    tag legacy -> a\n",
                "    tag legacy -> a\n    tag canary -> b\n"));
    }

    @Test
    void editsOfOneBlockCombine() {
        MeshEditor editor = editor("preprod");
        editor.setTag("canary", "b");
        editor.setRevisions(List.of("b"));
        assertThat(editor.text()).isEqualTo(MESH.replace("    revisions a, b\n    tag stable -> b\n",
                "    revisions b\n    tag stable -> b\n    tag canary -> b\n"));
    }

    @Test
    void aRemovedTagTakesItsLineWithIt() {
        MeshEditor editor = editor("prod");
        assertThat(editor.removeTag("legacy")).isTrue();
        assertThat(editor.removeTag("nope")).isFalse();
        assertThat(editor.text()).isEqualTo(MESH.replace("    tag legacy -> a\n", ""));
    }

    @Test
    void aBindingIsRewrittenInPlaceAndANewOneIsAddedBelowTheLast() {
        MeshEditor editor = editor("prod");
        editor.setBinding("search", "stable");
        editor.setBinding("catalog", "stable");
        assertThat(editor.text()).isEqualTo(MESH.replace("      search -> legacy\n",
                "      search -> stable\n      catalog -> stable\n"));
    }

    @Test
    void aBindingIsAddedOnTheSameLineOfASingleLineBlock() {
        String text = "mesh m {\n  environment e {\n    namespaces { a -> x  b -> y }\n  }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.setBinding("c", "z");
        assertThat(editor.text()).isEqualTo(text.replace("b -> y }", "b -> y  c -> z }"));
    }

    @Test
    void anInheritedListIsOverriddenByALineAtTheTopOfTheBlock() {
        String text = "mesh m {\n  environment e extends d {\n    kubernetes 1.30  # k\n  }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        assertThat(editor.declaresRevisions()).isFalse();
        editor.setRevisions(List.of("a", "b"));
        assertThat(editor.text()).isEqualTo(text.replace("extends d {\n", "extends d {\n    revisions a, b\n"));
    }

    @Test
    void aCrlfFileStaysCrlf() {
        String text = MESH.replace("\n", "\r\n");
        MeshEditor editor = MeshEditor.of(text, "prod").orElseThrow();
        editor.setTag("canary", "b");
        editor.removeTag("legacy");
        assertThat(editor.text()).isEqualTo(text.replace("    tag legacy -> a\r\n", "    tag canary -> b\r\n"))
                .doesNotContainPattern("[^\r]\n");
    }

    @Test
    void aTabIndentedBlockGetsTabIndentedLines() {
        String text = "mesh m {\n\tenvironment e {\n\t\trevisions a\n\t}\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.setTag("stable", "a");
        assertThat(editor.text()).isEqualTo(text.replace("\t\trevisions a\n", "\t\trevisions a\n\t\ttag stable -> a\n"));
    }

    @Test
    void aNewLineAfterAStatementThatSharesItsLineMovesTheNeighbourDown() {
        String text = "mesh m {\n  environment e {\n    revisions a, b  output flux\n  }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.setTag("stable", "a");
        assertThat(editor.text()).isEqualTo("mesh m {\n  environment e {\n    revisions a, b\n"
                + "    tag stable -> a\n    output flux\n  }\n}\n");
    }

    @Test
    void theFirstOfTwoStatementsOnALineGoesAndTheOtherStays() {
        String text = "mesh m {\n  environment e {\n    revisions a, b\n    tag canary -> b  tag stable -> a\n  }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.removeTag("canary");
        assertThat(editor.text()).isEqualTo(text.replace("tag canary -> b  tag stable", "tag stable"));
    }

    @Test
    void theLastOfTwoStatementsOnALineGoesWithoutItsNeighbour() {
        String text = "mesh m {\n  environment e {\n    revisions a  tag old -> a\n  }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.removeTag("old");
        assertThat(editor.text()).isEqualTo("mesh m {\n  environment e {\n    revisions a\n  }\n}\n");
    }

    @Test
    void anEmptyBlockOnOneLineOpensUp() {
        String text = "mesh m {\n  environment e extends d { }\n}\n";
        MeshEditor editor = MeshEditor.of(text, "e").orElseThrow();
        editor.setRevisions(List.of("a"));
        assertThat(editor.text()).isEqualTo("mesh m {\n  environment e extends d {\n    revisions a\n  }\n}\n");
    }

    @Test
    void aFileThatDoesNotParseOrLacksTheEnvironmentGivesNoEditor() {
        assertThat(MeshEditor.of("mesh m { environment e { ", "e")).isEmpty();
        assertThat(MeshEditor.of(MESH, "staging")).isEmpty();
    }

    private static MeshEditor editor(String environment) {
        return MeshEditor.of(MESH, environment).orElseThrow();
    }
}
