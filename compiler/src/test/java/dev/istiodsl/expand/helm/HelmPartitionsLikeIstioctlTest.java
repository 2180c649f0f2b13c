package dev.istiodsl.expand.helm;

import com.marcnuri.helm.Helm;
import dev.istiodsl.compiler.CompileResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm expander's main property: a revision rendered from Istio's charts lands in exactly the parts, under
 * exactly the names and with exactly the bodies, of the same revision read from what istioctl prints for it. The
 * istioctl side is written here by hand: the same charts rendered as istioctl renders them (release {@code istio},
 * the values istioctl derives from the IstioOperator, one gateway component {@code <gateway>-<revision>}), then put
 * in istioctl's shape (sorted keys, no comments, its kind order) and read through {@code manifest}.
 */
class HelmPartitionsLikeIstioctlTest {

    /** A canary: two revisions and two tags in {@code test}, the older alone in {@code prod}. */
    private static final String MESH = """
            mesh shop {
              kubernetes 1.29
              hub "registry.example.com/istio"
              revision 1-24-6 { istio 1.24.6  %s }
              revision 1-26-8 { istio 1.26.8  %s }
              gateway istio-ingressgateway { namespace istio-ingress  replicas 2  port http2 80 -> 8080 }
              tag default -> 1-24-6
              environment test {
                revisions 1-24-6, 1-26-8
                tag canary -> 1-26-8
                namespaces { payments -> default  search -> canary }
              }
              environment prod after test soak 7d {
                revisions 1-24-6
                namespaces { payments -> default }
              }
            }
            """;

    /** On one line, so both meshes report their findings on the same lines. */
    private static final String CHARTS_1_24 = "charts \"charts/1.24.6\"  values { pilot: { autoscaleMin: 2 } }"
            + "  meshConfig { accessLogFile: \"/dev/stdout\" }";

    /** What istioctl hands the base and istiod charts of 1-24-6: the default tag points at it in both environments. */
    private static final String ISTIOCTL_VALUES_1_24 = """
            {"global": {"istioNamespace": "istio-system", "tag": "1.24.6", "hub": "registry.example.com/istio"},
             "pilot": {"autoscaleMin": 2}, "revision": "1-24-6", "meshConfig": {"accessLogFile": "/dev/stdout"},
             "revisionTags": ["default"], "defaultRevision": "1-24-6"}""";

    private static final String ISTIOCTL_VALUES_1_26 = """
            {"global": {"istioNamespace": "istio-system", "tag": "1.26.8", "hub": "registry.example.com/istio"},
             "revision": "1-26-8", "revisionTags": ["canary"]}""";

    /** The gateway component the istioctl path declares: named <gateway>-<revision>, labelled for the shared Service. */
    private static final String ISTIOCTL_GATEWAY = """
            {"global": {"istioNamespace": "istio-system", "tag": "%1$s", "hub": "registry.example.com/istio"},
             "revision": "%2$s", "labels": {"app": "istio-ingressgateway", "istio": "ingressgateway"},
             "service": {"type": "None"}, "replicaCount": 2, "autoscaling": {"minReplicas": 2, "maxReplicas": 2}}""";

    @TempDir
    Path temp;

    @Test
    void aCanaryRenderedFromChartsIsPartitionedExactlyLikeIstioctlsOutputForTheSameRevisions() throws Exception {
        Path helm = helmProject(temp.resolve("helm"), false);
        Path istioctl = istioctlProject(temp.resolve("istioctl"));

        CompileResult fromCharts = HelmProjects.compile(helm);
        CompileResult fromIstioctl = HelmProjects.compile(istioctl);

        assertThat(HelmProjects.errors(fromCharts)).isEmpty();
        assertThat(HelmProjects.errors(fromIstioctl)).isEmpty();
        SortedMap<String, String> tree = HelmProjects.tree(helm);
        assertThat(tree).isEqualTo(HelmProjects.tree(istioctl));
        assertThat(fromCharts.diagnostics()).isEqualTo(fromIstioctl.diagnostics());

        // What the parts hold, so equal trees are also the trees a canary needs.
        assertThat(tree).containsKeys(
                "test/crds/customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io.yaml",
                "test/base/serviceaccount/istio-system_istio-reader-service-account.yaml",
                "test/base/service/istio-ingress_istio-ingressgateway.yaml",
                "test/base/service/istio-system_istiod.yaml",
                "test/revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml",
                "test/revisions/1-26-8/configmap/istio-system_istio-sidecar-injector-1-26-8.yaml",
                "test/tags/default/mutatingwebhookconfiguration.admissionregistration.k8s.io/"
                        + "istio-revision-tag-default.yaml",
                "test/tags/default/validatingwebhookconfiguration.admissionregistration.k8s.io/"
                        + "istiod-default-validator.yaml",
                "test/tags/canary/mutatingwebhookconfiguration.admissionregistration.k8s.io/"
                        + "istio-revision-tag-canary.yaml",
                "test/gateways/istio-ingressgateway/1-24-6/deployment.apps/"
                        + "istio-ingress_istio-ingressgateway-1-24-6.yaml",
                "test/gateways/istio-ingressgateway/1-26-8/serviceaccount/"
                        + "istio-ingress_istio-ingressgateway-1-26-8.yaml",
                "prod/revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml");
        assertThat(tree.keySet()).noneMatch(path -> path.startsWith("prod/revisions/1-26-8/")
                || path.startsWith("prod/tags/canary/"));
        assertThat(tree.get("test/crds/customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io"
                + ".yaml")).as("CRDs come from the newest version").contains("helm.sh/chart: base-1.26.8");
        assertThat(tree.get("test/revisions/1-24-6/configmap/istio-system_istio-1-24-6.yaml"))
                .contains("accessLogFile: /dev/stdout", "istiodsl.test/kube-version: v1.29.0");
        assertThat(tree.get("test/revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml"))
                .contains("image: registry.example.com/istio/pilot:1.24.6", "value: \"2\"");
    }

    @Test
    void chartArchivesRenderTheTreeTheirUnpackedChartsRender() throws Exception {
        Path folders = helmProject(temp.resolve("folders"), false);
        Path archives = helmProject(temp.resolve("archives"), true);
        assertThat(archives.resolve("charts/1.24.6/istiod-1.24.6.tgz")).isRegularFile();
        assertThat(archives.resolve("charts/1.24.6/istiod")).doesNotExist();

        CompileResult fromArchives = HelmProjects.compile(archives);
        HelmProjects.compile(folders);

        assertThat(HelmProjects.errors(fromArchives)).isEmpty();
        assertThat(HelmProjects.tree(archives)).isEqualTo(HelmProjects.tree(folders)).isNotEmpty();
    }

    private static Path helmProject(Path project, boolean archives) {
        HelmProjects.mesh(project, MESH.formatted(CHARTS_1_24, "charts \"charts/1.26.8\""));
        for (String version : new String[] {"1.24.6", "1.26.8"}) {
            Path folder = project.resolve("charts").resolve(version);
            if (archives) {
                IstioShapedCharts.archives(folder, version);
            } else {
                IstioShapedCharts.folders(folder, version);
            }
        }
        return project;
    }

    /** The same mesh, each revision read from what istioctl prints for it. */
    private static Path istioctlProject(Path project) throws IOException {
        HelmProjects.mesh(project, MESH.formatted("manifest \"manifests/1-24-6.yaml\"",
                "manifest \"manifests/1-26-8.yaml\""));
        Path charts = Files.createDirectories(project.resolveSibling("istioctl-charts"));
        Files.createDirectories(project.resolve("manifests"));
        Files.writeString(project.resolve("manifests/1-24-6.yaml"), istioctlPrints(charts, "1.24.6", "1-24-6",
                ISTIOCTL_VALUES_1_24));
        Files.writeString(project.resolve("manifests/1-26-8.yaml"), istioctlPrints(charts, "1.26.8", "1-26-8",
                ISTIOCTL_VALUES_1_26));
        return project;
    }

    /** istioctl's rendering of the charts: release "istio" for base and istiod, one gateway component. */
    private static String istioctlPrints(Path scratch, String version, String revision, String values)
            throws IOException {
        Path charts = IstioShapedCharts.folders(scratch.resolve(version), version);
        Path shared = Files.writeString(scratch.resolve(revision + ".json"), values);
        String base = values.replaceFirst("\\{", "{\"base\": {\"enableCRDTemplates\": true}, ");
        Path baseValues = Files.writeString(scratch.resolve(revision + "-base.json"), base);
        Path gateway = Files.writeString(scratch.resolve(revision + "-gateway.json"),
                ISTIOCTL_GATEWAY.formatted(version, revision));
        return IstioctlShape.of(
                template(charts.resolve("base"), "istio", "istio-system", baseValues),
                template(charts.resolve("istiod"), "istio", "istio-system", shared),
                template(charts.resolve("gateway"), "istio-ingressgateway-" + revision, "istio-ingress", gateway));
    }

    private static String template(Path chart, String release, String namespace, Path values) {
        return new Helm(chart).template().withName(release).withNamespace(namespace).withKubeVersion("1.29.0")
                .withValuesFile(values).call();
    }
}
