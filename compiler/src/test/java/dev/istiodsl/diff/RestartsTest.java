package dev.istiodsl.diff;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout list is complete: a moved tag or binding, and also a change of what the revision injects (injector
 * template and values, {@code meshConfig.defaultConfig}), a namespace losing its label, and gateways whose pod template
 * changes, each with why and, for gateways, which revisions' pods take traffic meanwhile.
 */
class RestartsTest {

    private static final String INJECTOR = "prod/revisions/1-24-6/configmap/"
            + "istio-system_istio-sidecar-injector-1-24-6.yaml";
    private static final String MESH = "prod/revisions/1-24-6/configmap/istio-system_istio-1-24-6.yaml";
    private static final String GATEWAY = "prod/gateways/public/1-24-6/deployment.apps/"
            + "istio-ingress_public-1-24-6.yaml";

    /** One environment: web and old on tag stable -> 1-24-6, a gateway public of 1-24-6 behind a shared Service. */
    private static Map<String, String> tree() {
        Map<String, String> tree = new TreeMap<>();
        tree.put("prod/base/namespace/web.yaml", "apiVersion: v1\nkind: Namespace\n"
                + "metadata: {name: web, labels: {istio.io/rev: stable}}\n");
        tree.put("prod/base/namespace/old.yaml", "apiVersion: v1\nkind: Namespace\n"
                + "metadata: {name: old, labels: {istio.io/rev: stable}}\n");
        tree.put("prod/tags/stable/mutatingwebhookconfiguration.admissionregistration.k8s.io/istio-revision-tag-"
                + "stable.yaml", "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\n"
                + "metadata: {name: istio-revision-tag-stable, labels: {istio.io/rev: 1-24-6}}\n");
        tree.put(INJECTOR, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector-1-24-6,"
                + " namespace: istio-system}\ndata:\n  config: |\n    policy: enabled\n    templates: {}\n"
                + "  values: |\n    {\"global\": {\"proxy\": {\"image\": \"proxyv2\", \"resources\": {\"limits\":"
                + " {\"cpu\": \"2\"}}}}}\n");
        tree.put(MESH, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-1-24-6, namespace: istio-system}\n"
                + "data:\n  mesh: |\n    accessLogFile: /dev/stdout\n    defaultConfig:\n"
                + "      discoveryAddress: istiod-1-24-6.istio-system.svc:15012\n");
        tree.put(GATEWAY, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: public-1-24-6, namespace:"
                + " istio-ingress}\nspec:\n  template:\n    metadata:\n      annotations: {inject.istio.io/templates:"
                + " gateway}\n      labels: {app: public, istio: public, istio.io/rev: 1-24-6}\n    spec:\n"
                + "      containers:\n      - name: istio-proxy\n        image: auto\n");
        tree.put("prod/base/service/istio-ingress_public.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name:"
                + " public, namespace: istio-ingress}\nspec: {selector: {istio: public}}\n");
        return tree;
    }

    private static List<String> restarts(UnaryOperator<Map<String, String>> change) {
        Map<String, String> before = tree();
        Map<String, String> after = change.apply(tree());
        return TreeDiff.of("HEAD", bytes(before), bytes(after)).restarts().stream().map(r -> r.namespace() + " "
                + r.what() + ": " + r.why()).toList();
    }

    private static Map<String, byte[]> bytes(Map<String, String> tree) {
        Map<String, byte[]> out = new TreeMap<>();
        tree.forEach((path, text) -> out.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static final String TRAFFIC = "during the move, Service istio-ingress/public sends traffic to the gateway"
            + " pods of 1-24-6";

    @Test
    void nothingChangedNothingRestarts() {
        assertThat(restarts(tree -> tree)).isEmpty();
    }

    @Test
    void newProxyResourcesInTheInjectorValuesRestartTheNamespacesAndGatewaysOfTheRevision() {
        List<String> restarts = restarts(tree -> {
            tree.computeIfPresent(INJECTOR, (p, text) -> text.replace("\"cpu\": \"2\"", "\"cpu\": \"4\""));
            return tree;
        });

        String why = "the sidecar injector values of 1-24-6 changed (global.proxy.resources.limits.cpu)";
        assertThat(restarts).containsExactly(
                "istio-ingress Deployment public-1-24-6: its proxy is injected by 1-24-6, and " + why
                        + ": restart it (kubectl rollout restart); " + TRAFFIC,
                "old every workload: " + why,
                "web every workload: " + why);
    }

    @Test
    void aChangedInjectorTemplateRestartsTheNamespacesOfTheRevision() {
        List<String> restarts = restarts(tree -> {
            tree.computeIfPresent(INJECTOR, (p, text) -> text.replace("policy: enabled", "policy: disabled"));
            tree.remove(GATEWAY);
            return tree;
        });

        assertThat(restarts).containsExactly("old every workload: the sidecar injector template of 1-24-6 changed",
                "web every workload: the sidecar injector template of 1-24-6 changed");
    }

    @Test
    void holdApplicationUntilProxyStartsInTheMeshDefaultConfigRestartsTheNamespacesOfTheRevision() {
        List<String> restarts = restarts(tree -> {
            tree.computeIfPresent(MESH, (p, text) -> text + "      holdApplicationUntilProxyStarts: true\n");
            tree.remove(GATEWAY);
            return tree;
        });

        String why = "meshConfig.defaultConfig of 1-24-6 changed (defaultConfig.holdApplicationUntilProxyStarts),"
                + " read by each proxy when it starts";
        assertThat(restarts).containsExactly("old every workload: " + why, "web every workload: " + why);
    }

    @Test
    void aMeshConfigChangeOutsideDefaultConfigRestartsNothing() {
        assertThat(restarts(tree -> {
            tree.computeIfPresent(MESH, (p, text) -> text.replace("/dev/stdout", "/dev/null"));
            return tree;
        })).isEmpty();
    }

    @Test
    void aNamespaceThatLosesItsLabelRestartsToLeaveTheMesh() {
        List<String> restarts = restarts(tree -> {
            tree.put("prod/base/namespace/old.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: old}\n");
            return tree;
        });

        assertThat(restarts).containsExactly("old every workload: it loses its label istio.io/rev=stable: running"
                + " pods keep the 1-24-6 sidecar until they restart, and restarted they start without one");
    }

    @Test
    void aGatewayWhosePodTemplateChangesRollsAndSaysWhichRevisionsTakeTraffic() {
        List<String> restarts = restarts(tree -> {
            tree.computeIfPresent(GATEWAY, (p, text) -> text.replace("image: auto", "image: auto\n"
                    + "        resources: {limits: {cpu: '2'}}"));
            tree.put("prod/gateways/public/1-26-8/deployment.apps/istio-ingress_public-1-26-8.yaml", tree.get(GATEWAY)
                    .replace("1-24-6", "1-26-8"));
            return tree;
        });

        assertThat(restarts).containsExactly(
                "istio-ingress Deployment public-1-24-6: its pod template changes"
                        + " (spec.template.spec.containers[name=istio-proxy].resources): Kubernetes rolls its pods"
                        + " when the change is applied; during the move, Service istio-ingress/public sends traffic"
                        + " to the gateway pods of 1-24-6 and 1-26-8",
                "istio-ingress Deployment public-1-26-8: a new gateway Deployment of revision 1-26-8: its pods take"
                        + " traffic once ready; during the move, Service istio-ingress/public sends traffic to the"
                        + " gateway pods of 1-24-6 and 1-26-8");
    }
}
