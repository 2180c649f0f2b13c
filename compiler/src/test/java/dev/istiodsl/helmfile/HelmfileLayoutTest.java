package dev.istiodsl.helmfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.partition.Part;
import dev.istiodsl.testing.StandInIstioctl;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helmfile output applies what Flux output applies: each chart, rendered by the embedded Helm engine, gives exactly the
 * resources of the matching Flux part, and the releases wait for one another as the Flux Kustomizations do.
 */
class HelmfileLayoutTest {

    private static final String KUBE_VERSION = "1.29.0";

    @TempDir
    static Path temp;

    // ---- the layout on its own ------------------------------------------------------------------------------------

    /** A canary environment's parts as the pipeline hands them over: paths relative to the environment folder. */
    private static SortedMap<Part, SortedSet<String>> canaryParts() {
        SortedMap<Part, SortedSet<String>> parts = new TreeMap<>();
        parts.put(Part.CRDS, new TreeSet<>(List.of(
                "crds/customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io.yaml")));
        parts.put(Part.BASE, new TreeSet<>(List.of("base/namespace/istio-system.yaml")));
        parts.put(Part.revision("1-22-8"), new TreeSet<>(List.of(
                "revisions/1-22-8/configmap/istio-system_istio-sidecar-injector-1-22-8.yaml")));
        parts.put(Part.revision("1-24-6"), new TreeSet<>(List.of(
                "revisions/1-24-6/configmap/istio-system_istio-sidecar-injector-1-24-6.yaml")));
        parts.put(Part.tag("stable"), new TreeSet<>(List.of("tags/stable/mutatingwebhookconfiguration"
                + ".admissionregistration.k8s.io/istio-revision-tag-stable.yaml")));
        parts.put(Part.gateway("public", "1-24-6"), new TreeSet<>(List.of(
                "gateways/public/1-24-6/deployment.apps/istio-ingress_public-1-24-6.yaml")));
        return parts;
    }

    @Test
    void theHelmfileReleasesEveryPartAfterWhatItNeedsRecordedInKubeSystemCreatingNoNamespace() {
        SortedMap<String, String> files = new HelmfileLayout().files("prod", canaryParts(),
                Map.of("stable", "1-22-8"));

        assertThat(files.get("prod/helmfile.yaml")).isEqualTo("""
                helmDefaults:
                  createNamespace: false
                  wait: true
                releases:
                  - chart: ./crds
                    name: prod-crds
                    namespace: kube-system
                  - chart: ./base
                    name: prod-base
                    namespace: kube-system
                    needs:
                      - kube-system/prod-crds
                  - chart: ./revisions/1-22-8
                    name: prod-revision-1-22-8
                    namespace: kube-system
                    needs:
                      - kube-system/prod-base
                  - chart: ./revisions/1-24-6
                    name: prod-revision-1-24-6
                    namespace: kube-system
                    needs:
                      - kube-system/prod-base
                  - chart: ./tags/stable
                    name: prod-tag-stable
                    namespace: kube-system
                    needs:
                      - kube-system/prod-revision-1-22-8
                  - chart: ./gateways/public/1-24-6
                    name: prod-gateway-public-1-24-6
                    namespace: kube-system
                    needs:
                      - kube-system/prod-revision-1-24-6
                """);
    }

    @Test
    void everyPartIsAChartNamedLikeItsFluxKustomizationWithOneTemplate() {
        SortedMap<String, String> files = new HelmfileLayout().files("prod", canaryParts(),
                Map.of("stable", "1-22-8"));

        assertThat(files.keySet().stream().filter(p -> p.endsWith("/Chart.yaml")))
                .containsExactly("prod/base/Chart.yaml", "prod/crds/Chart.yaml",
                        "prod/gateways/public/1-24-6/Chart.yaml", "prod/revisions/1-22-8/Chart.yaml",
                        "prod/revisions/1-24-6/Chart.yaml", "prod/tags/stable/Chart.yaml");
        assertThat(files.get("prod/gateways/public/1-24-6/Chart.yaml")).isEqualTo("""
                apiVersion: v2
                description: Part gateways/public/1-24-6 of environment prod, compiled by istiodsl
                name: gateway-public-1-24-6
                type: application
                version: "0.0.0"
                """);
        assertThat(files).containsEntry("prod/revisions/1-22-8/templates/resources.yaml", HelmfileLayout.TEMPLATE);
        assertThat(files.keySet()).noneMatch(p -> p.contains("kustomization") || p.contains("/flux/"));
    }

    /**
     * A cluster that renders a part differently has its own chart of it under {@code clusters/<cluster>/}, and the
     * part's release takes it in that cluster's Helmfile environment ({@code helmfile -e prod-eu-1 apply}).
     */
    @Test
    void aReleaseTakesTheChartOfTheClusterWhoseEnvironmentIsApplied_whereThatClusterHasOneOfItsOwn() {
        SortedMap<Part, SortedSet<String>> parts = new TreeMap<>();
        parts.put(Part.CRDS, canaryParts().get(Part.CRDS));
        parts.put(Part.revision("1-22-8"), canaryParts().get(Part.revision("1-22-8")));
        SortedMap<String, String> files = new HelmfileLayout().files("prod", parts, Map.of(),
                List.of("prod-eu-1", "prod-us-1", "prod-ap-1"), Map.of(Part.revision("1-22-8"),
                        new TreeSet<>(List.of("prod-us-1", "prod-eu-1"))));
        SortedMap<String, String> own = new HelmfileLayout().clusterCharts("prod", "prod-eu-1",
                java.util.Set.of(Part.revision("1-22-8")));

        assertThat(files.get("prod/helmfile.yaml")).isEqualTo("""
                environments:
                  default: {}
                  prod-ap-1: {}
                  prod-eu-1: {}
                  prod-us-1: {}
                helmDefaults:
                  createNamespace: false
                  wait: true
                releases:
                  - chart: ./crds
                    name: prod-crds
                    namespace: kube-system
                  - chart: ./{{ if has .Environment.Name (list "prod-eu-1" "prod-us-1") }}clusters/{{ .Environment.Name \
                }}/{{ end }}revisions/1-22-8
                    name: prod-revision-1-22-8
                    namespace: kube-system
                    needs:
                      - kube-system/prod-base
                """);
        assertThat(own).containsOnlyKeys("prod/clusters/prod-eu-1/revisions/1-22-8/Chart.yaml",
                "prod/clusters/prod-eu-1/revisions/1-22-8/templates/resources.yaml");
        assertThat(own.get("prod/clusters/prod-eu-1/revisions/1-22-8/Chart.yaml"))
                .contains("description: Part revisions/1-22-8 of environment prod, cluster prod-eu-1");
    }

    /**
     * The reason the resources are files, not templates: an injector ConfigMap holds Go template text, and a CRD
     * must come out of {@code helm template} (and so of {@code helm upgrade}) like any other resource.
     */
    @Test
    void helmPrintsTemplateTextInResourcesVerbatimAndRendersCrdsAsOrdinaryResources() throws Exception {
        Path tree = temp.resolve("verbatim");
        String injector = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio-sidecar-injector-1-22-8
                  namespace: kube-system
                data:
                  config: |-
                    policy: enabled
                    templates:
                      sidecar: |
                        {{- if not (isset .ObjectMeta.Annotations `proxy.istio.io/config`) }}
                        image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
                        {{ required "never evaluated" .Values.missing }}
                        {{- end }}
                """;
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gateways.networking.istio.io
                spec:
                  group: networking.istio.io
                """;
        write(tree.resolve("prod/revisions/1-22-8/configmap/istio-system_istio-sidecar-injector-1-22-8.yaml"),
                injector);
        write(tree.resolve("prod/crds/customresourcedefinition.apiextensions.k8s.io/"
                + "gateways.networking.istio.io.yaml"), crd);
        SortedMap<Part, SortedSet<String>> parts = new TreeMap<>();
        parts.put(Part.CRDS, canaryParts().get(Part.CRDS));
        parts.put(Part.revision("1-22-8"), canaryParts().get(Part.revision("1-22-8")));
        for (Map.Entry<String, String> file : new HelmfileLayout().files("prod", parts, Map.of())
                .entrySet()) {
            write(tree.resolve(file.getKey()), file.getValue());
        }

        String rendered = render(tree.resolve("prod/revisions/1-22-8"), "prod-revision-1-22-8", "istio-system");

        assertThat(rendered).contains("{{ required \"never evaluated\" .Values.missing }}");
        assertThat(Yaml.readDocuments(rendered)).containsExactlyElementsOf(Yaml.readDocuments(injector));
        assertThat(Yaml.readDocuments(render(tree.resolve("prod/crds"), "prod-crds", "istio-system")))
                .containsExactlyElementsOf(Yaml.readDocuments(crd));
    }

    // ---- a real canary mesh, compiled for Flux and for Helmfile --------------------------------------------------

    private static final String MESH = """
            mesh shop {
              output %s
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              gateway istio-ingressgateway { namespace istio-ingress }
              environment canary {
                revisions 1-22-8, 1-24-6
                tag stable -> 1-22-8
                tag canary -> 1-24-6
                namespaces { payments -> stable  search -> canary }
              }
              environment prod after canary soak 7d {
                revisions 1-22-8
                tag stable -> 1-22-8
                namespaces { payments -> stable }
              }
            }
            """;

    private static final List<String> ENVIRONMENTS = List.of("canary", "prod");

    /** The two trees of the mesh, compiled by the first test that needs them (tests above need no fixtures). */
    private record Trees(Path helmfile, SortedMap<String, byte[]> fluxFiles,
            SortedMap<String, byte[]> helmfileFiles) {
    }

    private static Trees trees;

    private static synchronized Trees trees() {
        if (trees == null) {
            try {
                Path fluxTree = compile("flux", istioctl());
                Path helmfileTree = compile("helmfile", istioctl());
                trees = new Trees(helmfileTree, TreeGolden.files(fluxTree), TreeGolden.files(helmfileTree));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trees;
    }

    private static IstioctlOptions istioctl() throws IOException {
        return StandInIstioctl.recordedCanary(temp.resolve("bin"));
    }

    private static Path compile(String output, IstioctlOptions istioctl) throws IOException {
        return compile(output, output, istioctl);
    }

    private static Path compile(String folder, String output, IstioctlOptions istioctl) throws IOException {
        Path project = Files.createDirectories(temp.resolve(folder));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.formatted(output));
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), project.resolve("cache"), istioctl));
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString).isEmpty();
        return project.resolve("deploy/istio");
    }

    @Test
    void theResourceFilesAreTheFluxTreesByteForByteAtTheSamePaths() {
        SortedMap<String, byte[]> fluxResources = resources(trees().fluxFiles(),
                p -> p.endsWith("/kustomization.yaml") || p.split("/")[1].equals("flux"));
        SortedMap<String, byte[]> helmfileResources = resources(trees().helmfileFiles(),
                p -> p.endsWith("/Chart.yaml") || p.endsWith("/templates/resources.yaml")
                        || p.endsWith("/helmfile.yaml"));

        assertThat(helmfileResources.keySet()).isEqualTo(fluxResources.keySet()).hasSizeGreaterThan(100);
        fluxResources.forEach((path, bytes) -> assertThat(helmfileResources.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void everyChartRendersWithHelmToExactlyTheResourcesOfItsFluxPart() throws Exception {
        for (String env : ENVIRONMENTS) {
            List<Release> releases = releases(env);
            SortedSet<String> fluxParts = fluxParts(env);
            assertThat(releases).extracting(Release::chart).map(chart -> chart.substring(2))
                    .containsExactlyInAnyOrderElementsOf(fluxParts);

            SortedMap<String, JsonNode> renderedEnvironment = new TreeMap<>();
            for (Release release : releases) {
                Path chart = trees().helmfile().resolve(env).resolve(release.chart());
                SortedMap<String, JsonNode> rendered = byIdentity(Yaml.readDocuments(render(chart, release.name(),
                        release.namespace())), release.name());
                SortedMap<String, JsonNode> flux = fluxPart(env, release.chart().substring(2));
                assertThat(rendered.keySet()).as("resources helm rendered for %s", release.name())
                        .isEqualTo(flux.keySet()).isNotEmpty();
                flux.forEach((id, body) -> assertThat(rendered.get(id)).as("%s in %s", id, release.name())
                        .isEqualTo(body));
                rendered.forEach((id, body) -> assertThat(renderedEnvironment.put(id, body))
                        .as("%s rendered by two charts of %s", id, env).isNull());
            }
            SortedMap<String, JsonNode> fluxEnvironment = new TreeMap<>();
            fluxParts.forEach(part -> fluxEnvironment.putAll(fluxPart(env, part)));
            assertThat(renderedEnvironment).as("every resource of environment %s", env).isEqualTo(fluxEnvironment);
        }
    }

    @Test
    void everyChartPassesHelmLint() {
        for (String env : ENVIRONMENTS) {
            for (Release release : releases(env)) {
                Path chart = trees().helmfile().resolve(env).resolve(release.chart());
                LintResult lint = new Helm(chart).lint().strict().call();
                assertThat(lint.isFailed()).as("helm lint --strict %s: %s", release.chart(), lint.getMessages())
                        .isFalse();
            }
        }
    }

    /**
     * The releases come in an order that satisfies their own {@code needs}, and each needs exactly the release of the
     * part its Flux Kustomization depends on: CRDs first, gateways last.
     */
    @Test
    void theReleasesNeedWhatTheFluxKustomizationsDependOn() throws Exception {
        for (String env : ENVIRONMENTS) {
            List<Release> releases = releases(env);
            List<String> seen = new ArrayList<>();
            for (Release release : releases) {
                assertThat(seen).as("releases before %s", release.name()).containsAll(release.needs());
                seen.add(release.namespace() + "/" + release.name());

                JsonNode flux = Yaml.readDocuments(text(trees().fluxFiles(),
                        env + "/flux/" + release.name() + ".yaml")).get(0);
                List<String> dependsOn = new ArrayList<>();
                flux.path("spec").path("dependsOn").forEach(dep -> dependsOn.add("kube-system/"
                        + dep.path("name").asText()));
                assertThat(release.needs()).as("needs of %s", release.name()).isEqualTo(dependsOn);
            }
            assertThat(releases.get(0).name()).isEqualTo(env + "-crds");
            assertThat(releases.get(0).needs()).isEmpty();
            assertThat(releases).extracting(Release::namespace).containsOnly("kube-system");
            int firstGateway = indexOf(releases, env + "-gateway-");
            assertThat(releases.subList(firstGateway, releases.size())).extracting(Release::name)
                    .allMatch(name -> name.startsWith(env + "-gateway-istio-ingressgateway-"));
        }
        assertThat(releases("canary")).extracting(Release::name).containsExactly("canary-crds", "canary-base",
                "canary-revision-1-22-8", "canary-revision-1-24-6", "canary-tag-canary", "canary-tag-stable",
                "canary-gateway-istio-ingressgateway-1-22-8", "canary-gateway-istio-ingressgateway-1-24-6");
        assertThat(releases("canary")).filteredOn(r -> r.name().equals("canary-tag-canary"))
                .extracting(Release::needs).containsExactly(List.of("kube-system/canary-revision-1-24-6"));
    }

    /** The output contract's byte-identity holds for the Helmfile layout: a second compile writes the same bytes. */
    @Test
    void aSecondCompileInAnotherFolderWritesTheSameBytes() throws IOException {
        SortedMap<String, byte[]> helmfileFiles = trees().helmfileFiles();

        SortedMap<String, byte[]> again = TreeGolden.files(compile("again/somewhere/else", "helmfile", istioctl()));

        assertThat(again.keySet()).isEqualTo(helmfileFiles.keySet());
        helmfileFiles.forEach((path, bytes) -> assertThat(again.get(path)).as(path).isEqualTo(bytes));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** One release of a {@code helmfile.yaml}, as Helmfile reads it. */
    record Release(String name, String namespace, String chart, List<String> needs) {
    }

    private static List<Release> releases(String env) {
        try {
            JsonNode helmfile = Yaml.readDocuments(text(trees().helmfileFiles(), env + "/helmfile.yaml")).get(0);
            List<Release> releases = new ArrayList<>();
            for (JsonNode release : helmfile.path("releases")) {
                List<String> needs = new ArrayList<>();
                release.path("needs").forEach(need -> needs.add(need.asText()));
                releases.add(new Release(release.path("name").asText(), release.path("namespace").asText(),
                        release.path("chart").asText(), needs));
            }
            assertThat(releases).as("releases of %s", env).isNotEmpty();
            return releases;
        } catch (Yaml.Problem e) {
            throw new AssertionError(e.describe(), e);
        }
    }

    private static String render(Path chart, String release, String namespace) {
        return new Helm(chart).template().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION)
                .call();
    }

    /** The part folders of an environment's Flux tree: those with a kustomization.yaml, outside flux/. */
    private static SortedSet<String> fluxParts(String env) {
        return trees().fluxFiles().keySet().stream()
                .filter(p -> p.startsWith(env + "/") && p.endsWith("/kustomization.yaml")
                        && !p.startsWith(env + "/flux/"))
                .map(p -> p.substring(env.length() + 1, p.length() - "/kustomization.yaml".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The resources of one Flux part, read from its files, by identity. */
    private static SortedMap<String, JsonNode> fluxPart(String env, String part) {
        String prefix = env + "/" + part + "/";
        List<JsonNode> documents = new ArrayList<>();
        trees().fluxFiles().forEach((path, bytes) -> {
            if (path.startsWith(prefix) && !path.endsWith("/kustomization.yaml")) {
                try {
                    documents.addAll(Yaml.readDocuments(new String(bytes, StandardCharsets.UTF_8)));
                } catch (Yaml.Problem e) {
                    throw new AssertionError(path + ": " + e.describe(), e);
                }
            }
        });
        return byIdentity(documents, prefix);
    }

    private static SortedMap<String, JsonNode> byIdentity(List<JsonNode> documents, String where) {
        SortedMap<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode document : documents) {
            String id = document.path("apiVersion").asText() + " " + document.path("kind").asText() + " "
                    + document.path("metadata").path("namespace").asText() + "/"
                    + document.path("metadata").path("name").asText();
            assertThat(byId.put(id, document)).as("%s twice in %s", id, where).isNull();
        }
        return byId;
    }

    private static SortedMap<String, byte[]> resources(SortedMap<String, byte[]> files,
            java.util.function.Predicate<String> layout) {
        SortedMap<String, byte[]> resources = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (!path.equals(TreeGolden.LOCK) && !layout.test(path)) {
                resources.put(path, bytes);
            }
        });
        return resources;
    }

    private static int indexOf(List<Release> releases, String prefix) {
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i).name().startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no release named " + prefix + "...");
    }

    private static String text(SortedMap<String, byte[]> files, String path) {
        assertThat(files).containsKey(path);
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
