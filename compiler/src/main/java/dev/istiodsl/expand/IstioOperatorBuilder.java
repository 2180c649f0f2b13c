package dev.istiodsl.expand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.model.SetPath;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the IstioOperator that expands one revision in one environment: profile, revision, hub, namespace, pull
 * secrets, the tags that point at it, the environment's gateways (one {@code <gateway>-<revision>} each, so two
 * revisions never share a gateway Deployment), values, meshConfig, components, then every {@code set} in order.
 *
 * <p>A {@code set} whose path is only keys is written into the generated IstioOperator, so lists and maps work; one
 * with {@code [N]} or {@code [key:value]} steps, which only istioctl can resolve against the profile, becomes a
 * {@code --set} flag and must have a scalar value.
 */
public final class IstioOperatorBuilder {

    private final Diagnostics diagnostics;

    public IstioOperatorBuilder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public OperatorPlan build(Mesh mesh, Environment env, Revision revision) {
        ObjectNode iop = Json.NODES.objectNode();
        iop.put("apiVersion", "install.istio.io/v1alpha1").put("kind", "IstioOperator");
        iop.putObject("metadata").put("name", revision.name()).put("namespace", env.controlPlaneNamespace());
        ObjectNode spec = iop.putObject("spec");
        spec.put("profile", revision.profile());
        spec.put("revision", revision.name());
        revision.hub().or(env::hub).ifPresent(hub -> spec.put("hub", hub));
        if (!revision.meshConfig().isEmpty()) {
            spec.set("meshConfig", revision.meshConfig().deepCopy());
        }

        ObjectNode values = spec.putObject("values");
        ObjectNode global = values.putObject("global").put("istioNamespace", env.controlPlaneNamespace());
        if (!env.pullSecrets().isEmpty()) {
            ArrayNode secrets = global.putArray("imagePullSecrets");
            env.pullSecrets().forEach(secrets::add);
        }
        RevisionTags.put(values, env, revision.name());
        Json.deepMerge(values, revision.values());

        ObjectNode components = spec.putObject("components");
        revision.components().forEach((name, settings) -> components.set(name, settings.deepCopy()));
        ArrayNode ingress = components.putArray("ingressGateways");
        ArrayNode egress = components.putArray("egressGateways");
        for (String name : env.gateways()) {
            Gateway gateway = mesh.gateways().get(name);
            (gateway.kind() == Gateway.Kind.EGRESS ? egress : ingress).add(gateway(gateway, revision));
        }

        List<SetOverride> sets = new ArrayList<>(revision.sets());
        for (String overlay : env.overlays()) {
            mesh.overlays().get(overlay).operations().stream().filter(OverlayOp.Set.class::isInstance)
                    .map(op -> ((OverlayOp.Set) op).override()).forEach(sets::add);
        }
        List<String> flags = new ArrayList<>();
        for (SetOverride set : sets) {
            if (set.path().segments().stream().allMatch(SetPath.Segment.Key.class::isInstance)) {
                put(spec, set.path(), set.value());
            } else if (set.value().isValueNode()) {
                flags.add(set.path() + "=" + set.value().asText());
            } else {
                diagnostics.in(env.name()).error("Expand.SetListValue", set.at(), "'" + set.path() + "' selects a list element, "
                        + "so istioctl needs a plain value here, not " + (set.value().isArray() ? "a list" : "a map"),
                        "set the fields one by one: " + set.path() + ".FIELD = VALUE");
            }
        }
        networkGateways(spec, env, mesh);
        return new OperatorPlan(revision.operatorFile(), iop, flags);
    }

    /**
     * An east-west gateway of a cluster on a network, as Istio's multicluster guide installs it: labelled
     * {@code topology.istio.io/network} and asking for that network's view ({@code ISTIO_META_REQUESTED_NETWORK_VIEW}).
     */
    private static void networkGateways(ObjectNode spec, Environment env, Mesh mesh) {
        String network = spec.path("values").path("global").path("network").asText("");
        if (network.isEmpty()) {
            return;
        }
        for (JsonNode component : spec.path("components").path("ingressGateways")) {
            String name = component.path("name").asText();
            boolean eastwest = env.gateways().stream().map(mesh.gateways()::get).anyMatch(g -> g.kind()
                    == Gateway.Kind.EASTWEST && name.startsWith(g.name() + "-"));
            if (eastwest && component instanceof ObjectNode gateway) {
                ((ObjectNode) gateway.path("label")).put(Gateway.NETWORK_LABEL, network);
                ObjectNode k8s = (ObjectNode) gateway.path("k8s");
                (k8s.has("env") ? (ArrayNode) k8s.get("env") : k8s.putArray("env")).addObject()
                        .put("name", "ISTIO_META_REQUESTED_NETWORK_VIEW").put("value", network);
            }
        }
    }

    /** A gateway component named {@code <gateway>-<revision>}, labelled so one Service selects every revision. */
    private static ObjectNode gateway(Gateway gateway, Revision revision) {
        ObjectNode component = Json.NODES.objectNode();
        component.put("name", gateway.name() + "-" + revision.name()).put("namespace", gateway.namespace())
                .put("enabled", true);
        component.putObject("label").put("app", gateway.name()).put("istio", gateway.istioLabel());
        ObjectNode k8s = component.putObject("k8s");
        gateway.replicas().ifPresent(replicas -> {
            k8s.put("replicaCount", replicas);
            k8s.putObject("hpaSpec").put("minReplicas", Math.max(1, replicas)).put("maxReplicas",
                    Math.max(1, replicas));
        });
        k8s.setAll(gateway.podSettings());
        k8s.putObject("service").put("type", "ClusterIP");
        return component;
    }

    private static void put(ObjectNode spec, SetPath path, JsonNode value) {
        ObjectNode node = spec;
        List<SetPath.Segment> segments = path.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
            String key = ((SetPath.Segment.Key) segments.get(i)).name();
            JsonNode next = node.get(key);
            node = next instanceof ObjectNode object ? object : node.putObject(key);
        }
        node.set(((SetPath.Segment.Key) segments.get(segments.size() - 1)).name(), value.deepCopy());
    }
}
