package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What in a Kubernetes object is secret: the values under a core {@code Secret}'s {@code data} and {@code stringData}.
 * The one place that knows it. Validation, transform and diff ask here before they quote a value, and every value
 * found here is registered with the run's {@link dev.istiodsl.diag.Redaction}, which masks it in every output.
 */
public final class Secrets {

    /** The kind, as selectors and bodies write it. */
    public static final String KIND = "Secret";
    /** The fields whose values are secret: base64 in {@code data}, plain text in {@code stringData}. */
    public static final List<String> FIELDS = List.of("data", "stringData");

    private Secrets() {
    }

    /** Whether a body is a core Secret ({@code apiVersion: v1}, {@code kind: Secret}). */
    public static boolean isSecret(JsonNode body) {
        return KIND.equals(body.path("kind").asText()) && ResourceId.groupOf(body.path("apiVersion").asText(""))
                .isEmpty();
    }

    /** Whether a JSON pointer into a Secret names secret values: {@code /data}, {@code /stringData}, or below them. */
    public static boolean isSecretPath(String pointer) {
        for (String field : FIELDS) {
            if (pointer.equals("/" + field) || pointer.startsWith("/" + field + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a JSON pointer into a Secret reaches secret values: it names them, or an object that holds them (the
     * whole document, {@code ""}).
     */
    public static boolean reachesSecretValues(String pointer) {
        return pointer.isEmpty() || isSecretPath(pointer);
    }

    /**
     * Every value of a Secret's {@code data} and {@code stringData} as text, and the text {@code data}'s base64 stands
     * for when it is UTF-8; nothing for other objects. Null and booleans are left out: null is no value, and "true"
     * cannot be told from ordinary text.
     */
    public static List<String> values(JsonNode body) {
        return isSecret(body) ? valuesAt("", body) : List.of();
    }

    /**
     * The secret values of what a patch writes at {@code pointer} of a Secret: everything below a secret path, and
     * above one only what leads there.
     */
    public static List<String> valuesAt(String pointer, JsonNode value) {
        List<String> out = new ArrayList<>();
        walk(pointer, value, out);
        return out;
    }

    private static void walk(String pointer, JsonNode value, List<String> out) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                walk(pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), field.getValue(), out);
            }
        } else if (value.isArray() && isSecretPath(pointer)) {
            for (int i = 0; i < value.size(); i++) {
                walk(pointer + "/" + i, value.get(i), out);
            }
        } else if (isSecretPath(pointer) && !value.isNull() && !value.isBoolean() && !value.isMissingNode()
                && !value.isContainerNode()) {
            out.add(value.asText());
            if (pointer.startsWith("/data/") && value.isTextual()) {
                decoded(value.asText()).ifPresent(out::add);
            }
        }
    }

    /**
     * The bytes a {@code data} value stands for, as the API server reads it: standard base64 with its padding; line
     * breaks are ignored as Go's decoder ignores them. Empty when it is not base64.
     */
    public static Optional<byte[]> base64(String value) {
        String compact = value.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 != 0) {
            return Optional.empty(); // Java's decoder accepts missing padding; the API server does not
        }
        try {
            return Optional.of(Base64.getDecoder().decode(compact));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> decoded(String value) {
        return base64(value).flatMap(bytes -> {
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        });
    }
}
