package dev.istiodsl.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.resource.Secrets;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stage {@code transform}: applies an environment's overlays, in the order they are listed, to its placed resources.
 * A selector that matches nothing and an operation that fails are errors: that is how a renamed upstream resource or
 * a moved field is caught instead of silently ignored (istioctl 1.24+ ignores both).
 */
public final class OverlayTransform {

    /** A {@code remove} or {@code replace} of a missing path fails, as RFC 6902 says. */
    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(
            CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private final Diagnostics diagnostics;

    public OverlayTransform(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * An object a {@code drop} removed, or a patch or merge renamed: named by a note at the operation, unless an
     * operation after it put an object of the same identity back (a drop followed by a {@code resource} replaces).
     */
    private record Vanished(Operation operation, ResourceId id, String shown) {
    }

    /** An overlay's operation, and whether it renamed (rather than dropped) what it names. */
    private record Operation(Overlay overlay, OverlayOp op, boolean renamed) {
    }

    public List<Placed> apply(Environment env, List<Overlay> overlays, List<Placed> resources) {
        List<Placed> current = new ArrayList<>(resources);
        List<Vanished> vanished = new ArrayList<>();
        for (Overlay overlay : overlays) {
            for (OverlayOp op : overlay.operations()) {
                current = apply(env, overlay, op, current, vanished);
            }
        }
        Set<ResourceId> kept = current.stream().map(p -> p.resource().id()).collect(Collectors.toSet());
        Map<Operation, SortedSet<String>> byOperation = new LinkedHashMap<>();
        for (Vanished v : vanished) {
            if (!kept.contains(v.id())) {
                byOperation.computeIfAbsent(v.operation(), k -> new TreeSet<>()).add(v.shown());
            }
        }
        byOperation.forEach((operation, shown) -> {
            String overlay = operation.overlay().name();
            String objects = shown.size() == 1 ? "1 object" : shown.size() + " objects";
            // The user's own words, but what vanishes is named, as every object left out of the tree is.
            if (operation.renamed()) {
                diagnostics.note("Transform.Renamed", operation.op().at(), "overlay '" + overlay + "' renames "
                        + objects + " in environment '" + env.name() + "': " + String.join(", ", shown), null);
            } else {
                diagnostics.note("Transform.Dropped", operation.op().at(), "overlay '" + overlay + "' drops "
                        + objects + " from environment '" + env.name() + "': " + String.join(", ", shown), null);
            }
        });
        return current;
    }

    private List<Placed> apply(Environment env, Overlay overlay, OverlayOp op, List<Placed> resources,
            List<Vanished> vanished) {
        if (op instanceof OverlayOp.Set) {
            return resources; // applied when the revision is expanded
        }
        if (op instanceof OverlayOp.AddResource add) {
            List<Placed> out = new ArrayList<>(resources);
            // Written as it is: a namespaced object without a namespace is reported by validate, never guessed.
            ObjectNode body = add.resource().deepCopy();
            Resource resource = new Resource(ResourceId.of(body, ""), body, "overlay '" + overlay.name() + "'",
                    add.verbatim());
            if (add.verbatim().isPresent() && env.output() == OutputFormat.HELMFILE) {
                diagnostics.error("Transform.EncryptedInHelmfile", add.at(), "environment '" + env.name() + "' is"
                        + " applied by Helmfile, which does not decrypt SOPS: " + resource.id() + " would reach the"
                        + " cluster encrypted", "use `output flux` for this environment, which decrypts it, or"
                        + " create the " + resource.kind() + " outside the tree");
            }
            out.add(new Placed(Part.BASE, resource, resource.name(), add.at()));
            return out;
        }
        dev.istiodsl.model.Selector selector = selectorOf(op);
        List<Placed> out = new ArrayList<>(resources.size());
        int matched = 0;
        for (Placed placed : resources) {
            if (!Selectors.matches(selector, placed)) {
                out.add(placed);
                continue;
            }
            matched++;
            ResourceId id = placed.resource().id();
            if (op instanceof OverlayOp.Drop) {
                vanished.add(new Vanished(new Operation(overlay, op, false), id, id + " (" + placed.part() + ")"));
                continue;
            }
            if (placed.resource().verbatim().isPresent()) {
                diagnostics.error("Transform.PatchesEncryptedResource", op.at(), "overlay '" + overlay.name() + "' "
                        + (op instanceof OverlayOp.JsonPatch ? "patches" : "merges into") + " " + id
                        + " in environment '" + env.name() + "', which is SOPS-encrypted: its MAC covers every value in"
                        + " order, so any change would make it undecryptable", "change the file with `sops edit FILE`,"
                        + " or narrow the selector so it leaves the encrypted resource alone");
                out.add(placed);
                continue;
            }
            Placed changed = op instanceof OverlayOp.JsonPatch patch ? patch(env, overlay, patch, placed)
                    : merge((OverlayOp.MergePatch) op, placed);
            if (!changed.resource().id().equals(id)) {
                vanished.add(new Vanished(new Operation(overlay, op, true), id, id + " (" + placed.part()
                        + ") is now " + changed.resource().id()));
            }
            out.add(changed);
        }
        if (matched == 0) {
            diagnostics.error("Transform.SelectorMatchesNothing", op.at(), "overlay '" + overlay.name()
                    + "' selects " + describe(selector) + ", which environment '" + env.name() + "' does not have",
                    "if an upgrade renamed the resource, update the selector; names are matched without their "
                            + "revision suffix");
        }
        return out;
    }

    private Placed patch(Environment env, Overlay overlay, OverlayOp.JsonPatch patch, Placed placed) {
        JsonNode body = placed.resource().body();
        ArrayNode operations = patch.operations();
        for (int i = 0; i < operations.size(); i++) {
            ArrayNode one = Json.NODES.arrayNode().add(operations.get(i));
            try {
                body = JsonPatch.apply(one, body, STRICT);
            } catch (JsonPatchApplicationException | IllegalArgumentException | IllegalStateException e) {
                String revision = placed.part().owningRevision().map(r -> ", revision '" + r + "'").orElse("");
                JsonNode op = operations.get(i);
                diagnostics.error("Transform.PatchFailed", patch.operationAt().get(i), "overlay '" + overlay.name()
                        + "', operation " + (i + 1) + " (" + op.path("op").asText() + " "
                        + op.path("path").asText() + ") fails on " + placed.resource().id()
                        + " in environment '" + env.name() + "'" + revision + ": " + reason(e, op, body),
                        "look at the generated resource: the path may not exist in this Istio version");
                return placed;
            }
        }
        return placed.withResource(placed.resource().withBody((ObjectNode) body), patch.at());
    }

    private static Placed merge(OverlayOp.MergePatch merge, Placed placed) {
        ObjectNode body = (ObjectNode) MergePatch.apply(placed.resource().body(), merge.patch());
        return placed.withResource(placed.resource().withBody(body), merge.at());
    }

    private static dev.istiodsl.model.Selector selectorOf(OverlayOp op) {
        if (op instanceof OverlayOp.JsonPatch p) {
            return p.selector();
        } else if (op instanceof OverlayOp.MergePatch m) {
            return m.selector();
        }
        return ((OverlayOp.Drop) op).selector();
    }

    private static String describe(dev.istiodsl.model.Selector s) {
        StringBuilder out = new StringBuilder(s.kind()).append(" \"").append(s.nameGlob()).append('"');
        s.namespace().ifPresent(ns -> out.append(" in ").append(ns));
        s.revision().ifPresent(r -> out.append(" revision ").append(r));
        s.tag().ifPresent(t -> out.append(" tag ").append(t));
        s.gateway().ifPresent(g -> out.append(" gateway ").append(g));
        return out.toString();
    }

    /** JSON Patch's reason, which quotes both values of a failed {@code test}: never those of a Secret. */
    private static String reason(RuntimeException e, JsonNode op, JsonNode body) {
        if (op.path("op").asText().equals("test") && Secrets.isSecret(body)
                && Secrets.reachesSecretValues(op.path("path").asText())) {
            return "the value there is not the one the test expects (the values of a Secret are not shown)";
        }
        boolean appends = op.path("op").asText().matches("add|move|copy");
        Optional<String> index = indexBeyondList(body, op.path("path").asText(), appends)
                .or(() -> indexBeyondList(body, op.path("from").asText(), false));
        if (index.isPresent()) {
            return index.get();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    /**
     * The first reference token of {@code pointer} that names no item of the list it reaches: zjsonpatch says "Array
     * index 5 is out of bounds", "Can't reference field", "Object operation on array target" or, past what an int
     * holds, only "For input string". The last token of an {@code add}, {@code move} or {@code copy} may name the end
     * of the list, as a number or as {@code -}.
     */
    static Optional<String> indexBeyondList(JsonNode body, String pointer, boolean appends) {
        if (!pointer.startsWith("/")) {
            return Optional.empty();
        }
        String[] tokens = pointer.substring(1).split("/", -1);
        JsonNode node = body;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < tokens.length && node != null; i++) {
            String token = tokens[i].replace("~1", "/").replace("~0", "~");
            boolean end = appends && i == tokens.length - 1;
            if (node.isArray()) {
                int last = node.size() - (end ? 0 : 1);
                boolean digits = !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
                boolean index = digits && (token.length() == 1 || token.charAt(0) != '0');
                if (index && token.length() <= 9 && Integer.parseInt(token) <= last || end && token.equals("-")) {
                    node = token.equals("-") ? null : node.get(Integer.parseInt(token));
                    at.append('/').append(tokens[i]);
                    continue;
                }
                String shown = token.length() > 24 ? token.substring(0, 20) + "... (" + token.length()
                        + " characters)" : token;
                String list = "the list at " + (at.length() == 0 ? "/" : at) + ", which has " + node.size()
                        + (node.size() == 1 ? " item" : " items");
                String indexes = last < 0 ? "" : " (indexes 0 to " + last + (end ? ", or -" : "") + ")";
                return Optional.of(index ? "index " + shown + " is beyond " + list + indexes : "'" + shown
                        + "' is no index of " + list + indexes + (digits ? "; an index has no leading zero" : ""));
            }
            node = node.get(token);
            at.append('/').append(tokens[i]);
        }
        return Optional.empty();
    }
}
