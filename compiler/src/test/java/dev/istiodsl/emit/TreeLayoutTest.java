package dev.istiodsl.emit;

import dev.istiodsl.resource.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeLayoutTest {

    @Test
    void aResourceLivesUnderItsEnvironmentPartKindAndGroup() {
        assertThat(TreeLayout.path("prod", "revisions/1-22-8",
                new ResourceId("apps", "Deployment", "istio-system", "istiod-1-22-8")))
                .isEqualTo("prod/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml");
        assertThat(TreeLayout.path("prod", "crds", new ResourceId("apiextensions.k8s.io", "CustomResourceDefinition",
                "", "gateways.networking.istio.io")))
                .isEqualTo("prod/crds/customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io.yaml");
        assertThat(TreeLayout.path("prod", "base", new ResourceId("", "Service", "istio-system", "istiod")))
                .isEqualTo("prod/base/service/istio-system_istiod.yaml");
        assertThat(TreeLayout.path("test", "gateways/public/1-22-8",
                new ResourceId("", "Service", "istio-ingress", "public-1-22-8")))
                .isEqualTo("test/gateways/public/1-22-8/service/istio-ingress_public-1-22-8.yaml");
    }

    @Test
    void kindsAreLowerCasedTheSameWayInATurkishLocale() {
        Locale locale = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(TreeLayout.path("prod", "base", new ResourceId("install.istio.io", "IstioOperator", "x", "y")))
                    .isEqualTo("prod/base/istiooperator.install.istio.io/x_y.yaml");
        } finally {
            Locale.setDefault(locale);
        }
    }

    @Test
    void differentIdsNeverShareAPath() {
        List<ResourceId> ids = List.of(
                new ResourceId("", "Service", "istio-system", "istiod"),
                new ResourceId("", "Service", "istio-ingress", "istiod"),
                new ResourceId("", "Service", "istio", "system_istiod"),
                new ResourceId("networking.istio.io", "Gateway", "istio-system", "public"),
                new ResourceId("gateway.networking.k8s.io", "Gateway", "istio-system", "public"),
                new ResourceId("", "Gateway", "istio-system", "public"),
                new ResourceId("rbac.authorization.k8s.io", "ClusterRole", "", "istiod"),
                new ResourceId("rbac.authorization.k8s.io", "ClusterRoleBinding", "", "istiod"),
                new ResourceId("rbac.authorization.k8s.io", "Role", "istio-system", "istiod"),
                new ResourceId("apiextensions.k8s.io", "CustomResourceDefinition", "", "gateways.networking.istio.io"),
                new ResourceId("apiextensions.k8s.io", "CustomResourceDefinition", "", "gateways"),
                new ResourceId("", "Namespace", "", "istio-system"),
                new ResourceId("", "ConfigMap", "istio-system", "istio"),
                new ResourceId("", "ConfigMap", "istio-system", "istio.yaml"));
        Map<String, ResourceId> seen = new HashMap<>();
        for (ResourceId id : ids) {
            for (String part : List.of("base", "revisions/1-22-8", "revisions/1-22-8/x")) {
                ResourceId before = seen.put(TreeLayout.path("prod", part, id), id);
                assertThat(before).as("%s in %s", id, part).isNull();
            }
        }
        assertThat(seen).hasSize(ids.size() * 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/base", "base/", "base//x", "..", "revisions/../..", "./base", "a\\b", "a\nb"})
    void aPartThatCouldEscapeItsFolderIsABug(String part) {
        ResourceId id = new ResourceId("", "Service", "ns", "name");
        assertThatThrownBy(() -> TreeLayout.path("prod", part, id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".", "/prod"})
    void anEnvironmentMustBeOneFolderName(String environment) {
        ResourceId id = new ResourceId("", "Service", "ns", "name");
        assertThatThrownBy(() -> TreeLayout.path(environment, "base", id))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsThatWouldBreakTheLayoutAreBugs() {
        for (ResourceId id : List.of(new ResourceId("", "Service", "ns", "a/b"), new ResourceId("", "", "ns", "a"),
                new ResourceId("", "Service", "n_s", "a"), new ResourceId("", "Ser.vice", "ns", "a"),
                new ResourceId("", "Service", "ns", ""))) {
            assertThatThrownBy(() -> TreeLayout.path("prod", "base", id)).as("%s", id)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
