package dev.istiodsl.expand.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the charts are given besides the values the istioctl comparison covers: the Kubernetes version, crds/. */
class HelmReleasesTest {

    @TempDir
    Path temp;

    @Test
    void theChartsSeeTheEnvironmentsKubernetesElseTheLowestTheIstioMinorSupports() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  revision 1-24-6 { istio 1.24.6  charts "charts" }
                  environment test { kubernetes 1.30  revisions 1-24-6 }
                  environment prod after test soak 1d { revisions 1-24-6 }
                }
                """);
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).isEmpty();

        String configMap = "revisions/1-24-6/configmap/istio-system_istio-1-24-6.yaml";
        assertThat(project.resolve("deploy/istio/test").resolve(configMap)).content()
                .contains("istiodsl.test/kube-version: v1.30.0");
        // Istio 1.24 supports Kubernetes 1.28 to 1.31 (the stdlib's version facts).
        assertThat(project.resolve("deploy/istio/prod").resolve(configMap)).content()
                .contains("istiodsl.test/kube-version: v1.28.0");
    }

    @Test
    void crdsKeptOnlyInTheChartsCrdsFolderAreAppendedAsIstioctlAppendsThem() throws Exception {
        Path project = HelmProjects.mesh(temp.resolve("project"), """
                mesh shop {
                  kubernetes 1.29
                  revision 1-24-6 { istio 1.24.6  charts "charts" }
                  environment test { revisions 1-24-6 }
                }
                """);
        IstioShapedCharts.folders(project.resolve("charts"), "1.24.6");
        // The layout of older base charts: CRDs in crds/, which Helm's template command does not render.
        Files.delete(project.resolve("charts/base/templates/crds.yaml"));
        IstioShapedCharts.write(project.resolve("charts/base"), Map.of("crds/crd-all.gen.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: sidecars.networking.istio.io
                spec:
                  group: networking.istio.io
                  names: {kind: Sidecar, listKind: SidecarList, plural: sidecars, singular: sidecar}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """));

        assertThat(HelmProjects.errors(HelmProjects.compile(project))).isEmpty();

        assertThat(HelmProjects.tree(project)).containsKey(
                "test/crds/customresourcedefinition.apiextensions.k8s.io/sidecars.networking.istio.io.yaml");
    }
}
