package dev.istiodsl.diag;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    private static final SourceLocation LINE_3 = new SourceLocation("mesh.istiodsl", 3, 5, 8);

    @Test
    void aKnownValueIsMaskedInTheMessageAndTheHint() {
        Redaction redaction = new Redaction();
        redaction.value("987654321");

        Diagnostic masked = redaction.mask(Diagnostic.error("Kubernetes.WrongType", LINE_3,
                "/stringData/pin must be a string, not the number 987654321", "quote it: \"987654321\""));

        assertThat(masked.message()).isEqualTo("/stringData/pin must be a string, not the number <redacted>");
        assertThat(masked.hint()).isEqualTo("quote it: \"<redacted>\"");
    }

    @Test
    void theLongerOfTwoOverlappingValuesIsMaskedWhole() {
        Redaction redaction = new Redaction();
        redaction.value("hunter2");
        redaction.value("hunter2-and-more");

        assertThat(redaction.mask("was hunter2-and-more, now hunter2")).isEqualTo("was <redacted>, now <redacted>");
    }

    @Test
    void aShortValueIsNotMaskedEverywhereSinceItCannotBeToldFromOrdinaryText() {
        Redaction redaction = new Redaction();
        redaction.value("1");
        redaction.value("yes");

        assertThat(redaction.mask("operation 1 failed: yes")).isEqualTo("operation 1 failed: yes");
    }

    @Test
    void aValueWrittenInTheSourcesIsMaskedInItsLineKeepingEveryColumn() {
        Redaction redaction = new Redaction();
        redaction.span(new SourceLocation("mesh.istiodsl", 3, 38, 4), "\"ab\"");
        String line = "    patch Secret \"db\" { test /data/k \"ab\" }";

        String masked = redaction.line("mesh.istiodsl", 3, line);

        assertThat(masked).isEqualTo("    patch Secret \"db\" { test /data/k **** }").hasSameSizeAs(line);
        assertThat(redaction.line("mesh.istiodsl", 4, line)).isEqualTo(line);
        assertThat(redaction.line("other.istiodsl", 3, line)).isEqualTo(line);
    }

    @Test
    void aShortValueWrittenOnTheDiagnosticsLineIsMaskedInItsMessage() {
        Redaction redaction = new Redaction();
        redaction.span(new SourceLocation("mesh.istiodsl", 3, 40, 4), "\"ab\"");

        Diagnostic masked = redaction.mask(Diagnostic.error("Transform.PatchFailed", LINE_3,
                "expected \"ab\" but found \"cd\"", null));

        assertThat(masked.message()).isEqualTo("expected <redacted> but found \"cd\"");
    }

    @Test
    void theLineLookupOfTheContextualRenderingIsMasked() {
        Redaction redaction = new Redaction();
        redaction.value("s3cr3t-value");
        DiagnosticRenderer.LineLookup lines = redaction.lines((file, line) -> Optional.of("pin: s3cr3t-value"));

        assertThat(lines.line("mesh.istiodsl", 1)).contains("pin: ************");
    }

    @Test
    void maskingTwiceChangesNothingMore() {
        Redaction redaction = new Redaction();
        redaction.value("987654321");
        Diagnostic once = redaction.mask(Diagnostic.error("X.Y", null, "987654321", null));

        assertThat(redaction.mask(once)).isEqualTo(once);
    }

    @Test
    void aShortValueWrittenOnTheLineIsMaskedOnlyWhereItStandsAsAWord_evenWhenWrittenTwice() {
        Redaction redaction = new Redaction();
        redaction.span(new SourceLocation("mesh.istiodsl", 3, 40, 3), "\"e\"");
        redaction.span(new SourceLocation("mesh.istiodsl", 3, 60, 1), "e");

        Diagnostic masked = redaction.mask(Diagnostic.error("Kubernetes.WrongType", LINE_3,
                "environment 'test', Secret short: stringData.k is e, not \"e\"", "see the environment"));

        assertThat(masked.message())
                .isEqualTo("environment 'test', Secret short: stringData.k is <redacted>, not <redacted>");
        assertThat(masked.hint()).isEqualTo("see the environment");
    }

    @Test
    void aLongValueInsideALongerWordIsMaskedWithTheWholeWord() {
        Redaction redaction = new Redaction();
        redaction.value("istio-system");

        assertThat(redaction.mask("ValidatingWebhookConfiguration istio-validator-1-24-6-istio-system, in istio-system."))
                .isEqualTo("ValidatingWebhookConfiguration <redacted>, in <redacted>.");
    }

    @Test
    void valuesAreMaskedInOnePass_soAValueInsideTheMaskNeverGarblesIt() {
        Redaction redaction = new Redaction();
        redaction.value("redacted");
        redaction.value("dact");
        redaction.value("<redacted>");

        String once = redaction.mask("redacted and dacts");

        assertThat(once).isEqualTo("<redacted> and <redacted>");
        assertThat(redaction.mask(once)).isEqualTo(once);
    }

    @Test
    void aSourceLineMasksTheWholeWordAroundALongValue_keepingEveryColumn() {
        Redaction redaction = new Redaction();
        redaction.value("hunter2");
        String line = "    value: xhunter2y, other";

        assertThat(redaction.line("mesh.istiodsl", 3, line)).isEqualTo("    value: *********, other");
    }
}
