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

    public enum Kind {
        INGRESS, EGRESS;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code port NAME PORT -> TARGET}. */
    public record Port(String name, int port, int targetPort, SourceLocation at) {
    }
}
