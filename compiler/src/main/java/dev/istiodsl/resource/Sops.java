package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Documents encrypted with SOPS, which Flux decrypts when it applies them: a top-level {@code sops} stanza holding the
 * keys and a {@code mac}, and {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} in place of encrypted values.
 *
 * <p>The MAC covers every value in document order, and each value's encryption is bound to its path, so a document
 * re-ordered, re-quoted or changed in any way no longer decrypts. An encrypted document is therefore emitted as the
 * exact text of its file and never patched.
 */
public final class Sops {

    /** The top-level key of the stanza. */
    public static final String STANZA = "sops";

    private static final Pattern ENCRYPTED = Pattern.compile(
            "ENC\\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+]");

    private Sops() {
    }

    /** Whether a document is SOPS-encrypted: it has a stanza with an encrypted {@code mac}. */
    public static boolean isEncrypted(JsonNode document) {
        return document.path(STANZA).isObject() && isEncryptedValue(document.path(STANZA).path("mac"));
    }

    /** Whether a value is one SOPS encrypted: {@code ENC[AES256_GCM,...]}. */
    public static boolean isEncryptedValue(JsonNode value) {
        return value.isTextual() && ENCRYPTED.matcher(value.asText()).matches();
    }

    /**
     * The values of a Secret's {@code data} and {@code stringData} that anyone who reads the document reads, as
     * {@code stringData.pin}: every one when the document is not SOPS-encrypted, those SOPS left in plain text (an
     * {@code encrypted_regex} that misses them) when it is.
     */
    public static List<String> plainValues(JsonNode secret) {
        boolean encrypted = isEncrypted(secret);
        List<String> plain = new ArrayList<>();
        for (String field : Secrets.FIELDS) {
            for (Map.Entry<String, JsonNode> entry : secret.path(field).properties()) {
                if (!encrypted || !isEncryptedValue(entry.getValue())) {
                    plain.add(field + "." + entry.getKey());
                }
            }
        }
        return plain;
    }

    /**
     * The identity fields (apiVersion, kind, metadata.name, metadata.namespace) SOPS encrypted: with them encrypted,
     * nothing can tell what the document is, or where it lands.
     */
    public static List<String> encryptedIdentity(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (String pointer : List.of("/apiVersion", "/kind", "/metadata/name", "/metadata/namespace")) {
            if (isEncryptedValue(document.at(pointer))) {
                out.add(pointer.substring(1).replace('/', '.'));
            }
        }
        return out;
    }

    /** The document as the cluster receives it from Flux, for validation: without the stanza. */
    public static Resource withoutStanza(Resource resource) {
        if (!resource.body().has(STANZA)) {
            return resource;
        }
        ObjectNode body = resource.body().deepCopy();
        body.remove(STANZA);
        return new Resource(resource.id(), body, resource.origin());
    }
}
