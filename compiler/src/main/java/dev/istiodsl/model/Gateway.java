package dev.istiodsl.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.SourceLocation;

import java.util.List;
import java.util.OptionalInt;

/**
 * An ingress or egress gateway, deployed once per revision an environment runs (blue/green) behind one Service.
 *
 * @param kubernetes Kubernetes settings for the Deployment and Service: {@code resources}, {@code nodeSelector},
 *                   {@code tolerations}, {@code annotations}, {@code serviceAnnotations}, {@code labels}
 */
public record Gateway(String name, SourceLocation at, Kind kind, String namespace, String serviceType,
        OptionalInt replicas, List<Port> ports, ObjectNode kubernetes) {

    public Gateway {
        ports = List.copyOf(ports);
    }

    /**
     * The {@code istio} pod label Istio's gateway charts give this gateway's pods: {@code ingressgateway} for
     * {@code istio-ingressgateway}. The shared Service selects it, so every revision's Deployment must carry it.
     */
    public String istioLabel() {
        return name.startsWith("istio-") ? name.substring("istio-".length()) : name;
    }

    /**
     * The pod settings of its Deployment under the keys both Istio's gateway chart and an IstioOperator gateway
     * component's {@code k8s} take: {@code resources}, {@code nodeSelector}, {@code tolerations}, and
     * {@code annotations} as {@code podAnnotations}. A copy, to merge where they go.
     */
    public ObjectNode podSettings() {
        ObjectNode out = kubernetes.objectNode();
        for (String[] key : new String[][] {{"resources", "resources"}, {"nodeSelector", "nodeSelector"},
                {"tolerations", "tolerations"}, {"annotations", "podAnnotations"}}) {
            if (kubernetes.has(key[0])) {
                out.set(key[1], kubernetes.get(key[0]).deepCopy());
            }
        }
        return out;
    }

    public enum Kind {
        INGRESS, EGRESS,
        /** Istio's multicluster east-west gateway: cross-network traffic on 15443, istiod on 15012 and 15017. */
        EASTWEST;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The label istiod finds a network's gateways by, on the gateway's Service and pods. */
    public static final String NETWORK_LABEL = "topology.istio.io/network";

    /** {@code port NAME PORT -> TARGET}. */
    public record Port(String name, int port, int targetPort, SourceLocation at) {
    }
}
