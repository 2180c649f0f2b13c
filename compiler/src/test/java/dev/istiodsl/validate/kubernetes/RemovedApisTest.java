package dev.istiodsl.validate.kubernetes;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** API versions the environment's Kubernetes no longer serves, or serves with a deprecation warning. */
class RemovedApisTest {

    private static final KubernetesVersion K8S_1_30 = new KubernetesVersion(1, 30);

    private final RemovedApis apis = RemovedApis.shipped();

    private static Resource resource(String apiVersion, String kind) throws Exception {
        return ManifestReader.read("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: istiod}\n",
                "test", "istio-system").get(0);
    }

    @Test
    void aRemovedVersionIsAnError_namingWhenItWentAndWhatToUse() throws Exception {
        List<Finding> findings = apis.check(resource("policy/v1beta1", "PodDisruptionBudget"), K8S_1_30);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("Kubernetes.RemovedApi");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.path()).isEqualTo("/apiVersion");
            assertThat(f.resource()).get().hasToString("PodDisruptionBudget.policy istio-system/istiod");
            assertThat(f.message()).isEqualTo("policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; "
                    + "this environment runs 1.30: use policy/v1");
            assertThat(f.hint()).contains("empty spec.selector");
        });
    }

    @Test
    void theReleaseThatRemovesAVersionAlreadyRejectsIt() throws Exception {
        Resource hpa = resource("autoscaling/v2beta2", "HorizontalPodAutoscaler");

        assertThat(apis.check(hpa, new KubernetesVersion(1, 26))).extracting(Finding::id)
                .containsExactly("Kubernetes.RemovedApi");
        assertThat(apis.check(hpa, new KubernetesVersion(1, 25))).extracting(Finding::id)
                .containsExactly("Kubernetes.DeprecatedApi");
        assertThat(apis.check(hpa, new KubernetesVersion(1, 22))).isEmpty();
    }

    @Test
    void aDeprecatedVersionNotYetRemovedIsAWarning() throws Exception {
        List<Finding> findings = apis.check(resource("policy/v1beta1", "PodDisruptionBudget"),
                new KubernetesVersion(1, 22));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("Kubernetes.DeprecatedApi");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("policy/v1beta1 PodDisruptionBudget is deprecated since Kubernetes 1.21 "
                    + "and is removed in 1.25; this environment runs 1.22: use policy/v1");
        });
    }

    @Test
    void aVersionWithNoReplacementSaysSo() throws Exception {
        assertThat(apis.check(resource("policy/v1beta1", "PodSecurityPolicy"), K8S_1_30)).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).endsWith("this environment runs 1.30: it has no replacement API");
                    assertThat(f.hint()).contains("Pod Security Admission");
                });
    }

    @Test
    void currentVersionsAndUnknownGroupsAreFine() throws Exception {
        assertThat(apis.check(resource("policy/v1", "PodDisruptionBudget"), K8S_1_30)).isEmpty();
        assertThat(apis.check(resource("autoscaling/v2", "HorizontalPodAutoscaler"), K8S_1_30)).isEmpty();
        assertThat(apis.check(resource("v1", "Service"), K8S_1_30)).isEmpty();
        assertThat(apis.check(resource("networking.istio.io/v1alpha3", "EnvoyFilter"), K8S_1_30)).isEmpty();
        assertThat(apis.check(resource("example.com/v1beta1", "PodDisruptionBudget"), K8S_1_30)).isEmpty();
    }

    @Test
    void theShippedDataCoversTheVersionsIstioEverEmitted() {
        assertThat(apis.all()).extracting(a -> a.apiVersion() + " " + a.kind() + " " + a.removedIn().orElseThrow())
                .contains("extensions/v1beta1 Deployment 1.16", "apps/v1beta1 Deployment 1.16",
                        "apps/v1beta2 DaemonSet 1.16", "policy/v1beta1 PodDisruptionBudget 1.25",
                        "autoscaling/v2beta1 HorizontalPodAutoscaler 1.25",
                        "autoscaling/v2beta2 HorizontalPodAutoscaler 1.26",
                        "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration 1.22",
                        "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration 1.22",
                        "apiextensions.k8s.io/v1beta1 CustomResourceDefinition 1.22",
                        "rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding 1.22",
                        "networking.k8s.io/v1beta1 Ingress 1.22", "policy/v1beta1 PodSecurityPolicy 1.25",
                        "flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema 1.29",
                        "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration 1.32",
                        "admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy 1.34");
        assertThat(apis.all()).allSatisfy(a -> assertThat(a.deprecatedIn()).isPresent()
                .hasValueSatisfying(d -> assertThat(d).isLessThan(a.removedIn().orElseThrow())));
    }

    @Test
    void malformedDataIsRefused() {
        assertThatThrownBy(() -> RemovedApis.parse("apis:\n- {group: policy, version: v1beta1, kinds: [X], "
                + "removedIn: 1.30}\n")).hasMessageContaining("quoted version");
        assertThatThrownBy(() -> RemovedApis.parse("apis:\n- {group: policy, version: v1beta1, kinds: [X]}\n"))
                .hasMessageContaining("neither deprecatedIn nor removedIn");
        assertThatThrownBy(() -> RemovedApis.parse("apis:\n- {group: a, version: v1, kinds: [X, X], "
                + "removedIn: \"1.2\"}\n")).hasMessageContaining("listed twice");
    }

    /** Old istioctl output against a current cluster: every removed object, counted per apiVersion and kind. */
    @Test
    void istio1_4_1_6_and_1_8_outputsUseApisThatKubernetes1_30NoLongerServes() throws Exception {
        assertThat(removedAt130("istio-manifests/1.4.2/manifest.yaml")).containsExactly(
                entry("admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration", 1),
                entry("apiextensions.k8s.io/v1beta1 CustomResourceDefinition", 23),
                entry("autoscaling/v2beta1 HorizontalPodAutoscaler", 1),
                entry("policy/v1beta1 PodDisruptionBudget", 8));
        assertThat(removedAt130("istio-manifests/1.6.8/manifest.yaml")).containsExactly(
                entry("admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration", 1),
                entry("admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration", 1),
                entry("apiextensions.k8s.io/v1beta1 CustomResourceDefinition", 25),
                entry("autoscaling/v2beta1 HorizontalPodAutoscaler", 2),
                entry("policy/v1beta1 PodDisruptionBudget", 2));
        assertThat(removedAt130("istio-manifests/1.8.1/manifest.yaml")).containsExactly(
                entry("admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration", 1),
                entry("admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration", 1),
                entry("apiextensions.k8s.io/v1beta1 CustomResourceDefinition", 12),
                // This output has no HorizontalPodAutoscaler at all.
                entry("policy/v1beta1 PodDisruptionBudget", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio-helm-rendered/1.20.8-rev-1-20-8", "istio-helm-rendered/1.22.8-rev-1-22-8",
            "istio-helm-rendered/1.24.6-rev-1-24-6", "istio-helm-rendered/1.26.8-rev-1-26-8",
            "istio-helm-rendered/1.26.8-revisionless", "istio-helm-rendered/1.28.10-rev-1-28-10",
            "istio-helm-rendered/1.30.3-rev-1-30-3", "istio-manifests/1.20.2", "istio-manifests/1.22.2",
            "istio-manifests/1.24.2", "istio-manifests/1.26.3", "istio-manifests/1.28.4", "istio-manifests/1.29.2"})
    void recentOutputsUseOnlyApisKubernetes1_30Serves(String fixture) throws Exception {
        assertThat(findings(fixture + "/manifest.yaml", K8S_1_30)).isEmpty();
    }

    @Test
    void istio1_10OutputOnKubernetes1_21IsOnlyWarnedAbout() throws Exception {
        assertThat(findings("istio-manifests/1.10.2/manifest.yaml", new KubernetesVersion(1, 21)))
                .extracting(f -> f.id() + " " + f.resource().orElseThrow().kind())
                .containsExactly("Kubernetes.DeprecatedApi PodDisruptionBudget",
                        "Kubernetes.DeprecatedApi PodDisruptionBudget");
    }

    private Map<String, Integer> removedAt130(String fixture) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (Finding f : findings(fixture, K8S_1_30)) {
            assertThat(f.id()).isEqualTo("Kubernetes.RemovedApi");
            counts.merge(f.message().substring(0, f.message().indexOf(" was removed")), 1, Integer::sum);
        }
        return counts;
    }

    private List<Finding> findings(String fixture, KubernetesVersion cluster) throws Exception {
        List<Resource> resources = ManifestReader.read(Files.readString(Fixtures.resolve(fixture)), fixture,
                "istio-system");
        return resources.stream().flatMap(r -> apis.check(r, cluster).stream()).toList();
    }
}
