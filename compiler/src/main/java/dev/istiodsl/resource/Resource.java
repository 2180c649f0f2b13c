package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One Kubernetes object: its identity, its whole body (apiVersion, kind, metadata, ...), and where it came from, for
 * messages that name both sides of a collision ("istioctl 1.22.8 for revision 1-22-8").
 *
 * <p>The body is shared; a stage that changes a resource makes a new one from {@code body().deepCopy()}.
 *
 * @param verbatim the exact text to emit instead of the body's canonical YAML: a SOPS-encrypted document, which
 *                 decrypts only as SOPS wrote it ({@link Sops}). A changed body never keeps it.
 */
public record Resource(ResourceId id, ObjectNode body, String origin, Optional<String> verbatim) {

    public Resource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(verbatim, "verbatim");
    }

    /** A resource emitted as canonical YAML. */
    public Resource(ResourceId id, ObjectNode body, String origin) {
        this(id, body, origin, Optional.empty());
    }

    public String apiVersion() {
        return body.path("apiVersion").asText();
    }

    public String kind() {
        return id.kind();
    }

    public String name() {
        return id.name();
    }

    public String namespace() {
        return id.namespace();
    }

    /** A label, or "" when it is not set. */
    public String label(String key) {
        return body.path("metadata").path("labels").path(key).asText("");
    }

    public Resource withBody(ObjectNode newBody) {
        return new Resource(ResourceId.of(newBody, id.namespace()), newBody, origin);
    }
}
