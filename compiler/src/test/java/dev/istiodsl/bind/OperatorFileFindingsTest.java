package dev.istiodsl.bind;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** A finding in an IstioOperator file is shown as one in the mesh file is: the file's own line, a caret under it. */
class OperatorFileFindingsTest {

    @TempDir
    Path project;

    @Test
    void aWrongTypeInTheOperatorFileIsQuotedFromThatFileWithACaretUnderTheValue() throws IOException {
        write("""
                mesh m {
                  revision 1-24-6 { istio 1.24.6  operator "istio/operator.yaml" }
                  environment e { revisions 1-24-6 }
                }
                """, """
                apiVersion: install.istio.io/v1alpha1
                kind: IstioOperator
                spec:
                  components:
                    pilot:
                      k8s:
                        hpaSpec:
                          minReplicas: "1"
                """);
        CompileResult result = new Compiler().bind(new CompileRequest(project, Path.of("mesh.istiodsl")));

        Diagnostic wrong = result.diagnostics().stream().filter(d -> d.id().equals("Bind.OperatorWrongType"))
                .findFirst().orElseThrow();
        assertThat(result.render(wrong)).isEqualTo("""
                error[Bind.OperatorWrongType]: IstioOperator: /spec/components/pilot/k8s/hpaSpec/minReplicas must be \
                an integer (int32), not the string "1"
                 --> istio/operator.yaml:8:24
                  |
                8 |           minReplicas: "1"
                  |                        ^^^
                 = hint: write the number without quotes: 1
                """);
    }

    @Test
    void aRuleFindingAboutTheOperatorFileIsQuotedFromThatFile() throws IOException {
        write("""
                mesh m {
                  revision 1-24-6 { istio 1.24.6  operator "istio/operator.yaml" }
                  environment e { revisions 1-24-6 }
                }
                """, """
                apiVersion: install.istio.io/v1alpha1
                kind: IstioOperator
                spec:
                  values:
                    istio_cni:
                      enabled: true
                """);
        CompileResult result = new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy"), project.resolve("cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1)).withExpand(false)));

        Diagnostic removed = result.diagnostics().stream()
                .filter(d -> d.id().equals("Upgrade.RemovedOperatorField")).findFirst().orElseThrow();
        assertThat(removed.location()).hasToString("istio/operator.yaml:5:5");
        assertThat(result.render(removed)).contains("5 |     istio_cni:\n  |     ^^^^^^^^^\n");
    }

    private void write(String mesh, String operator) throws IOException {
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        Files.createDirectories(project.resolve("istio"));
        Files.writeString(project.resolve("istio/operator.yaml"), operator);
    }
}
