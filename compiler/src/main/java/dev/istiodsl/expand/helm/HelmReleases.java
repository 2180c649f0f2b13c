package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.expand.RevisionTags;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.model.SetPath;

import java.util.List;

/**
 * The values of each release of one revision in one environment, chosen as istioctl chooses them for the same
 * revision, so both expanders give the same objects: release {@code istio} (istioctl's fixed name) for {@code base}
 * and {@code istiod} in the control-plane namespace, with the same values tree istioctl hands its charts; and one
 * {@code gateway} chart release per environment gateway, named {@code <gateway>-<revision>} in the gateway's
 * namespace, where the istioctl path declares an IstioOperator gateway component of that name.
 *
 * <p>The shared values, in increasing precedence: {@code global.istioNamespace}, pull secrets and
 * {@code global.tag} (the revision's Istio version, the tag istioctl's own build carries); the revision's
 * {@code values}; then what istioctl copies from the IstioOperator spec over them: the hub, {@code revision},
 * {@code meshConfig}, the profile; the tags pointing at the revision here ({@code revisionTags}, and
 * {@code defaultRevision} for the {@code default} tag); last, every {@code set} in order (only the paths
 * {@link SetPath#mapsToHelmValues} accepts reach here).
 */
final class HelmReleases {

    /** istioctl renders every chart as release {@code istio} ({@code helm.Render("istio", ...)}). */
    static final String ISTIOCTL_RELEASE = "istio";

    /**
     * IstioOperator profiles that only choose components and set no Helm value, so the charts have no file for them:
     * {@code minimal} turns the ingress gateway component off, which the charts path never renders (gateways are
     * declared in the mesh); {@code default} is the charts' own defaults.
     */
    static final java.util.Set<String> COMPONENT_PROFILES = java.util.Set.of("default", "minimal");

    private HelmReleases() {
    }

    /** The values every chart of the revision sees, as istioctl passes one values tree to each component. */
    static ObjectNode sharedValues(Environment env, Revision revision, List<SetOverride> sets) {
        ObjectNode values = Json.NODES.objectNode();
        ObjectNode global = values.putObject("global").put("istioNamespace", env.controlPlaneNamespace());
        if (!env.pullSecrets().isEmpty()) {
            ArrayNode secrets = global.putArray("imagePullSecrets");
            env.pullSecrets().forEach(secrets::add);
        }
        global.put("tag", revision.istio().toString());
        Json.deepMerge(values, revision.values());

        ObjectNode mergedGlobal = object(values, "global");
        revision.hub().or(env::hub).ifPresent(hub -> mergedGlobal.put("hub", hub));
        values.put("revision", revision.name());
        if (!revision.meshConfig().isEmpty()) {
            Json.deepMerge(object(values, "meshConfig"), revision.meshConfig());
        }
        if (!COMPONENT_PROFILES.contains(revision.profile())) {
            // Charts of 1.24 and later apply a profile by name from their own files/ folder, as istioctl does.
            values.put("profile", revision.profile());
        }
        RevisionTags.put(values, env, revision.name());
        for (SetOverride set : sets) {
            put(values, set.path(), set.value());
        }
        return values;
    }

    /** {@code base}, with its CRDs as templates: Helm's template command leaves a chart's crds/ folder out. */
    static ObjectNode baseValues(ObjectNode shared) {
        ObjectNode values = shared.deepCopy();
        object(values, "base").put("enableCRDTemplates", true);
        return values;
    }

    /**
     * One gateway's Deployment for this revision, labelled as the istioctl path labels its gateway component
     * ({@code app}, {@code istio}), so the one Service the partitioner writes selects every revision's pods; the
     * chart's own Service is turned off ({@code service.type=None}), since a per-revision Service would be dropped.
     */
    static ObjectNode gatewayValues(ObjectNode shared, Gateway gateway, Revision revision) {
        ObjectNode values = Json.NODES.objectNode();
        values.set("global", shared.path("global").deepCopy());
        values.put("revision", revision.name());
        values.putObject("labels").put("app", gateway.name()).put("istio", gateway.istioLabel());
        values.putObject("service").put("type", "None");
        // The chart's own imagePullSecrets, in the Pod's shape: 1.22's chart reads no global value, and from 1.24 the
        // chart copies global.imagePullSecrets (names, istiod's shape) over its own unchanged, unless this is set.
        JsonNode secrets = shared.path("global").path("imagePullSecrets");
        if (secrets.isArray() && !secrets.isEmpty()) {
            ArrayNode named = values.putArray("imagePullSecrets");
            secrets.forEach(secret -> named.addObject().put("name", secret.asText()));
        }
        gateway.replicas().ifPresent(replicas -> {
            values.put("replicaCount", replicas);
            values.putObject("autoscaling").put("minReplicas", Math.max(1, replicas))
                    .put("maxReplicas", Math.max(1, replicas));
        });
        values.setAll(gateway.podSettings());
        String network = shared.path("global").path("network").asText("");
        if (gateway.kind() == Gateway.Kind.EASTWEST && !network.isEmpty()) {
            ((ObjectNode) values.get("labels")).put(Gateway.NETWORK_LABEL, network);
            (values.has("env") ? (ObjectNode) values.get("env") : values.putObject("env"))
                    .put("ISTIO_META_REQUESTED_NETWORK_VIEW", network);
        }
        return values;
    }

    /** A set path of the IstioOperator spec at its place in the Helm values: spec.values.x is x, hub is global.hub. */
    private static void put(ObjectNode values, SetPath path, JsonNode value) {
        List<SetPath.Segment> segments = path.segments();
        if (path.root().equals("compatibilityVersion")) {
            // istioctl hands spec.compatibilityVersion to the charts as values.compatibilityVersion.
            values.set("compatibilityVersion", value.deepCopy());
            return;
        }
        ObjectNode node = switch (path.root()) {
            case "values" -> values;
            case "meshConfig" -> object(values, "meshConfig");
            case "hub", "tag" -> object(values, "global");
            default -> throw new IllegalArgumentException("charts cannot apply set " + path);
        };
        int first = path.root().equals("hub") || path.root().equals("tag") ? 0 : 1;
        if (first == segments.size()) {
            // `set values = {...}`: merged, so the revision and its tags, which istioctl sets last, stay.
            if (value instanceof ObjectNode object) {
                Json.deepMerge(node, object);
            }
            return;
        }
        for (int i = first; i < segments.size() - 1; i++) {
            node = object(node, ((SetPath.Segment.Key) segments.get(i)).name());
        }
        node.set(((SetPath.Segment.Key) segments.get(segments.size() - 1)).name(), value.deepCopy());
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        return existing instanceof ObjectNode object ? object : parent.putObject(key);
    }
}
