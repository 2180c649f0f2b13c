package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.resource.Sops;

import java.util.ArrayList;
import java.util.List;

/**
 * A Secret is committed with values anyone who reads the repository can read.
 *
 * <p>The tree is committed, reviewed in pull requests and cloned by every CI job, so a value in it is as secret as the
 * repository is private, for ever (git keeps it after it is removed). The diff redacts Secret values, which is no
 * protection for the file itself. A Secret passes when it is SOPS-encrypted, as Flux decrypts it: a {@code sops} stanza
 * with its {@code mac}, and every value of {@code data} and {@code stringData} {@code ENC[...]}. One with some values
 * left in plain text (an {@code encrypted_regex} that misses a key) fails, naming those keys; no finding names a value.
 */
public final class SecretPlaintext implements Rule {

    @Override
    public String id() {
        return "Secret.Plaintext";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A Secret would be committed with values that are not SOPS-encrypted. Anyone who can read the"
                + " repository, or a clone of it, can read them, even after they are removed.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed placed : context.secrets()) {
            JsonNode body = placed.resource().body();
            List<String> plain = Sops.plainValues(body);
            if (plain.isEmpty()) {
                continue;
            }
            String keys = String.join(", ", plain);
            boolean encrypted = Sops.isEncrypted(body);
            boolean looksEncrypted = !encrypted && (body.has(Sops.STANZA) || hasEncryptedValue(body));
            String message = encrypted
                    ? "the Secret is SOPS-encrypted, but " + keys + (plain.size() == 1 ? " is" : " are")
                            + " left in plain text"
                    : looksEncrypted
                    ? "the Secret has SOPS values but no sops stanza with its mac, so nothing can decrypt it, and "
                            + keys + " would be committed as they stand"
                    : "the Secret would be committed in plain text (" + keys + "): anyone who can read the"
                            + " repository can read " + (plain.size() == 1 ? "it" : "them");
            String hint = encrypted
                    ? "encrypt every value of data and stringData: `sops --encrypt --encrypted-regex"
                            + " '^(data|stringData)$'`"
                    : "encrypt the file with SOPS (`sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place"
                            + " FILE`) and add it with `resource from \"FILE\"`, which is committed byte for byte"
                            + " and decrypted by Flux; or, for a value that may be public, suppress " + id()
                            + " with the reason";
            findings.add(RuleFinding.about(this, defaultSeverity(), context, placed, "", message, hint));
        }
        return findings;
    }

    private static boolean hasEncryptedValue(JsonNode body) {
        for (String field : Secrets.FIELDS) {
            for (JsonNode value : body.path(field)) {
                if (Sops.isEncryptedValue(value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
