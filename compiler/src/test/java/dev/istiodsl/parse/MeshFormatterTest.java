package dev.istiodsl.parse;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.source.SourceFile;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical layout, one rule per test, on small inputs. */
class MeshFormatterTest {

    private static String fmt(String text) {
        MeshFormatter.Result result = MeshFormatter.format(new SourceFile("mesh.istiodsl", Optional.empty(), text));
        assertThat(result.diagnostics()).isEmpty();
        String once = result.text().orElseThrow();
        assertThat(MeshFormatter.format(new SourceFile("mesh.istiodsl", Optional.empty(), once)).text())
                .as("formatting is idempotent").contains(once);
        return once;
    }

    @Test
    void blocksAreIndentedTwoSpacesWithOneStatementPerLine() {
        assertThat(fmt("mesh m { revision r { istio 1.22.8  profile default }\n"
                + "environment test { revisions r } }")).isEqualTo("""
                mesh m {
                  revision r {
                    istio 1.22.8
                    profile default
                  }
                  environment test {
                    revisions r
                  }
                }
                """);
    }

    @Test
    void tokensOfAStatementAreOneSpaceApart_noneBeforeCommasAndColons() {
        assertThat(fmt("mesh m {\n   tag    stable->r1\n overlays a ,b\n revision r { set  a.b=1 }\n}\n")).isEqualTo("""
                mesh m {
                  tag stable -> r1
                  overlays a, b
                  revision r {
                    set a.b = 1
                  }
                }
                """);
    }

    @Test
    void aMapOnOneLineStaysOnOneLine_withCommasBetweenEntries() {
        assertThat(fmt("mesh m {\n  meshConfig {a: 1  b: {c: [x,y,]}}\n}\n")).isEqualTo("""
                mesh m {
                  meshConfig { a: 1, b: { c: [x, y] } }
                }
                """);
    }

    @Test
    void aMapOverSeveralLines_getsOneEntryPerLineWithoutCommas() {
        assertThat(fmt("mesh m {\n  meshConfig { a: 1,\n b: [\n x, y, ], c: { d: 2 } }\n}\n")).isEqualTo("""
                mesh m {
                  meshConfig {
                    a: 1
                    b: [
                      x,
                      y
                    ]
                    c: { d: 2 }
                  }
                }
                """);
    }

    @Test
    void emptyBlocksAndMapsAreClosedOnTheirLine() {
        assertThat(fmt("mesh m {\n  environment test {\n\n  }\n  values {\n}\n}\n")).isEqualTo("""
                mesh m {
                  environment test {}
                  values {}
                }
                """);
    }

    @Test
    void blankLinesAreKeptAsAtMostOne_noneAtTheStartOrEndOfABlock() {
        assertThat(fmt("\n\nmesh m {\n\n\n  hub a\n\n\n\n  namespace b\n\n}\n\n\n")).isEqualTo("""
                mesh m {
                  hub a

                  namespace b
                }
                """);
    }

    @Test
    void everyCommentIsKept_ownLineCommentsIndentedLikeTheCodeAfterThem() {
        assertThat(fmt("""
                # header
                /* block
                   comment */
                mesh m {
                        # about hub
                  hub a // why
                  /* inline */ namespace b
                    # last
                }
                # trailer
                """)).isEqualTo("""
                # header
                /* block
                   comment */
                mesh m {
                  # about hub
                  hub a  // why
                  /* inline */ namespace b
                  # last
                }
                # trailer
                """);
    }

    @Test
    void trailingCommentsOfConsecutiveLinesAreAlignedTwoSpacesAfterTheLongest() {
        assertThat(fmt("mesh m {\n  hub a # one\n  namespace istio-system # two\n\n  output flux # three\n}\n"))
                .isEqualTo("""
                        mesh m {
                          hub a                   # one
                          namespace istio-system  # two

                          output flux  # three
                        }
                        """);
    }

    @Test
    void aCommentContinuingATrailingCommentStaysAlignedWithIt() {
        assertThat(fmt("mesh m {\n  hub a   # one\n          # more of one\n  # about output\n  output flux\n}\n"))
                .isEqualTo("""
                        mesh m {
                          hub a  # one
                                 # more of one
                          # about output
                          output flux
                        }
                        """);
    }

    @Test
    void aStatementACommentBreaksContinuesOneLevelDeeper() {
        assertThat(fmt("mesh m {\n  revisions a, # first\n b\n}\n")).isEqualTo("""
                mesh m {
                  revisions a,  # first
                    b
                }
                """);
    }

    @Test
    void windowsLineEndsAndTrailingSpacesBecomeUnixLinesWithoutThem() {
        assertThat(fmt("mesh m {\r\n  hub a   \r\n}")).isEqualTo("mesh m {\n  hub a\n}\n");
    }

    @Test
    void valuesAreWrittenAsTheyAre() {
        assertThat(fmt("mesh m {\n  revision r {\n    set \"a\\\\.b\" = \"x\\u00e9\"\n    set c = 1.50e3\n  }\n}\n"))
                .contains("set \"a\\\\.b\" = \"x\\u00e9\"", "set c = 1.50e3");
    }

    @Test
    void aLibraryFileIsFormattedToo() {
        assertThat(fmt("import std/hardening\noverlay o { drop EnvoyFilter \"x\" }\n")).isEqualTo("""
                import std/hardening
                overlay o {
                  drop EnvoyFilter "x"
                }
                """);
    }

    @Test
    void aSyntaxError_isRefusedWithTheUsualDiagnostic() {
        MeshFormatter.Result result = MeshFormatter.format(new SourceFile("mesh.istiodsl", Optional.empty(),
                "mesh m {\n  tag stable -> \n}\n"));
        assertThat(result.formatted()).isFalse();
        assertThat(result.diagnostics()).extracting(Diagnostic::id).first().asString().startsWith("Syntax");
        assertThat(result.diagnostics().get(0).location().line()).isEqualTo(3);
    }
}
