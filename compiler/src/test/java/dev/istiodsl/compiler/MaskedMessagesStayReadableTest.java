package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking Secret values keeps the messages around them readable: a short value is masked only where it stands as a
 * word on the line that writes it, never inside other words or inside a mask; null is no value to hunt for; a long
 * value is masked with the word it is part of, and nothing else.
 */
class MaskedMessagesStayReadableTest {

    @TempDir
    Path project;

    @Test
    void shortValuesOnTheirLineAreMaskedOnlyWhereTheyStandAsWords() throws IOException {
        CompileResult result = validate("""
                  overlay db {
                    resource { apiVersion: v1, kind: Secret, metadata: { name: short, namespace: istio-system }, stringData: { k: "e", n: 1 } }
                  }
                """);

        assertThat(onLine4(result)).extracting(Diagnostic::toString).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain("<r<").doesNotContain("dact<")
                .contains("environment 'test', Secret istio-system/short (base)"));
        assertThat(onLine4(result)).filteredOn(d -> d.id().equals("Secret.Plaintext")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("(stringData.k, stringData.n)"));
    }

    @Test
    void aNullValueIsNoValue_andTheWordsThatHoldNullStayWhole() throws IOException {
        CompileResult result = validate("""
                  overlay db {
                    resource { apiVersion: v1, kind: Secret, metadata: { name: nulls, namespace: istio-system }, data: { k: null }, stringData: { a: "0123456789" } }
                  }
                """);

        assertThat(onLine4(result)).extracting(Diagnostic::toString).isNotEmpty()
                .noneSatisfy(text -> assertThat(text).contains("<redacted>data"))
                .anySatisfy(text -> assertThat(text).contains("stringData.a"));
        assertThat(result.diagnostics()).extracting(Diagnostic::toString)
                .allSatisfy(text -> assertThat(text).doesNotContain("0123456789"));
    }

    @Test
    void aLongValueIsMaskedWithTheWordItIsPartOf_andOtherWordsStayWhole() throws IOException {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData: {ns: istio-system}
                """);
        CompileResult result = validate("""
                  overlay db { resource from "db.yaml" }
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).isNotEmpty()
                .allSatisfy(text -> assertThat(text).doesNotContain("istio-system").doesNotContain("<redacted>-")
                        .doesNotContain("-<redacted>"))
                .anySatisfy(text -> assertThat(text).contains("Secret <redacted>/db (base)"));
    }

    private static List<Diagnostic> onLine4(CompileResult result) {
        return result.diagnostics().stream().filter(d -> d.location() != null && d.location().line() == 4).toList();
    }

    private CompileResult validate(String overlay) throws IOException {
        new OverlayProject(project).write(overlay);
        return new Compiler().validate(new OverlayProject(project).request());
    }
}
