package dev.istiodsl.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stage {@code partition}: places every resource of an environment's expansions in exactly one {@link Part}, adds what
 * Istio's output lacks (Namespaces, one Service per gateway, an {@code istiod} Service that follows the default
 * revision), and reports two sources that produce one object with different content.
 *
 * <p>Rules, first match wins, per resource of revision R:
 * <ol>
 *   <li>CustomResourceDefinitions: {@code crds}, from the newest Istio version only.</li>
 *   <li>Tag webhooks and tag Services ({@code istio-revision-tag-T}, {@code istiod-revision-tag-T}): {@code tags/T}
 *       when T points at R here, else left out; {@code istiod-default-validator} belongs to the {@code default} tag
 *       (to {@code base} when there is no such tag), from the default revision only.</li>
 *   <li>A declared gateway's objects ({@code <gateway>-R} in its namespace): {@code gateways/<gateway>/R}; its
 *       rendered Service is replaced by the shared one.</li>
 *   <li>Names carrying {@code -R}, or the label {@code istio.io/rev=R} on anything but a known cluster singleton
 *       ({@link SharedObjects}: the CNI node agent labels itself with the revision that rendered it):
 *       {@code revisions/R}.</li>
 *   <li>Everything else is shared: {@code base}, from the newest version that renders it.</li>
 * </ol>
 *
 * <p>What is left out and not in the tree from another revision is named by a {@code Partition.Dropped} note
 * ({@link LeftOut}): an expansion never loses an object without a word.
 */
public final class Partitioner {

    static final String REV_LABEL = "istio.io/rev";
    private static final String DEFAULT_VALIDATOR = "istiod-default-validator";

    private final Diagnostics diagnostics;

    public Partitioner(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public List<Placed> partition(Mesh mesh, Environment env, List<Expansion> expansions) {
        if (expansions.isEmpty()) {
            return List.of();
        }
        List<Expansion> byAge = expansions.stream().sorted(Comparator.comparing(Expansion::version)).toList();
        Expansion newest = byAge.get(byAge.size() - 1);
        Map<String, String> tags = env.tags();
        List<Gateway> gateways = env.gateways().stream().map(mesh.gateways()::get).toList();

        Expansion leader = defaultRevision(env, byAge);
        List<Placed> placed = new ArrayList<>();
        Map<ResourceId, List<Placed>> shared = new TreeMap<>();
        Map<String, ObjectNode> gatewaySelectors = new TreeMap<>();
        LeftOut leftOut = new LeftOut();
        for (Expansion expansion : byAge) {
            String rev = expansion.revision();
            SourceLocation at = mesh.revisions().get(rev).at();
            boolean isNewest = expansion == newest;
            for (Resource r : expansion.resources()) {
                String kind = r.kind();
                if (kind.equals("CustomResourceDefinition")) {
                    if (isNewest) {
                        placed.add(new Placed(Part.CRDS, r, r.name(), at));
                    } else {
                        leftOut.add(LeftOut.Reason.OLDER_CRD, rev, at, r.id(), "revision '" + newest.revision()
                                + "' (Istio " + newest.version() + ")");
                    }
                    continue;
                }
                Optional<String> tag = tagOf(r);
                if (tag.isPresent()) {
                    String target = tags.get(tag.get());
                    if (rev.equals(target)) {
                        placed.add(new Placed(Part.tag(tag.get()), r, r.name(), at));
                    } else if (target == null) {
                        leftOut.add(LeftOut.Reason.UNDECLARED_TAG, rev, at, r.id(), tag.get());
                    } else {
                        leftOut.add(LeftOut.Reason.OTHER_REVISIONS_TAG, rev, at, r.id(), tag.get() + " -> " + target);
                    }
                    continue;
                }
                if (kind.equals("ValidatingWebhookConfiguration") && r.name().equals(DEFAULT_VALIDATOR)) {
                    if (rev.equals(leader.revision())) {
                        placed.add(new Placed(tags.containsKey("default") ? Part.tag("default") : Part.BASE, r,
                                r.name(), at));
                    } else {
                        leftOut.add(LeftOut.Reason.DEFAULT_VALIDATOR, rev, at, r.id(), "'" + leader.revision() + "'"
                                + (tags.containsKey("default") ? " (the `default` tag's)"
                                        : " (the oldest: there is no `default` tag)"));
                    }
                    continue;
                }
                Optional<Gateway> gateway = gatewayOf(r, rev, gateways);
                if (gateway.isPresent()) {
                    if (kind.equals("Deployment")) {
                        ObjectNode selector = (ObjectNode) r.body().path("spec").path("selector").path("matchLabels");
                        gatewaySelectors.put(gateway.get().name(), selector);
                    }
                    if (kind.equals("Service")) {
                        leftOut.add(LeftOut.Reason.GATEWAY_SERVICE, gateway.get().name(), gateway.get().at(), r.id(),
                                gateway.get().namespace() + "/" + gateway.get().name());
                    } else {
                        placed.add(new Placed(Part.gateway(gateway.get().name(), rev), r, gateway.get().name(), at));
                    }
                    continue;
                }
                Optional<String> stable = RevisionNames.strip(r.name(), rev);
                // A singleton's revision label (the CNI node agent carries one) says who rendered it, not whose it is.
                if (stable.isPresent() || rev.equals(r.label(REV_LABEL)) && !SharedObjects.isShared(r.id())) {
                    placed.add(new Placed(Part.revision(rev), r, stable.orElse(r.name()), at));
                    continue;
                }
                shared.computeIfAbsent(r.id(), id -> new ArrayList<>()).add(new Placed(Part.BASE, r, r.name(), at));
            }
        }
        shared.forEach((id, copies) -> {
            // Known singletons come from the newest version (the same identity, so nothing is lost); anything else
            // must agree, or it collides below.
            placed.addAll(SharedObjects.isShared(id) ? List.of(copies.get(copies.size() - 1)) : copies);
        });
        List<Placed> all = new GeneratedResources(env, gateways, gatewaySelectors, diagnostics).addedTo(placed,
                defaultRevisionService(env, expansions, leader));
        reportMissing(env, all, gateways);
        List<Placed> result = withoutCollisions(env, all);
        leftOut.report(env.name(), result.stream().map(p -> p.resource().id()).collect(Collectors.toSet()),
                diagnostics);
        return result;
    }

    private static Optional<String> tagOf(Resource r) {
        if (r.kind().equals("MutatingWebhookConfiguration")) {
            String tag = r.label("istio.io/tag");
            if (!tag.isEmpty()) {
                return Optional.of(tag);
            }
            if (r.name().startsWith("istio-revision-tag-")) {
                return Optional.of(r.name().substring("istio-revision-tag-".length()));
            }
        }
        if (r.kind().equals("Service") && r.name().startsWith("istiod-revision-tag-")) {
            return Optional.of(r.name().substring("istiod-revision-tag-".length()));
        }
        return Optional.empty();
    }

    private static Optional<Gateway> gatewayOf(Resource r, String rev, List<Gateway> gateways) {
        return gateways.stream()
                .filter(g -> g.namespace().equals(r.namespace()))
                .filter(g -> r.name().equals(g.name() + "-" + rev))
                .findFirst();
    }

    /**
     * The revision that answers for the whole environment: the one the {@code default} tag points at, else the oldest
     * one, so that adding a canary never moves {@code istiod} traffic or default validation by itself.
     */
    private static Expansion defaultRevision(Environment env, List<Expansion> byAge) {
        String tagged = env.tags().get("default");
        return byAge.stream().filter(e -> e.revision().equals(tagged)).findFirst().orElse(byAge.get(0));
    }

    /** Tags and gateways the environment declares must exist in what was rendered, or they would vanish silently. */
    private void reportMissing(Environment env, List<Placed> placed, List<Gateway> gateways) {
        for (Map.Entry<String, String> tag : env.tags().entrySet()) {
            boolean rendered = placed.stream().anyMatch(p -> p.part().equals(Part.tag(tag.getKey()))
                    && p.resource().kind().equals("MutatingWebhookConfiguration"));
            if (!rendered) {
                diagnostics.error("Partition.TagNotRendered", env.at(), "environment '" + env.name() + "': tag '"
                        + tag.getKey() + "' points at revision '" + tag.getValue() + "', whose expansion has no "
                        + "webhook istio-revision-tag-" + tag.getKey(), "namespaces bound to the tag would get no "
                        + "sidecars; istioctl renders tags from values.revisionTags (Istio 1.10 and later), and a "
                        + "manifest file must contain the tag's webhook");
            }
        }
        if (env.revisions().size() > 1 && !env.tags().containsKey("default")) {
            String oldest = placed.stream().filter(p -> p.part().kind() == Part.Kind.BASE
                    && p.resource().kind().equals("Service") && p.resource().name().equals("istiod"))
                    .map(p -> p.resource().body().path("spec").path("selector").path(REV_LABEL).asText())
                    .findFirst().orElse("");
            diagnostics.add(new dev.istiodsl.diag.Diagnostic("Partition.NoDefaultTag",
                    dev.istiodsl.diag.Severity.NOTE, env.at(), "environment '" + env.name() + "' runs "
                            + env.revisions().size() + " revisions and has no `default` tag: the istiod Service and "
                            + "default validation follow the oldest" + (oldest.isEmpty() ? "" : ", '" + oldest + "'"),
                    "add `tag default -> REVISION` to choose", null));
        }
        for (Gateway gateway : gateways) {
            for (String revision : env.revisions()) {
                boolean rendered = placed.stream().anyMatch(p -> p.part().equals(Part.gateway(gateway.name(),
                        revision)) && p.resource().kind().equals("Deployment"));
                if (!rendered) {
                    diagnostics.error("Partition.GatewayNotRendered", gateway.at(), "environment '" + env.name()
                            + "': gateway '" + gateway.name() + "' has no Deployment " + gateway.name() + "-"
                            + revision + " in namespace " + gateway.namespace() + " in the expansion of revision '"
                            + revision + "'", "its Service would select no pods; a manifest file must contain the "
                            + "gateway Deployment named <gateway>-<revision>");
                }
            }
        }
    }

    /** The rendered {@code istiod-<rev>} Service of the default revision, to become the plain {@code istiod}. */
    private static Optional<Resource> defaultRevisionService(Environment env, List<Expansion> expansions,
            Expansion leader) {
        String defaultRevision = leader.revision();
        return expansions.stream().filter(e -> e.revision().equals(defaultRevision)).findFirst()
                .flatMap(e -> e.resources().stream()
                        .filter(r -> r.kind().equals("Service") && r.name().equals("istiod-" + defaultRevision)
                                && r.namespace().equals(env.controlPlaneNamespace()))
                        .findFirst());
    }

    /** One object per identity: equal copies merge, different ones are reported with both origins. */
    private List<Placed> withoutCollisions(Environment env, List<Placed> placed) {
        Map<ResourceId, Placed> byId = new TreeMap<>();
        for (Placed p : placed) {
            Placed first = byId.putIfAbsent(p.resource().id(), p);
            if (first == null || sameContent(first.resource().body(), p.resource().body())) {
                continue;
            }
            diagnostics.error("Partition.Collision", env.at(), "environment '" + env.name() + "': "
                    + p.resource().id() + " is produced twice with different content: by "
                    + first.resource().origin() + " (" + first.part() + ") and by " + p.resource().origin() + " ("
                    + p.part() + ")", "a shared object must come from one place: give it a revision suffix, or "
                    + "drop one copy with an overlay (`drop " + p.resource().kind() + " \"" + p.resource().name()
                    + "\" revision ...`)");
        }
        return byId.values().stream().sorted(Comparator.comparing(Placed::part)
                .thenComparing(pl -> pl.resource().id())).toList();
    }

    private static boolean sameContent(JsonNode a, JsonNode b) {
        return a.equals(b);
    }

}
