package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.resource.Sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value of a Secret's {@code data} is not base64.
 *
 * <p>{@code data} holds bytes, written as standard base64 with its padding; the API server refuses anything else
 * ("illegal base64 data"), so Flux fails to apply the whole part. A plain value belongs under {@code stringData}.
 * Values SOPS encrypted are decrypted to base64 by Flux and are not judged. The finding names the key, never the
 * value.
 */
public final class SecretDataNotBase64 implements Rule {

    @Override
    public String id() {
        return "Secret.DataNotBase64";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A value of a Secret's data is not base64. The API server refuses the Secret, and with it the part"
                + " that holds it fails to apply.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed placed : context.secrets()) {
            JsonNode body = placed.resource().body();
            boolean encrypted = Sops.isEncrypted(body);
            for (Map.Entry<String, JsonNode> entry : body.path("data").properties()) {
                JsonNode value = entry.getValue();
                if (encrypted && Sops.isEncryptedValue(value)
                        || value.isTextual() && Secrets.base64(value.asText()).isPresent()) {
                    continue;
                }
                findings.add(RuleFinding.about(this, defaultSeverity(), context, placed, "/data/"
                        + entry.getKey().replace("~", "~0").replace("/", "~1"), "the value of data key '"
                        + entry.getKey() + "' is " + (value.isTextual() ? "not base64" : "not a base64 string")
                        + ", so the API server refuses the Secret", "write its base64 (`printf %s VALUE | base64"
                        + " -w0`), or move the plain value to stringData"));
            }
        }
        return findings;
    }
}
