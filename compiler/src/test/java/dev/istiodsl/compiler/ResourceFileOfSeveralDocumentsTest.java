package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resource from "file.yaml"} of a file of several documents adds every document as a resource, each located
 * at the line its document starts on in the file (the golden cases {@code validate/resource-file-of-several-documents}
 * and {@code bind/resource-file-document-without-kind} pin the places).
 */
class ResourceFileOfSeveralDocumentsTest {

    @TempDir
    Path dir;

    private static final String PAYMENTS = """
            # The payments team's namespace and its policies, kept in one file.
            apiVersion: v1
            kind: Namespace
            metadata:
              name: payments
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny
              namespace: payments
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: payments-settings
              namespace: payments
            data:
              mode: strict
            """;

    @Test
    void everyDocumentOfTheFileIsAResourceOfTheTree() throws IOException {
        OverlayProject project = new OverlayProject(dir);
        project.write("overlay db { resource from \"payments.yaml\" }");
        Files.writeString(dir.resolve("payments.yaml"), PAYMENTS);

        CompileResult result = new Compiler().compile(project.request());

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(TreeGolden.files(dir.resolve("deploy/istio")).keySet())
                .contains("test/base/namespace/payments.yaml")
                .contains("test/base/networkpolicy.networking.k8s.io/payments_default-deny.yaml")
                .contains("test/base/configmap/payments_payments-settings.yaml");
    }

    @Test
    void aSopsEncryptedDocumentMustHaveItsFileToItself() throws IOException {
        OverlayProject project = new OverlayProject(dir);
        project.write("overlay db { resource from \"payments.yaml\" }");
        Files.writeString(dir.resolve("payments.yaml"), PAYMENTS + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  namespace: payments
                stringData:
                  password: ENC[AES256_GCM,data:3K1tQm9sZXM8cXdl,iv:8Qx0n3mXh0y1bq6bq2pWqk8y3nq1T0s1m7y9QzvJ0Zs=,tag:9b2N7xq0X1YyZk3q8w9Qxw==,type:str]
                sops:
                  mac: ENC[AES256_GCM,data:q5o0Zl2mYWJjZGVmZ2hpamtsbW5vcA==,iv:c2l4dGVlbmJ5dGVzaXYxMjM0NTY3ODkwYWJjZA==,tag:dGFndGFndGFndGFndGFnMQ==,type:str]
                  encrypted_regex: ^(data|stringData)$
                  version: 3.9.0
                """);

        CompileResult result = new Compiler().compile(project.request());

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Bind.InvalidResource payments.yaml:24:1: a SOPS-encrypted resource must be the"
                        + " only document of its file, whose exact bytes are committed (hint: move it to a file of its"
                        + " own, encrypted by sops, and add that with `resource from`)");
    }
}
