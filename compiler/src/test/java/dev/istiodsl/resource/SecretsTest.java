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
}
