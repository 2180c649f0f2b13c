package dev.istiodsl.validate;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv6 addresses in flow lists are strings, as the API server (go-yaml) reads them: a valid ServiceEntry, added from a
 * file or written in the DSL, gives no finding against the real 1.29.2 CRDs.
 */
class Ipv6AddressesAreStringsTest {

    @TempDir
    Path project;

    @Test
    void aServiceEntryFileWithIpv6AddressesInFlowLists_isValid() throws Exception {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db, namespace: payments}
                spec:
                  hosts: [db.example.com]
                  addresses: [2001:db8::, 001:db8::1]
                  ports: [{number: 5432, name: tcp, protocol: TCP}]
                  location: MESH_EXTERNAL
                  resolution: STATIC
                  endpoints: [{address: 2001:db8::2}, {address: fd00::}]
                """);

        assertThat(errors("resource from \"db.yaml\"")).isEmpty();
    }

    @Test
    void aServiceEntryWrittenInTheDsl_takesIpv6AddressesAsQuotedStrings() throws Exception {
        assertThat(errors("""
                resource {
                      apiVersion: networking.istio.io/v1
                      kind: ServiceEntry
                      metadata: { name: db, namespace: payments }
                      spec: {
                        hosts: [db.example.com]
                        addresses: ["2001:db8::", "001:db8::1"]
                        ports: [{ number: 5432, name: tcp, protocol: TCP }]
                        location: MESH_EXTERNAL
                        resolution: STATIC
                        endpoints: [{ address: "2001:db8::2" }, { address: "fd00::" }]
                      }
                    }""")).isEmpty();
    }

    private java.util.List<String> errors(String resource) throws Exception {
        String crds = Files.readString(Fixtures.resolve("istio-crds/1.29.2/crd-all.gen.yaml"), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("r1.yaml"), crds + "\n---\n" + """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: istiod-r1, namespace: istio-system, labels: {app: istiod, istio.io/rev: r1}}
                spec:
                  selector: {matchLabels: {app: istiod, istio.io/rev: r1}}
                  template:
                    metadata: {labels: {app: istiod, istio.io/rev: r1}}
                    spec:
                      containers:
                      - name: discovery
                        image: docker.io/istio/pilot:1.29.2
                        resources: {requests: {cpu: 500m, memory: 2Gi}}
                """);
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh m {
                  revision r1 { istio 1.29.2  manifest "r1.yaml" }
                  overlay external {
                    %s
                    resource { apiVersion: v1, kind: Namespace, metadata: { name: payments } }
                  }
                  environment test { kubernetes 1.32  revisions r1  namespaces { payments -> r1 }  overlays external }
                }
                """.formatted(resource));
        CompileResult result = new Compiler().validate(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy"), project.resolve("cache"), IstioctlOptions.defaults(),
                ValidateOptions.defaults().withToday(LocalDate.of(2026, 9, 1))));
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }
}
