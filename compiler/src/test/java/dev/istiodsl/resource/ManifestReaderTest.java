package dev.istiodsl.resource;

import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading generated manifests, istioctl's and Helm's formatting alike, into resources. */
class ManifestReaderTest {

    private static final String ORIGIN = "istioctl 1.22.8 for revision '1-22-8'";

    private static List<Resource> read(String text) throws ManifestReader.Problem {
        return ManifestReader.read(text, ORIGIN, "istio-system");
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: istio-system\n";
    }

    @Test
    void emptyDocumentsAndRunsOfSeparatorsAreSkipped() throws Exception {
        String text = "---\n---\n\n---\n" + configMap("a") + "---\n---\n...\n---\n" + configMap("b") + "---\n";

        assertThat(read(text)).extracting(Resource::name).containsExactly("a", "b");
    }

    @Test
    void commentsAndHelmSourceLinesAreIgnored_andACommentOnlyDocumentYieldsNothing() throws Exception {
        String text = """
                ---
                # Source: base/templates/reader-serviceaccount.yaml
                # This service account aggregates reader permissions
                apiVersion: v1   # trailing comment
                kind: ServiceAccount
                metadata:
                  name: istio-reader-service-account   # another
                  namespace: istio-system
                ---
                # Source: istiod/templates/poddisruptionbudget.yaml
                # (rendered nothing: this document has only comments)
                ---
                # Resources for Pilot component
                """ + configMap("istio-1-22-8");

        List<Resource> resources = read(text);

        assertThat(resources).extracting(r -> r.id().toString()).containsExactly(
                "ServiceAccount istio-system/istio-reader-service-account", "ConfigMap istio-system/istio-1-22-8");
        assertThat(resources.get(0).body().toString()).doesNotContain("#", "Source", "trailing");
    }

    @Test
    void aListIsUnpackedIntoItsItemsInTheirOrder() throws Exception {
        String text = configMap("before") + """
                ---
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: zeta, namespace: istio-system}
                - apiVersion: v1
                  kind: Service
                  metadata: {name: alpha, namespace: istio-system}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: mu}
                ---
                """ + configMap("after");

        assertThat(read(text)).extracting(r -> r.id().toString()).containsExactly("ConfigMap istio-system/before",
                "ConfigMap istio-system/zeta", "Service istio-system/alpha", "ConfigMap istio-system/mu",
                "ConfigMap istio-system/after");
    }

    @Test
    void aClusterScopedKindGetsNoNamespace_evenWhenOneIsWritten() throws Exception {
        String text = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: istiod-clusterrole-1-22-8-istio-system
                  namespace: istio-system
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata:
                  name: istio-revision-tag-stable
                  namespace: istio-system
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gateways.networking.istio.io
                """;

        List<Resource> resources = ManifestReader.read(text, ORIGIN, "elsewhere");

        assertThat(resources).extracting(Resource::id).containsExactly(
                new ResourceId("rbac.authorization.k8s.io", "ClusterRole", "",
                        "istiod-clusterrole-1-22-8-istio-system"),
                new ResourceId("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "",
                        "istio-revision-tag-stable"),
                new ResourceId("apiextensions.k8s.io", "CustomResourceDefinition", "",
                        "gateways.networking.istio.io"));
        assertThat(resources).allMatch(r -> r.id().isClusterScoped());
    }

    @Test
    void aNamespacedObjectWithoutNamespaceGetsTheDefault_andOneWithANamespaceKeepsIt() throws Exception {
        String text = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: istiod-1-22-8
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: EnvoyFilter
                metadata:
                  name: stats-filter-1.13-1-22-8
                  namespace: ""
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: istio-ingressgateway-1-22-8
                  namespace: istio-ingress
                """;

        List<Resource> resources = ManifestReader.read(text, ORIGIN, "mesh-control");

        assertThat(resources).extracting(r -> r.id().toString()).containsExactly(
                "Deployment.apps mesh-control/istiod-1-22-8",
                "EnvoyFilter.networking.istio.io mesh-control/stats-filter-1.13-1-22-8",
                "ServiceAccount istio-ingress/istio-ingressgateway-1-22-8");
    }

    @Test
    void aDuplicateKeyIsRefusedWithItsLine() {
        // The column is where the parser noticed (the second value), so only the line is pinned.
        String text = configMap("first") + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: second
                  namespace: istio-system
                data:
                  mesh: a
                  mesh: b
                """;

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessageMatching("the manifest is not valid YAML at line 14, column \\d+: key 'mesh' appears twice "
                        + "in one map");
    }

    @Test
    void anAnchorIsRefusedWithItsLine() {
        String text = configMap("a") + """
                data: &shared
                  mesh: a
                """;

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("the manifest is not valid YAML at line 6, column 7: YAML anchors (&shared) are not "
                        + "supported; write the value out");
    }

    @Test
    void anAliasIsRefusedWithItsLine() {
        String text = configMap("a") + """
                data:
                  mesh: *shared
                """;

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("the manifest is not valid YAML at line 7, column 9: YAML aliases (*shared) are not "
                        + "supported; write the value out");
    }

    @Test
    void aDocumentWithoutKindIsRefusedNamingItsNumber() {
        String text = configMap("a") + "---\napiVersion: v1\nmetadata:\n  name: b\n";

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("document 2 lacks kind");
    }

    @Test
    void aDocumentIsNumberedByItsPlaceInTheText_countingCommentOnlyDocuments() {
        String text = "---\n# Source: istiod/templates/a.yaml\n---\n# Source: istiod/templates/b.yaml\n---\n"
                + configMap("a") + "---\napiVersion: v1\nmetadata:\n  name: b\n";

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("document 4 lacks kind");
    }

    @Test
    void aDocumentWithoutApiVersionIsRefusedNamingItsNumber() {
        String text = configMap("a") + "---\n" + configMap("b") + "---\nkind: Service\nmetadata:\n  name: c\n";

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("document 3 lacks apiVersion");
    }

    @Test
    void aDocumentWithoutNameIsRefusedNamingItsNumber() {
        String text = "apiVersion: v1\nkind: Service\nmetadata:\n  namespace: istio-system\n";

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("document 1 lacks metadata.name");
    }

    @Test
    void aListItemWithoutNameIsRefusedNamingTheDocumentAndTheItem() {
        String text = configMap("a") + "---\napiVersion: v1\nkind: List\nitems:\n- " + "apiVersion: v1\n  kind: "
                + "ConfigMap\n  metadata: {name: x}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {}\n";

        assertThatThrownBy(() -> read(text)).isInstanceOf(ManifestReader.Problem.class)
                .hasMessage("document 2 item 2 lacks metadata.name");
    }

    @Test
    void nullFieldsAreDropped_likeHelmsBareEnv() throws Exception {
        String text = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: istio-ingressgateway-1-22-8
                  namespace: istio-ingress
                  annotations:
                spec:
                  template:
                    spec:
                      containers:
                      - name: istio-proxy
                        env:
                        args: ~
                        image: auto
                        securityContext: null
                """;

        Resource deployment = read(text).get(0);

        assertThat(deployment.body().path("metadata").has("annotations")).isFalse();
        assertThat(deployment.body().path("spec").path("template").path("spec").path("containers").get(0).toString())
                .isEqualTo("{\"name\":\"istio-proxy\",\"image\":\"auto\"}");
    }

    @Test
    void anEmptyManifestHasNoResources() throws Exception {
        assertThat(read("")).isEmpty();
        assertThat(read("# nothing rendered\n---\n")).isEmpty();
    }

    @Test
    void eachResourceKeepsItsOrigin() throws Exception {
        assertThat(read(configMap("a"))).extracting(Resource::origin).containsExactly(ORIGIN);
    }

    static Stream<String> fixtureManifests() throws IOException {
        Path root = Fixtures.root();
        try (Stream<Path> istioctl = Files.list(root.resolve("istio-manifests"));
                Stream<Path> helm = Files.list(root.resolve("istio-helm-rendered"))) {
            return Stream.concat(istioctl, helm).map(dir -> dir.resolve("manifest.yaml")).filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString()).sorted().toList().stream();
        }
    }

    /**
     * Every real istioctl and Helm output reads, one resource per document: in these files (no {@code List}s) a
     * document's {@code kind:} is the only line that starts with {@code kind:}, so counting those lines is an
     * independent count of what the reader must return.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureManifests")
    void everyFixtureManifestReads_oneResourcePerDocument(String fixture) throws Exception {
        String text = Files.readString(Fixtures.resolve(fixture));
        long documents = text.lines().filter(line -> line.startsWith("kind:")).count();

        List<Resource> resources = read(text);

        assertThat(resources).hasSizeGreaterThan(0).hasSize((int) documents);
        assertThat(resources).allSatisfy(r -> assertThat(r.origin()).isEqualTo(ORIGIN));
    }

    @Test
    void aNumberNoFloat64HoldsIsAProblemWithItsPlace_whateverRenderedIt() {
        assertThatThrownBy(() -> read(configMap("a") + "data: {}\nextra: -1e99999999999\n"))
                .isInstanceOf(ManifestReader.Problem.class)
                .hasMessageStartingWith("at line 7, column 8: the number -1e99999999999 is out of range (");
    }
}
