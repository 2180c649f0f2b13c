package com.example.platform.rules;

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

/** The team rule, loaded the way the plugin loads it: through META-INF/services on the classpath. */
class GatewayReplicasTest {

    @TempDir
    Path project;

    private CompileResult validate(String gatewaySettings) throws IOException {
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh shop {
                  revision 1-29-2 { istio 1.29.2 }
                  gateway public { namespace istio-ingress %s }
                  environment test { revisions 1-29-2  kubernetes 1.32 }
                  environment prod after test soak 7d { revisions 1-29-2  kubernetes 1.32 }
                }
                """.formatted(gatewaySettings));
        return new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy"),
                project.resolve("cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withExpand(false).withToday(LocalDate.of(2026, 9, 1))));
    }

    @Test
    void aProductionGatewayOfOneReplicaIsAnErrorAtTheGateway() throws IOException {
        CompileResult result = validate("replicas 1");
        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Acme.GatewayReplicas"))
                .extracting(Diagnostic::toString).containsExactly("ERROR Acme.GatewayReplicas mesh.istiodsl:3:11: "
                        + "gateway 'public' runs in production environment 'prod' with 1 replica (hint: set "
                        + "`replicas 2` or more in the gateway)");
    }

    @Test
    void aProductionGatewayWithoutStatedReplicasIsAnErrorToo() throws IOException {
        assertThat(validate("").diagnostics()).extracting(Diagnostic::id).contains("Acme.GatewayReplicas");
    }

    @Test
    void twoReplicasPass() throws IOException {
        assertThat(validate("replicas 2").diagnostics()).extracting(Diagnostic::id)
                .doesNotContain("Acme.GatewayReplicas");
    }
}
