package dev.istiodsl.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the compiler writes itself because Istio's output lacks it: Namespaces for the control plane, the gateways,
 * the data plane (labelled {@code istio.io/rev} with their tag or revision) and every other namespace the rendered
 * resources live in (a gateway a manifest holds but the mesh does not declare, the CNI node agent's own namespace),
 * but the ones every cluster has ({@link Namespaces#isBuiltIn}); one Service per gateway selecting the pods of every
 * revision (blue/green), and an {@code istiod} Service that follows the default revision.
 *
 * <p>A Namespace the render holds itself (istioctl before 1.6, and pipelines that prepend one) is merged with the
 * compiler's, so one object remains: its annotations, and the labels of both, the render's where both set one (it
 * is what the team reviewed and applied), with a {@code Partition.NamespaceMerged} note saying so.
 */
final class GeneratedResources {

    static final String ORIGIN = "istiodsl";
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final Environment env;
    private final List<Gateway> gateways;
    private final Map<String, ObjectNode> gatewaySelectors;
    private final Diagnostics diagnostics;

    GeneratedResources(Environment env, List<Gateway> gateways, Map<String, ObjectNode> gatewaySelectors,
            Diagnostics diagnostics) {
        this.env = env;
        this.gateways = gateways;
        this.gatewaySelectors = gatewaySelectors;
        this.diagnostics = diagnostics;
    }

    /**
     * @param rendered what the expansions placed; returned with the generated resources added, and the Namespaces it
     *                 holds for a namespace the compiler creates folded into the compiler's
     */
    List<Placed> addedTo(List<Placed> rendered, Optional<Resource> defaultRevisionService) {
        Map<String, String> namespaces = new TreeMap<>();
        namespaces.put(env.controlPlaneNamespace(), "");
        gateways.forEach(g -> namespaces.putIfAbsent(g.namespace(), ""));
        rendered.stream().map(p -> p.resource().namespace())
                .filter(ns -> !ns.isEmpty() && !Namespaces.isBuiltIn(ns))
                .forEach(ns -> namespaces.putIfAbsent(ns, ""));
        namespaces.putAll(env.namespaces());
        Map<String, List<Placed>> renderedNamespaces = new TreeMap<>();
        rendered.stream().filter(p -> p.resource().kind().equals("Namespace")
                && namespaces.containsKey(p.resource().name()))
                .forEach(p -> renderedNamespaces.computeIfAbsent(p.resource().name(), n -> new ArrayList<>()).add(p));
        // Copies that differ are left for the collision check to report with both origins.
        renderedNamespaces.values().removeIf(copies -> copies.stream().map(p -> p.resource().body()).distinct()
                .count() > 1);
        List<Placed> out = new ArrayList<>(rendered);
        renderedNamespaces.values().forEach(out::removeAll);
        namespaces.forEach((name, rev) -> {
            ObjectNode generated = namespace(name, rev);
            List<Placed> copies = renderedNamespaces.get(name);
            out.add(base(copies == null ? generated : merged(generated, copies)));
        });
        gateways.forEach(g -> out.add(new Placed(Part.BASE, resource(service(g, network(g))), g.name(),
                Optional.of(g.name()), g.at())));
        gateways.stream().filter(g -> g.kind() == Gateway.Kind.EASTWEST).forEach(g -> out.add(new Placed(Part.BASE,
                resource(crossNetwork(g, gatewayApi(rendered))), g.name(), Optional.of(g.name()), g.at())));
        defaultRevisionService.ifPresent(service -> out.add(base(istiodService(service))));
        return out;
    }

    private Placed base(ObjectNode body) {
        Resource resource = resource(body);
        return new Placed(Part.BASE, resource, resource.name(), env.at());
    }

    private static Resource resource(ObjectNode body) {
        return new Resource(ResourceId.of(body, ""), body, ORIGIN);
    }

    private static ObjectNode namespace(String name, String revisionOrTag) {
        ObjectNode body = header("v1", "Namespace", name, null);
        ObjectNode labels = ((ObjectNode) body.get("metadata")).putObject("labels");
        labels.put(MANAGED_BY, "istiodsl");
        if (!revisionOrTag.isEmpty()) {
            labels.put(Partitioner.REV_LABEL, revisionOrTag);
        }
        return body;
    }

    /**
     * The compiler's Namespace with the render's labels and annotations over it, and a note at the revisions that
     * render it, naming the labels of the compiler's that the render's replace.
     *
     * @param copies the rendered Namespace, one equal copy per revision that renders it
     */
    private ObjectNode merged(ObjectNode generated, List<Placed> copies) {
        ObjectNode body = generated.deepCopy();
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        ObjectNode labels = (ObjectNode) metadata.get("labels");
        JsonNode rendered = copies.get(0).resource().body().path("metadata");
        if (rendered.path("annotations").isObject()) {
            metadata.set("annotations", rendered.path("annotations").deepCopy());
        }
        List<String> replaced = new ArrayList<>();
        if (rendered.path("labels").isObject()) {
            rendered.path("labels").properties().forEach(label -> {
                JsonNode ours = labels.get(label.getKey());
                if (ours != null && !ours.equals(label.getValue())) {
                    replaced.add(label.getKey() + ": " + label.getValue().asText() + ", not " + ours.asText());
                }
                labels.set(label.getKey(), label.getValue().deepCopy());
            });
        }
        String name = body.path("metadata").path("name").asText();
        for (Placed copy : copies) {
            diagnostics.note("Partition.NamespaceMerged", copy.at(), "environment '" + env.name() + "': the Namespace "
                    + name + " from the " + copy.resource().origin() + " is merged with the one istiodsl writes: "
                    + "the labels of both, the render's where both set one" + (replaced.isEmpty() ? ""
                            : " (" + String.join("; ", replaced) + ")"), "to change them, `merge Namespace \""
                            + name + "\" { metadata: { labels: { ... } } }` in an overlay");
        }
        return body;
    }

    /** The network of an east-west gateway's cluster: istiod finds a network's gateways by it on their Service. */
    private Optional<String> network(Gateway gateway) {
        return gateway.kind() == Gateway.Kind.EASTWEST ? env.clusterNetwork() : Optional.empty();
    }

    /**
     * What Istio's multicluster guide applies beside an east-west gateway ({@code cross-network-gateway}): its port
     * 15443 passes mTLS through to the services of the mesh ({@code *.local}) for the other networks.
     */
    private static ObjectNode crossNetwork(Gateway gateway, String apiVersion) {
        ObjectNode body = header(apiVersion, "Gateway", gateway.name() + "-cross-network",
                gateway.namespace());
        ((ObjectNode) body.get("metadata")).putObject("labels").put(MANAGED_BY, "istiodsl");
        ObjectNode spec = body.putObject("spec");
        spec.putObject("selector").put("istio", gateway.istioLabel());
        ObjectNode server = spec.putArray("servers").addObject();
        server.putObject("port").put("number", 15443).put("name", "tls").put("protocol", "TLS");
        server.putObject("tls").put("mode", "AUTO_PASSTHROUGH");
        server.putArray("hosts").add("*.local");
        return body;
    }

    /** {@code networking.istio.io/v1} where the rendered Gateway CRD serves it (from Istio 1.22), else v1beta1. */
    private static String gatewayApi(List<Placed> rendered) {
        boolean v1 = rendered.stream().filter(p -> p.resource().kind().equals("CustomResourceDefinition")
                && p.resource().name().equals("gateways.networking.istio.io"))
                .anyMatch(p -> p.resource().body().at("/spec/versions").findValuesAsText("name").contains("v1"));
        return v1 ? "networking.istio.io/v1" : "networking.istio.io/v1beta1";
    }

    /** One Service per gateway, selecting the pods of every revision: traffic moves by replicas, not by DNS. */
    private ObjectNode service(Gateway gateway, Optional<String> network) {
        ObjectNode body = header("v1", "Service", gateway.name(), gateway.namespace());
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        ObjectNode serviceLabels = metadata.putObject("labels").put("app", gateway.name()).put(MANAGED_BY,
                "istiodsl");
        network.ifPresent(n -> serviceLabels.put(Gateway.NETWORK_LABEL, n));
        if (gateway.kubernetes().has("serviceAnnotations")) {
            metadata.set("annotations", gateway.kubernetes().get("serviceAnnotations").deepCopy());
        }
        ObjectNode spec = body.putObject("spec");
        spec.put("type", gateway.serviceType());
        ArrayNode ports = spec.putArray("ports");
        for (Gateway.Port port : ports(gateway)) {
            ports.addObject().put("name", port.name()).put("port", port.port()).put("protocol", "TCP")
                    .put("targetPort", port.targetPort());
        }
        ObjectNode selector = gatewaySelectors.get(gateway.name());
        spec.set("selector", selector != null ? selector.deepCopy()
                : Json.NODES.objectNode().put("app", gateway.name()).put("istio", gateway.istioLabel()));
        return body;
    }

    private static List<Gateway.Port> ports(Gateway gateway) {
        if (!gateway.ports().isEmpty()) {
            return gateway.ports();
        }
        List<Gateway.Port> defaults = new ArrayList<>();
        if (gateway.kind() == Gateway.Kind.EASTWEST) {
            // The ports of Istio's east-west gateway: health, cross-network mTLS, istiod's xDS and its webhooks.
            defaults.add(new Gateway.Port("status-port", 15021, 15021, gateway.at()));
            defaults.add(new Gateway.Port("tls", 15443, 15443, gateway.at()));
            defaults.add(new Gateway.Port("tls-istiod", 15012, 15012, gateway.at()));
            defaults.add(new Gateway.Port("tls-webhook", 15017, 15017, gateway.at()));
            return defaults;
        }
        if (gateway.kind() == Gateway.Kind.INGRESS) {
            defaults.add(new Gateway.Port("status-port", 15021, 15021, gateway.at()));
        }
        defaults.add(new Gateway.Port("http2", 80, 8080, gateway.at()));
        defaults.add(new Gateway.Port("https", 443, 8443, gateway.at()));
        return defaults;
    }

    /** The default revision's own Service, renamed: clients that dial {@code istiod} follow the default tag. */
    private static ObjectNode istiodService(Resource rendered) {
        ObjectNode body = rendered.body().deepCopy();
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        metadata.put("name", "istiod");
        ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
        labels.put(MANAGED_BY, "istiodsl");
        ObjectNode spec = (ObjectNode) body.path("spec");
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
        return body;
    }

    private static ObjectNode header(String apiVersion, String kind, String name, String namespace) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = body.putObject("metadata").put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return body;
    }
}
