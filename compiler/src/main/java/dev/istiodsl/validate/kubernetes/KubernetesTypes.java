package dev.istiodsl.validate.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which fabric8 class models each core apiVersion and kind the compiler can emit. Old versions that fabric8 still
 * models (policy/v1beta1, autoscaling/v2beta1, apiextensions.k8s.io/v1beta1, ...) are read with their own class, so
 * an old manifest is checked against the schema it was written for; {@link RemovedApis} says whether the version is
 * still served. Not here, and so not checked: NetworkPolicy (fabric8 keeps it in kubernetes-model-networking, which
 * the compiler does not depend on) and every custom resource.
 */
final class KubernetesTypes {

    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            type("v1", "Namespace", Namespace.class),
            type("v1", "ServiceAccount", ServiceAccount.class),
            type("v1", "ConfigMap", ConfigMap.class),
            type("v1", "Secret", Secret.class),
            type("v1", "Service", Service.class),
            type("apps/v1", "Deployment", Deployment.class),
            type("apps/v1", "DaemonSet", DaemonSet.class),
            type("apps/v1", "StatefulSet", StatefulSet.class),
            type("autoscaling/v2", "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            type("autoscaling/v1", "HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class),
            type("autoscaling/v2beta2", "HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class),
            type("autoscaling/v2beta1", "HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2beta1.HorizontalPodAutoscaler.class),
            type("policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class),
            type("policy/v1beta1", "PodDisruptionBudget",
                    io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class),
            type("rbac.authorization.k8s.io/v1", "Role", Role.class),
            type("rbac.authorization.k8s.io/v1", "RoleBinding", RoleBinding.class),
            type("rbac.authorization.k8s.io/v1", "ClusterRole", ClusterRole.class),
            type("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", ClusterRoleBinding.class),
            type("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration",
                    MutatingWebhookConfiguration.class),
            type("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
                    ValidatingWebhookConfiguration.class),
            type("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", ValidatingAdmissionPolicy.class),
            type("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding",
                    ValidatingAdmissionPolicyBinding.class),
            type("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration",
                    io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.MutatingWebhookConfiguration.class),
            type("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration",
                    io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.ValidatingWebhookConfiguration
                            .class),
            type("apiextensions.k8s.io/v1", "CustomResourceDefinition", CustomResourceDefinition.class),
            type("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition",
                    io.fabric8.kubernetes.api.model.apiextensions.v1beta1.CustomResourceDefinition.class));

    /**
     * The Kubernetes types other objects embed (an IstioOperator's {@code k8s} settings), by name: the current API's
     * class first, then older API versions' classes of the same name, for readers that accepted those as well.
     */
    private static final Map<String, List<Class<?>>> PARTS = Map.ofEntries(
            Map.entry("Affinity", List.of(io.fabric8.kubernetes.api.model.Affinity.class)),
            Map.entry("EnvVar", List.of(io.fabric8.kubernetes.api.model.EnvVar.class)),
            Map.entry("Probe", List.of(io.fabric8.kubernetes.api.model.Probe.class)),
            Map.entry("ResourceRequirements", List.of(io.fabric8.kubernetes.api.model.ResourceRequirements.class)),
            Map.entry("ServiceSpec", List.of(io.fabric8.kubernetes.api.model.ServiceSpec.class)),
            Map.entry("Toleration", List.of(io.fabric8.kubernetes.api.model.Toleration.class)),
            Map.entry("PodSecurityContext", List.of(io.fabric8.kubernetes.api.model.PodSecurityContext.class)),
            Map.entry("Volume", List.of(io.fabric8.kubernetes.api.model.Volume.class)),
            Map.entry("VolumeMount", List.of(io.fabric8.kubernetes.api.model.VolumeMount.class)),
            Map.entry("DeploymentStrategy", List.of(io.fabric8.kubernetes.api.model.apps.DeploymentStrategy.class)),
            Map.entry("HorizontalPodAutoscalerSpec", List.of(
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec.class,
                    io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerSpec.class,
                    io.fabric8.kubernetes.api.model.autoscaling.v2beta1.HorizontalPodAutoscalerSpec.class)),
            Map.entry("PodDisruptionBudgetSpec", List.of(
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec.class,
                    io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetSpec.class)));

    private KubernetesTypes() {
    }

    /** The classes of an embedded Kubernetes type by name, current API first; empty for a name not modelled here. */
    static List<Class<?>> partsNamed(String name) {
        return PARTS.getOrDefault(name, List.of());
    }

    /** The class for an apiVersion and kind, or empty for a kind this validator leaves alone. */
    static Optional<Class<?>> typeOf(String apiVersion, String kind) {
        return Optional.ofNullable(TYPES.get(apiVersion + " " + kind));
    }

    private static Map.Entry<String, Class<?>> type(String apiVersion, String kind, Class<?> type) {
        return Map.entry(apiVersion + " " + kind, type);
    }
}
