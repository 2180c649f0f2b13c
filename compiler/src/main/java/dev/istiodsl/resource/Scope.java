package dev.istiodsl.resource;

import java.util.Set;

/** Which kinds live outside namespaces. A namespaced object written without a namespace gets the default one. */
public final class Scope {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding", "PriorityClass", "StorageClass", "PersistentVolume",
            "APIService", "CSIDriver", "IngressClass", "RuntimeClass", "GatewayClass", "PodSecurityPolicy",
            // Istio 1.4 and older: mesh-wide authentication and RBAC objects.
            "MeshPolicy", "ClusterRbacConfig");

    private Scope() {
    }

    public static boolean isClusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }
}
