package dev.istiodsl.diag;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticRendererTest {

    private static final Diagnostic UNKNOWN_REVISION = Diagnostic.error("Bind.UnknownRevision",
            new SourceLocation("mesh.istiodsl", 12, 19, 6), "tag 'stable' points at unknown revision '1-22-9'",
            "did you mean '1-22-8'?");

    @Test
    void oneLineNamesSeverityIdPlaceMessageAndHint() {
        assertThat(DiagnosticRenderer.oneLine(UNKNOWN_REVISION)).isEqualTo("ERROR Bind.UnknownRevision "
                + "mesh.istiodsl:12:19: tag 'stable' points at unknown revision '1-22-9' (hint: did you mean "
                + "'1-22-8'?)");
    }

    @Test
    void forPeopleQuotesTheLineAndUnderlinesTheName() {
        String rendered = DiagnosticRenderer.forPeople(UNKNOWN_REVISION,
                (file, line) -> Optional.of("    tag stable -> 1-22-9"));
        assertThat(rendered).isEqualTo("""
                error[Bind.UnknownRevision]: tag 'stable' points at unknown revision '1-22-9'
                  --> mesh.istiodsl:12:19
                   |
                12 |     tag stable -> 1-22-9
                   |                   ^^^^^^
                 = hint: did you mean '1-22-8'?
                """);
    }

    @Test
    void tabsBeforeTheColumnAreKeptSoTheCaretLinesUp() {
        Diagnostic d = Diagnostic.error("Syntax.Unexpected", new SourceLocation("m.istiodsl", 1, 3, 1), "x", null);
        String rendered = DiagnosticRenderer.forPeople(d, (file, line) -> Optional.of("\t\t="));
        assertThat(rendered).contains("1 | \t\t=\n  | \t\t^\n");
    }

    @Test
    void invisibleCharactersAreEscapedInBothRenderings() {
        Diagnostic d = Diagnostic.error("Bind.InvalidValue", new SourceLocation("m.istiodsl", 1, 7, 1),
                "hub 'a\u0000b\u202ec\u200bd' is not a registry path", "not \ufeff this");
        assertThat(DiagnosticRenderer.oneLine(d)).isEqualTo("ERROR Bind.InvalidValue m.istiodsl:1:7: hub "
                + "'a\\u0000b\\u202ec\\u200bd' is not a registry path (hint: not \\ufeff this)");
        assertThat(DiagnosticRenderer.forPeople(d, DiagnosticRenderer.LineLookup.none()))
                .startsWith("error[Bind.InvalidValue]: hub 'a\\u0000b\\u202ec\\u200bd' is not a registry path\n")
                .endsWith(" = hint: not \\ufeff this\n");
    }

    @Test
    void theCaretStaysUnderItsColumnAfterEscapesAndUnderAnEscapedCharacter() {
        Diagnostic after = Diagnostic.error("Syntax.Unexpected", new SourceLocation("m.istiodsl", 1, 4, 1), "x", null);
        assertThat(DiagnosticRenderer.forPeople(after, (file, line) -> Optional.of("a\u202eb=c")))
                .contains("1 | a\\u202eb=c\n  |         ^\n");
        Diagnostic on = Diagnostic.error("Syntax.UnexpectedCharacter", new SourceLocation("m.istiodsl", 1, 2, 1), "x",
                null);
        assertThat(DiagnosticRenderer.forPeople(on, (file, line) -> Optional.of("\t\u0000=")))
                .contains("1 | \t\\u0000=\n  | \t^^^^^^\n");
    }

    @Test
    void aCharacterBeyondTheBasicPlaneIsOneColumn() {
        Diagnostic d = Diagnostic.error("Syntax.Unexpected", new SourceLocation("m.istiodsl", 1, 3, 1), "x", null);
        assertThat(DiagnosticRenderer.forPeople(d, (file, line) -> Optional.of("\ud83d\ude80 =")))
                .contains("1 | \ud83d\ude80 =\n  |   ^\n");
    }

    @Test
    void withoutTheSourceOnlyThePlaceIsShown() {
        assertThat(DiagnosticRenderer.forPeople(UNKNOWN_REVISION, DiagnosticRenderer.LineLookup.none()))
                .doesNotContain(" | ").contains("--> mesh.istiodsl:12:19");
    }

    @Test
    void diagnosticsSortByFileLineColumnThenId() {
        Diagnostic b = Diagnostic.error("B", new SourceLocation("a.istiodsl", 2, 1, 1), "m", null);
        Diagnostic a = Diagnostic.error("A", new SourceLocation("a.istiodsl", 2, 1, 1), "m", null);
        Diagnostic early = Diagnostic.error("Z", new SourceLocation("a.istiodsl", 1, 9, 1), "m", null);
        Diagnostic other = Diagnostic.error("A", new SourceLocation("b.istiodsl", 1, 1, 1), "m", null);
        assertThat(java.util.stream.Stream.of(other, b, a, early).sorted()).containsExactly(early, a, b, other);
    }
}
