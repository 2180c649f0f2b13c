package dev.istiodsl.resource;

import java.util.Comparator;
import java.util.Objects;

/**
 * What makes two Kubernetes resources the same object in a cluster: API group, kind, namespace and name. The version
 * is not part of it ({@code policy/v1beta1} and {@code policy/v1} PodDisruptionBudgets with one name collide).
 *
 * @param group     the API group, "" for the core group
 * @param namespace "" for cluster-scoped resources
 */
public record ResourceId(String group, String kind, String namespace, String name) implements Comparable<ResourceId> {

    private static final Comparator<ResourceId> ORDER = Comparator.comparing(ResourceId::group)
            .thenComparing(ResourceId::kind).thenComparing(ResourceId::namespace).thenComparing(ResourceId::name);

    public ResourceId {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The identity of a body: its apiVersion's group, kind, metadata.namespace (or the default given, for namespaced
     * objects written without one) and metadata.name. A kind the Kubernetes API makes cluster-scoped has no namespace,
     * whatever its metadata says, as in the cluster: a Namespace written with one is still the one Namespace of its
     * name.
     */
    public static ResourceId of(com.fasterxml.jackson.databind.JsonNode body, String defaultNamespace) {
        String group = groupOf(body.path("apiVersion").asText(""));
        String kind = body.path("kind").asText("");
        String namespace = body.path("metadata").path("namespace").asText("");
        if (Scope.isBuiltInClusterScoped(group, kind)) {
            namespace = "";
        } else if (namespace.isEmpty()) {
            namespace = defaultNamespace;
        }
        return new ResourceId(group, kind, namespace, body.path("metadata").path("name").asText(""));
    }

    /** The group of an apiVersion: {@code apps/v1} is "apps", {@code v1} is "". */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public boolean isClusterScoped() {
        return namespace.isEmpty();
    }

    @Override
    public int compareTo(ResourceId other) {
        return ORDER.compare(this, other);
    }

    /** {@code Deployment.apps istio-system/istiod-1-22-8}, for messages. */
    @Override
    public String toString() {
        return kind + (group.isEmpty() ? "" : "." + group) + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
