package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.json.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets added by overlays: a plain one is {@code Secret.Plaintext} at its {@code resource} line, a SOPS-encrypted one
 * is committed exactly as sops wrote it (its MAC covers every value in document order, so any re-ordering, re-quoting
 * or patch would make it undecryptable), and Flux is told to decrypt the part that holds it.
 */
class SopsSecretsTest {

    /** As {@code sops --encrypt --age ... --encrypted-regex '^(data|stringData)$'} writes it: its order, its indent. */
    static final String ENCRYPTED = """
            # db credentials, encrypted for the cluster's age key
            apiVersion: v1
            kind: Secret
            type: Opaque
            metadata:
                name: db
                namespace: istio-system
            stringData:
                password: ENC[AES256_GCM,data:3K1tQm9sZXM8cXdl,iv:8Qx0n3mXh0y1bq6bq2pWqk8y3nq1T0s1m7y9QzvJ0Zs=,tag:9b2N7xq0X1YyZk3q8w9Qxw==,type:str]
                user: ENC[AES256_GCM,data:zR0a,iv:J0d2nY0c2b1q9l1v3m5p7r9t1v3x5z7b9d1f3h5j7l0=,tag:Zm9vYmFyYmF6cXV4MTIzNA==,type:str]
            sops:
                kms: []
                gcp_kms: []
                azure_kv: []
                hc_vault: []
                age:
                    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmNkZWZnaGlqa2xtbm9w
                        -----END AGE ENCRYPTED FILE-----
                lastmodified: "2026-08-14T09:12:44Z"
                mac: ENC[AES256_GCM,data:q5o0Zl2mYWJjZGVmZ2hpamtsbW5vcA==,iv:c2l4dGVlbmJ5dGVzaXYxMjM0NTY3ODkwYWJjZA==,tag:dGFndGFndGFndGFndGFnMQ==,type:str]
                pgp: []
                encrypted_regex: ^(data|stringData)$
                version: 3.9.0
            """;

    private static final String SECRET_FILE = "deploy/istio/test/base/secret/istio-system_db.yaml";

    @TempDir
    Path project;

    @Test
    void anEncryptedSecretIsCommittedByteForByte() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED);

        CompileResult result = compile("overlay db { resource from \"db.sops.yaml\" }");

        assertThat(result.diagnostics()).filteredOn(d -> d.severity() != Severity.WARNING).isEmpty();
        assertThat(Files.readAllBytes(project.resolve(SECRET_FILE)))
                .isEqualTo(ENCRYPTED.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFluxKustomizationOfThePartThatHoldsItDecryptsItWithSops() throws Exception {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED);

        compile("overlay db { resource from \"db.sops.yaml\" }");

        var base = Yaml.readDocuments(Files.readString(project.resolve("deploy/istio/test/flux/test-base.yaml")))
                .get(0);
        assertThat(base.at("/spec/decryption").toString())
                .isEqualTo("{\"provider\":\"sops\",\"secretRef\":{\"name\":\"sops-age\"}}");
        var revision = Yaml.readDocuments(Files.readString(
                project.resolve("deploy/istio/test/flux/test-revision-r1.yaml"))).get(0);
        assertThat(revision.at("/spec").has("decryption")).isFalse();
    }

    @Test
    void aPlainSecretIsAnErrorAtItsResourceLineAndNothingIsWritten() throws IOException {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData: {user: app, password: plain-hunter2}
                """);

        CompileResult result = compile("overlay db { resource from \"db.yaml\" }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Secret.Plaintext mesh.istiodsl:3:16: environment 'test', Secret"
                        + " istio-system/db (base): the Secret would be committed in plain text (stringData.user,"
                        + " stringData.password): anyone who can read the repository can read them (hint: encrypt the"
                        + " file with SOPS (`sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE`)"
                        + " and add it with `resource from \"FILE\"`, which is committed byte for byte and decrypted"
                        + " by Flux; or, for a value that may be public, suppress Secret.Plaintext with the reason)");
        assertThat(project.resolve("deploy/istio")).doesNotExist();
    }

    @Test
    void aPlainSecretSuppressedWithAReasonIsCommitted() throws IOException {
        Files.writeString(project.resolve("db.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: istio-system}
                stringData: {user: demo-user}
                """);

        CompileResult result = compile("overlay db { resource from \"db.yaml\" }",
                "suppress Secret.Plaintext Secret \"db\" \"the demo cluster's throwaway login\"");

        assertThat(result.diagnostics()).filteredOn(d -> d.id().equals("Secret.Plaintext")).singleElement()
                .satisfies(d -> assertThat(d.suppression()).isEqualTo("the demo cluster's throwaway login"));
        assertThat(project.resolve(SECRET_FILE)).content().contains("user: demo-user");
    }

    @Test
    void aSecretWithOneValueLeftInPlainTextIsPlaintextAndNamesOnlyThatKey() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED.replaceFirst(
                "user: ENC\\[[^\\n]*", "user: app-user"));

        CompileResult result = compile("overlay db { resource from \"db.sops.yaml\" }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Secret.Plaintext");
            assertThat(d.message()).endsWith("the Secret is SOPS-encrypted, but stringData.user is left in plain"
                    + " text");
        });
    }

    @Test
    void encryptedValuesWithoutTheStanzasMacCannotBeDecryptedAndArePlaintext() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED.replaceFirst("    mac: ENC[^\\n]*\\n", ""));

        CompileResult result = compile("overlay db { resource from \"db.sops.yaml\" }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Secret.Plaintext");
            assertThat(d.message()).contains("the Secret has SOPS values but no sops stanza with its mac");
        });
    }

    @Test
    void patchingOrMergingIntoAnEncryptedSecretIsAnErrorAndItStaysAsItWas() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED);

        CompileResult result = validate("""
                overlay db {
                    resource from "db.sops.yaml"
                    patch Secret "db" { add /metadata/labels { team: payments } }
                    merge Secret "db" { stringData: { extra: "x" } }
                  }""");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Transform.PatchesEncryptedResource mesh.istiodsl:5:5: overlay 'db' patches"
                        + " Secret istio-system/db in environment 'test', which is SOPS-encrypted: its MAC covers"
                        + " every value in order, so any change would make it undecryptable (hint: change the file"
                        + " with `sops edit FILE`, or narrow the selector so it leaves the encrypted resource alone)",
                        "ERROR Transform.PatchesEncryptedResource mesh.istiodsl:6:5: overlay 'db' merges into"
                        + " Secret istio-system/db in environment 'test', which is SOPS-encrypted: its MAC covers"
                        + " every value in order, so any change would make it undecryptable (hint: change the file"
                        + " with `sops edit FILE`, or narrow the selector so it leaves the encrypted resource alone)");
    }

    @Test
    void anEncryptedSecretInAHelmfileTreeIsAnErrorSinceHelmWouldApplyItEncrypted() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED);

        CompileResult result = compile("overlay db { resource from \"db.sops.yaml\" }", "output helmfile");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Transform.EncryptedInHelmfile mesh.istiodsl:3:16: environment 'test' is"
                        + " applied by Helmfile, which does not decrypt SOPS: Secret istio-system/db would reach the"
                        + " cluster encrypted (hint: use `output flux` for this environment, which decrypts it, or"
                        + " create the Secret outside the tree)");
    }

    @Test
    void droppingAnEncryptedSecretIsFine() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED);

        CompileResult result = compile("overlay db {\n    resource from \"db.sops.yaml\"\n    drop Secret \"db\"\n  }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(project.resolve(SECRET_FILE)).doesNotExist();
    }

    @Test
    void anEncryptedSecretWrittenInTheDslIsRefusedSinceItsBytesWouldBeLost() throws IOException {
        CompileResult result = validate("overlay db { resource { apiVersion: v1, kind: Secret, metadata: { name: db,"
                + " namespace: istio-system }, stringData: { user: \"ENC[AES256_GCM,data:zR0a,iv:SXY=,tag:VGFn,"
                + "type:str]\" }, sops: { mac: \"ENC[AES256_GCM,data:bWFj,iv:SXY=,tag:VGFn,type:str]\" } } }");

        assertThat(result.diagnostics()).extracting(Diagnostic::id).containsExactly("Bind.InvalidResource");
        assertThat(result.diagnostics().get(0).message())
                .isEqualTo("a SOPS-encrypted resource must come from the file sops wrote");
    }

    @Test
    void anEncryptedSecretWithoutANamespaceIsAnErrorAtItsLineLikeAnyOther() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED.replace("    namespace: istio-system\n", ""));

        CompileResult result = validate("overlay db { resource from \"db.sops.yaml\" }");

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Resource.MissingNamespace");
            assertThat(d.location()).hasToString("mesh.istiodsl:3:16");
        });
    }

    @Test
    void anEncryptedIdentityIsRefusedSinceNothingCouldTellWhatTheResourceIs() throws IOException {
        Files.writeString(project.resolve("db.sops.yaml"), ENCRYPTED.replace("    name: db\n",
                "    name: ENC[AES256_GCM,data:ZGI=,iv:SXY=,tag:VGFn,type:str]\n"));

        CompileResult result = validate("overlay db { resource from \"db.sops.yaml\" }");

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly("ERROR"
                + " Bind.InvalidResource mesh.istiodsl:3:16: SOPS encrypted metadata.name, so nothing can tell what"
                + " this resource is or where it lands (hint: encrypt only the values: `sops --encrypt"
                + " --encrypted-regex '^(data|stringData)$'`)");
    }

    private CompileResult compile(String overlay, String... environmentLines) throws IOException {
        OverlayProject overlays = new OverlayProject(project);
        overlays.write(overlay, environmentLines);
        return new Compiler().compile(overlays.request());
    }

    private CompileResult validate(String overlay) throws IOException {
        OverlayProject overlays = new OverlayProject(project);
        overlays.write(overlay);
        return new Compiler().validate(overlays.request());
    }
}
