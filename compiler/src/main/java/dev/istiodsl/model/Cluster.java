package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.List;
import java.util.Optional;

/**
 * One cluster of an environment, with what it sets on top of the environment: its mesh identity, Helm values and
 * {@code set}s, overlays (applied after the environment's), Kubernetes version and Flux settings.
 *
 * @param meshId      {@code values.global.meshID}
 * @param clusterName {@code values.global.multiCluster.clusterName}, the cluster's name in the mesh
 * @param network     {@code values.global.network}
 * @param sets        its {@code values { }} (one override per leaf) and {@code set}s, in the order written, after the
 *                    identity
 * @param overlays    its own overlays, applied after the environment's
 * @param flux        the environment's Flux settings with the cluster's own {@code flux { }} over them
 */
public record Cluster(String name, SourceLocation at, Optional<String> meshId, Optional<String> clusterName,
        Optional<String> network, List<SetOverride> sets, List<String> overlays,
        Optional<KubernetesVersion> kubernetes, FluxSettings flux) {

    public Cluster {
        sets = List.copyOf(sets);
        overlays = List.copyOf(overlays);
    }

    /** A cluster that only names itself: the environment's tree serves it as it is. */
    public static Cluster plain(String name, SourceLocation at, FluxSettings flux) {
        return new Cluster(name, at, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
                Optional.empty(), flux);
    }

    /** Whether what it sets can change what its revisions render or what the overlays make of it. */
    public boolean changesRender() {
        return !sets.isEmpty() || !overlays.isEmpty() || kubernetes.isPresent();
    }
}
