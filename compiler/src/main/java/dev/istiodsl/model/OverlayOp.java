package dev.istiodsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.SourceLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One edit an overlay makes, in declared order. */
public sealed interface OverlayOp {

    SourceLocation at();

    /**
     * An RFC 6902 JSON Patch.
     *
     * @param operations  the patch document, one object per operation
     * @param operationAt where each operation was written (the file reference, for patches read from a file)
     */
    record JsonPatch(Selector selector, ArrayNode operations, List<SourceLocation> operationAt,
            Optional<Path> file, SourceLocation at) implements OverlayOp {
        public JsonPatch {
            operationAt = List.copyOf(operationAt);
        }
    }

    /** An RFC 7386 JSON merge patch. */
    record MergePatch(Selector selector, JsonNode patch, Optional<Path> file, SourceLocation at) implements OverlayOp {
    }

    /** Removes every matching resource. */
    record Drop(Selector selector, SourceLocation at) implements OverlayOp {
    }

    /**
     * Adds a resource to the environment's shared part.
     *
     * @param verbatim the exact text of its file, to emit instead of canonical YAML: a SOPS-encrypted document
     */
    record AddResource(ObjectNode resource, Optional<Path> file, Optional<String> verbatim, SourceLocation at)
            implements OverlayOp {
    }

    /** An istioctl --set applied to every revision of the environments that use the overlay. */
    record Set(SetOverride override) implements OverlayOp {
        @Override
        public SourceLocation at() {
            return override.at();
        }
    }
}
