package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    private static JsonNode yaml(String text) throws Exception {
        return Yaml.readDocuments(text).get(0);
    }

    @Test
    void theValuesOfASecretAreItsDataAndStringDataAndWhatTheBase64StandsFor() throws Exception {
        JsonNode secret = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: app}\n"
                + "data: {token: aHVudGVyMg==}\nstringData: {pin: 1234}\n");

        assertThat(Secrets.values(secret)).containsExactly("aHVudGVyMg==", "hunter2", "1234");
    }

    @Test
    void aKindCalledSecretInAnotherGroupIsNoSecret() throws Exception {
        assertThat(Secrets.isSecret(yaml("apiVersion: example.com/v1\nkind: Secret\nstringData: {pin: 1}\n")))
                .isFalse();
    }

    @Test
    void whatAPatchWritesIsSecretBelowDataAndStringDataOnly() throws Exception {
        assertThat(Secrets.valuesAt("", yaml("metadata: {name: visible}\nstringData: {pin: hidden}\n")))
                .containsExactly("hidden");
        assertThat(Secrets.valuesAt("/stringData/pin", yaml("\"hidden\"\n"))).containsExactly("hidden");
        assertThat(Secrets.valuesAt("/metadata/labels", yaml("{team: visible}\n"))).isEmpty();
    }

    @Test
    void base64IsReadAsTheApiServerReadsItPaddedAndWithLineBreaksIgnored() {
        assertThat(Secrets.base64("YWI=")).isPresent();
        assertThat(Secrets.base64("YWJjZGVm\nZ2hp")).isPresent();
        assertThat(Secrets.base64("")).isPresent();
        assertThat(Secrets.base64("YWI")).as("no padding").isEmpty();
        assertThat(Secrets.base64("not base64!")).isEmpty();
        assertThat(Secrets.base64("YW I=")).isEmpty();
    }

    @Test
    void aDocumentIsSopsEncryptedWhenItsStanzaHasAnEncryptedMac() throws Exception {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: app}\n"
                + "stringData: {pin: 'ENC[AES256_GCM,data:zR0a,iv:SXY=,tag:VGFn,type:str]', user: app}\n";

        JsonNode encrypted = yaml(secret + "sops: {mac: 'ENC[AES256_GCM,data:bWFj,iv:SXY=,tag:VGFn,type:str]'}\n");
        assertThat(Sops.isEncrypted(encrypted)).isTrue();
        assertThat(Sops.plainValues(encrypted)).containsExactly("stringData.user");

        JsonNode noMac = yaml(secret + "sops: {version: 3.9.0}\n");
        assertThat(Sops.isEncrypted(noMac)).isFalse();
        assertThat(Sops.plainValues(noMac)).containsExactly("stringData.pin", "stringData.user");
    }

    @Test
    void anEncryptedIdentityIsNamed() throws Exception {
        assertThat(Sops.encryptedIdentity(yaml("apiVersion: v1\nkind: Secret\nmetadata:\n"
                + "  name: 'ENC[AES256_GCM,data:ZGI=,iv:SXY=,tag:VGFn,type:str]'\n  namespace: app\n")))
                .containsExactly("metadata.name");
    }
}
