package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the mesh declares but the expansion does not render must not vanish silently: istioctl before 1.10 has no
 * {@code revisionTags}, a {@code manifest} file may predate a tag, and an overlay may drop a gateway's Deployment.
 * Each case replays a real fixture that lacks the declared object.
 */
class DeclaredButNotRenderedTest {

    @TempDir
    Path temp;

    @Test
    void aTagWithoutARenderedWebhookIsReported() throws IOException {
        CompileResult result = compile("""
                mesh m {
                  revision 1-20-8 { istio 1.20.8 }
                  environment prod {
                    revisions 1-20-8
                    tag stable -> 1-20-8
                    namespaces { payments -> stable }
                  }
                }
                """, "1.20.8", "1-20-8", "istio-helm-rendered/1.20.8-rev-1-20-8/manifest.yaml");

        assertThat(result.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("stable"));
    }

    @Test
    void aGatewayWithoutARenderedDeploymentIsReported() throws IOException {
        CompileResult result = compile("""
                mesh m {
                  revision 1-8-6 { istio 1.8.6 }
                  gateway istio-ingressgateway { namespace istio-ingress }
                  environment prod { revisions 1-8-6 }
                }
                """, "1.8.6", "1-8-6", "istio-manifests/1.8.6-rev-1-8-6/manifest.yaml");

        assertThat(result.diagnostics()).extracting(Diagnostic::message)
                .anyMatch(m -> m.contains("istio-ingressgateway"));
    }

    private CompileResult compile(String mesh, String version, String revision, String fixture) throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("mesh.istiodsl"), mesh);
        Path bin = StandInIstioctl.write(temp.resolve("bin/istioctl-" + version), version, revision, fixture);
        IstioctlOptions istioctl = new IstioctlOptions(Map.of(version, bin), Optional.empty(), false, "", true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                temp.resolve("cache"), istioctl));
    }
}
