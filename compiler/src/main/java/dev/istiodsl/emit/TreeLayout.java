package dev.istiodsl.emit;

import dev.istiodsl.resource.ResourceId;

import java.util.Locale;

/**
 * Where a resource lives in the emitted tree, as a pure function of (environment, part, id):
 *
 * <pre>
 * &lt;environment&gt;/&lt;part&gt;/&lt;kind, lower case&gt;[.&lt;group&gt;]/[&lt;namespace&gt;_]&lt;name&gt;.yaml
 *
 * prod/crds/customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io.yaml
 * prod/base/service/istio-system_istiod.yaml                        (core group: no suffix)
 * prod/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml
 * prod/gateways/public/1-22-8/service/istio-ingress_public-1-22-8.yaml
 * </pre>
 *
 * <p>One folder per kind and group keeps a part browsable and makes the same kind in two groups two folders. The
 * layout is collision-free because the separators cannot occur where they separate: a kind has no dot (so the first
 * dot of the folder ends the kind), a namespace is a DNS label without {@code _} (so the first underscore of the file
 * ends the namespace), and a cluster-scoped kind never has a namespace. Two kinds of one group that differ only in
 * case would share a folder; the {@link Tree} builder refuses that collision with both names. Names are used as they
 * are, which is safe because Kubernetes names never hold {@code /}; on case-insensitive file systems names that
 * differ only in case (rare outside RBAC) would clash.
 */
public final class TreeLayout {

    private TreeLayout() {
    }

    /**
     * @param environment one folder name, as validated by the binder
     * @param part        a relative path such as {@code crds}, {@code revisions/1-22-8}, {@code gateways/public/1-22-8}
     * @throws IllegalArgumentException when a component could escape its folder or make two ids one path
     */
    public static String path(String environment, String part, ResourceId id) {
        RelativePaths.checkName("environment", environment);
        RelativePaths.check("part", part);
        if (id.kind().isEmpty() || id.kind().indexOf('.') >= 0) {
            throw new IllegalArgumentException("kind '" + id.kind() + "' of " + id + " is empty or has a dot");
        }
        if (id.name().isEmpty()) {
            throw new IllegalArgumentException(id + " has no name");
        }
        if (id.namespace().indexOf('_') >= 0) {
            throw new IllegalArgumentException("namespace '" + id.namespace() + "' of " + id + " contains '_'");
        }
        String folder = id.kind().toLowerCase(Locale.ROOT) + (id.group().isEmpty() ? "" : "." + id.group());
        String file = (id.namespace().isEmpty() ? "" : id.namespace() + "_") + id.name() + ".yaml";
        RelativePaths.checkName("kind and group of " + id, folder);
        RelativePaths.checkName("namespace and name of " + id, file);
        return environment + "/" + part + "/" + folder + "/" + file;
    }
}
