package dev.istiodsl.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeTest {

    private static final Scope API_ONLY = Scope.of(List.of());

    @Test
    void theKubernetesApiModelsSayWhichKindsAreNamespaced() {
        assertThat(API_ONLY.namespaced("", "ConfigMap")).contains(true);
        assertThat(API_ONLY.namespaced("apps", "Deployment")).contains(true);
        assertThat(API_ONLY.namespaced("rbac.authorization.k8s.io", "RoleBinding")).contains(true);
        assertThat(API_ONLY.namespaced("", "Namespace")).contains(false);
        assertThat(API_ONLY.namespaced("", "PersistentVolume")).contains(false);
        assertThat(API_ONLY.namespaced("rbac.authorization.k8s.io", "ClusterRole")).contains(false);
        assertThat(API_ONLY.namespaced("admissionregistration.k8s.io", "MutatingWebhookConfiguration"))
                .contains(false);
    }

    @Test
    void theGroupIsPartOfTheKind() {
        assertThat(API_ONLY.namespaced("example.com", "Deployment")).isEmpty();
        assertThat(API_ONLY.namespaced("security.istio.io", "PeerAuthentication")).isEmpty();
    }

    @Test
    void aCrdTheEnvironmentEmitsGivesItsKindsScope() {
        Scope scope = Scope.of(List.of(crd("example.com", "Widget", "Cluster"),
                crd("security.istio.io", "PeerAuthentication", "Namespaced")));
        assertThat(scope.namespaced("example.com", "Widget")).contains(false);
        assertThat(scope.namespaced("security.istio.io", "PeerAuthentication")).contains(true);
        assertThat(scope.namespaced("example.com", "Gadget")).isEmpty();
    }

    @Test
    void everyKindOfIstiosRealCrdBundleHasAKnownScope() throws Exception {
        Path bundle = Fixtures.resolve("istio-crds/1.29.2/crd-all.gen.yaml");
        List<Resource> crds = ManifestReader.read(Files.readString(bundle, StandardCharsets.UTF_8), "crd-all",
                "istio-system");
        Scope scope = Scope.of(crds);
        assertThat(crds).hasSizeGreaterThan(10).allSatisfy(crd -> assertThat(scope.namespaced(
                crd.body().at("/spec/group").asText(), crd.body().at("/spec/names/kind").asText()))
                .as(crd.name()).contains(true));
    }

    private static Resource crd(String group, String kind, String scope) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", "apiextensions.k8s.io/v1")
                .put("kind", "CustomResourceDefinition");
        body.putObject("metadata").put("name", kind.toLowerCase(java.util.Locale.ROOT) + "s." + group);
        ObjectNode spec = body.putObject("spec").put("group", group).put("scope", scope);
        spec.putObject("names").put("kind", kind);
        return new Resource(ResourceId.of(body, ""), body, "test");
    }
}
