package dev.istiodsl.compiler;

import dev.istiodsl.diag.ClusterScope;
import dev.istiodsl.model.Cluster;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.EnvironmentLocations;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.model.OverlayOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The clusters whose settings change what their environment renders, as environments of their own: each is expanded,
 * partitioned, transformed and validated like one (what it finds that its environment finds too is reported once, see
 * {@link ClusterScope}), and its tree is written under {@code <env>/clusters/<cluster>/},
 * where only the parts that differ from the environment's are kept. A cluster that only names itself, or only changes
 * its Flux settings, is served by the environment's tree and needs none.
 *
 * <p>A cluster's environment is the environment with, after its overlays, one made of the cluster's identity
 * ({@code meshID}, {@code clusterName}, {@code network}), {@code values} and {@code set}s, then the cluster's own
 * overlays; its {@code kubernetes} if it sets one; and its Flux settings. It keeps the environment's place in the
 * promotion chain, so production rules judge it as they judge the environment.
 */
final class Fleet {

    static final String CLUSTERS = ClusterScope.CLUSTERS;

    private Fleet() {
    }

    /** The mesh with an environment per cluster that changes the render, named {@code <env>/clusters/<cluster>}. */
    static Mesh of(Mesh mesh) {
        Map<String, Environment> environments = new TreeMap<>(mesh.environments());
        Map<String, Overlay> overlays = new TreeMap<>(mesh.overlays());
        for (Environment env : mesh.environments().values()) {
            for (Cluster cluster : env.clusterSettings().values()) {
                if (!cluster.changesRender()) {
                    continue;
                }
                String name = new ClusterScope(env.name(), cluster.name()).name();
                List<String> applied = new ArrayList<>(env.overlays());
                if (!cluster.sets().isEmpty()) {
                    overlays.put(name, new Overlay(name, cluster.at(), cluster.sets().stream()
                            .map(set -> (OverlayOp) new OverlayOp.Set(set)).toList()));
                    applied.add(name);
                }
                cluster.overlays().stream().filter(o -> !applied.contains(o)).forEach(applied::add);
                environments.put(name, new Environment(name, cluster.at(), cluster.kubernetes().or(env::kubernetes),
                        List.of(cluster.name()), env.revisions(), env.tags(), env.namespaces(), applied,
                        env.gateways(), env.output(), env.controlPlaneNamespace(), env.hub(), env.pullSecrets(),
                        env.promotion(), Optional.of(env.name()), env.suppressions(), locations(env, cluster),
                        cluster.flux(), Map.of(cluster.name(), cluster)));
            }
        }
        if (environments.size() == mesh.environments().size()) {
            return mesh;
        }
        return new Mesh(mesh.name(), mesh.at(), mesh.revisions(), mesh.gateways(), overlays, environments,
                mesh.sources(), mesh.suppressions());
    }

    /** The environment's, but for a Kubernetes version the cluster sets: findings about it point at the cluster. */
    private static EnvironmentLocations locations(Environment env, Cluster cluster) {
        EnvironmentLocations of = env.locations();
        return cluster.kubernetes().isEmpty() ? of : new EnvironmentLocations(of.tags(), of.namespaces(),
                of.revisions(), Optional.of(cluster.at()));
    }

    /** The environment a cluster's environment belongs to: {@code prod} for {@code prod/clusters/prod-eu-1}. */
    static Optional<String> base(String environment) {
        return ClusterScope.of(environment).map(ClusterScope::environment);
    }
}
