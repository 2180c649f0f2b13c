package dev.istiodsl.model;

import dev.istiodsl.diag.ClusterScope;
import dev.istiodsl.diag.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One target cluster or fleet, with everything inherited already folded in: mesh defaults, then the environment it
 * extends, then its own settings.
 *
 * @param revisions  the revisions it runs, in the order written
 * @param tags       tag name to revision name, sorted by tag
 * @param namespaces data-plane namespace to the tag or revision it is bound to, sorted by namespace
 * @param overlays   overlay names in the order they apply: mesh-wide first, then inherited, then its own
 * @param gateways   the gateways it deploys, sorted
 * @param extendsFrom the environment whose settings it reuses, if any
 * @param suppressions its own and those of the environment it extends (not the mesh's)
 * @param locations   where its tags, namespace bindings, revisions and Kubernetes version were written
 * @param flux        how its Flux Kustomizations reconcile (Flux output only)
 * @param clusterSettings each of its {@code clusters} by name, with what it sets on top of the environment
 */
public record Environment(String name, SourceLocation at, Optional<KubernetesVersion> kubernetes,
        List<String> clusters, List<String> revisions, Map<String, String> tags, Map<String, String> namespaces,
        List<String> overlays, List<String> gateways, OutputFormat output, String controlPlaneNamespace,
        Optional<String> hub, List<String> pullSecrets, Optional<Promotion> promotion,
        Optional<String> extendsFrom, List<Suppression> suppressions, EnvironmentLocations locations,
        FluxSettings flux, Map<String, Cluster> clusterSettings) {

    /**
     * The network of a cluster's own environment ({@code prod/clusters/prod-eu-1}, made for a cluster whose settings
     * change the render): its cluster's; nothing for an environment itself, whose render sets none.
     */
    public Optional<String> clusterNetwork() {
        return ClusterScope.of(name).isPresent() && clusterSettings.size() == 1
                ? clusterSettings.values().iterator().next().network() : Optional.empty();
    }

    public Environment {
        clusters = List.copyOf(clusters);
        revisions = List.copyOf(revisions);
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
        namespaces = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(namespaces));
        overlays = List.copyOf(overlays);
        gateways = List.copyOf(gateways);
        pullSecrets = List.copyOf(pullSecrets);
        suppressions = List.copyOf(suppressions);
        clusterSettings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(clusterSettings));
    }
}
