package dev.istiodsl.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Which kinds live in a namespace and which outside any. An environment knows it from the CustomResourceDefinitions
 * it emits ({@code spec.scope}), then from the Kubernetes API models on the classpath (fabric8's: a namespaced kind's
 * class implements {@code Namespaced}), then from a short list of cluster-scoped built-in kinds whose models the
 * compiler does not carry. A kind none of them knows (a custom resource whose CRD another tool installs) has no known
 * scope.
 */
public final class Scope {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding", "PriorityClass", "StorageClass", "PersistentVolume",
            "APIService", "CSIDriver", "IngressClass", "RuntimeClass", "GatewayClass", "PodSecurityPolicy",
            // Istio 1.4 and older: mesh-wide authentication and RBAC objects.
            "MeshPolicy", "ClusterRbacConfig");

    /** {@code group/Kind} of every Kubernetes API model on the classpath, to whether it is namespaced. */
    private static final class Models {
        static final Map<String, Boolean> NAMESPACED = load();

        private static Map<String, Boolean> load() {
            Map<String, Boolean> out = new HashMap<>();
            ServiceLoader.load(KubernetesResource.class, Scope.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::type)
                    .filter(HasMetadata.class::isAssignableFrom)
                    .forEach(type -> out.put(key(HasMetadata.getGroup(type), HasMetadata.getKind(type)),
                            Namespaced.class.isAssignableFrom(type)));
            return Map.copyOf(out);
        }
    }

    private final Map<String, Boolean> crds;

    private Scope(Map<String, Boolean> crds) {
        this.crds = crds;
    }

    /** What the CustomResourceDefinitions among {@code resources} say, over what the Kubernetes API says. */
    public static Scope of(Collection<Resource> resources) {
        Map<String, Boolean> crds = new HashMap<>();
        for (Resource resource : resources) {
            if (resource.kind().equals("CustomResourceDefinition")) {
                var spec = resource.body().path("spec");
                String scope = spec.path("scope").asText("");
                if (scope.equals("Namespaced") || scope.equals("Cluster")) {
                    crds.put(key(spec.path("group").asText(""), spec.path("names").path("kind").asText("")),
                            scope.equals("Namespaced"));
                }
            }
        }
        return new Scope(Map.copyOf(crds));
    }

    /** Whether objects of the kind live in a namespace; empty when nothing this scope knows defines the kind. */
    public Optional<Boolean> namespaced(String group, String kind) {
        Boolean known = crds.get(key(group, kind));
        if (known == null) {
            known = Models.NAMESPACED.get(key(group, kind));
        }
        if (known == null && CLUSTER_SCOPED.contains(kind)) {
            known = false;
        }
        return Optional.ofNullable(known);
    }

    /** By kind alone, for generated manifests, whose namespaced objects are written into the namespace they render to. */
    public static boolean isClusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /**
     * Whether the Kubernetes API (its models on the classpath, and the built-in kinds listed here) makes the kind
     * cluster-scoped, whatever CustomResourceDefinitions say: such an object never lives in a namespace, and the API
     * server drops a {@code metadata.namespace} written on it.
     */
    public static boolean isBuiltInClusterScoped(String group, String kind) {
        Boolean namespaced = Models.NAMESPACED.get(key(group, kind));
        return namespaced != null ? !namespaced : CLUSTER_SCOPED.contains(kind);
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }
}
