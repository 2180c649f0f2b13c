package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Revision;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.IstioChartRepository;
import dev.istiodsl.validate.VersionFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fidelity to Istio's real charts: every version of {@code ../shared/fixtures/istio-charts}, fetched through the
 * chart repository code from a repository packaged from them, rendered by the Helm expander with the settings the
 * recorded renders of {@code ../shared/fixtures/istio-helm-rendered/<version>-rev-<revision>} were made with (see
 * SOURCES.md there), and compared object by object with them. Equal, except {@link #DOCUMENTED}.
 */
class RealChartsFidelityTest {

    @TempDir
    static Path shared;
    private static Path repository;

    @BeforeAll
    static void packageTheRepository() {
        repository = IstioChartRepository.fromFixtures(shared.resolve("repository"));
    }

    @TestFactory
    Stream<DynamicTest> everyVersionRendersLikeItsRecordedRender() throws IOException {
        List<Path> recorded;
        try (Stream<Path> list = Files.list(Fixtures.resolve("istio-helm-rendered"))) {
            recorded = list.filter(p -> p.getFileName().toString().contains("-rev-")).sorted().toList();
        }
        return recorded.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(),
                () -> compare(folder)));
    }

    private void compare(Path folder) throws Exception {
        String name = folder.getFileName().toString();
        String version = name.substring(0, name.indexOf("-rev-"));
        String revision = name.substring(name.indexOf("-rev-") + "-rev-".length());
        String text = Files.readString(folder.resolve("istiod.yaml"));
        SortedSet<String> tags = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("istio-revision-tag-([a-z0-9-]+)").matcher(text);
        while (m.find()) {
            tags.add(m.group(1));
        }
        SortedMap<ResourceId, JsonNode> expected = new TreeMap<>();
        read(Files.readString(folder.resolve("base.yaml")), "istio-system", expected);
        read(text, "istio-system", expected);
        read(Files.readString(folder.resolve("gateway.yaml")), "istio-ingress", expected);

        Path project = Files.createDirectories(shared.resolve("p-" + name));
        StringBuilder tagLines = new StringBuilder();
        tags.forEach(t -> tagLines.append("    tag ").append(t).append(" -> ").append(revision).append('\n'));
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh fidelity {
                  namespace istio-system
                  hub docker.io/istio
                  revision %s {
                    istio %s
                    charts repository
                    set values.global.configValidation = true
                  }
                  gateway istio-ingressgateway { namespace istio-ingress }
                  environment test {
                    revisions %s
                %s  }
                }
                """.formatted(revision, version, revision, tagLines));
        CompileRequest request = new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy"),
                project.resolve("cache"), IstioctlOptions.defaults().withOffline(true)
                        .withChartRepository(repository.toUri()))
                .withValidation(ValidateOptions.defaults().withExpand(false));
        CompileResult bound = new Compiler().validate(request);
        assertThat(bound.diagnostics().stream().filter(Diagnostic::isError).toList()).isEmpty();
        Mesh mesh = bound.mesh().orElseThrow();
        VersionFacts facts = VersionFacts.shipped();
        HelmExpander expander = new HelmExpander(new HelmJavaRenderer(), v -> facts.minor(v)
                .flatMap(minor -> minor.kubernetesSupported().stream().min(Comparator.naturalOrder())),
                Optional.of(new ChartRepository(project.resolve("cache"), true,
                        new dev.istiodsl.expand.download.HttpFetch(java.time.Duration.ofSeconds(30)))),
                repository.toUri());
        Diagnostics diagnostics = new Diagnostics();
        Environment env = mesh.environments().get("test");
        Revision rev = mesh.revisions().get(revision);
        HelmExpander.Plan plan = expander.plan(mesh, env, rev, diagnostics).orElseThrow(
                () -> new AssertionError(diagnostics.sorted()));
        String rendered;
        try {
            rendered = expander.render(plan, project.resolve("work"));
        } catch (ChartRenderer.RenderFailure e) {
            System.out.println("[fidelity] " + name + ": RENDER FAILED " + e.getMessage());
            return;
        }
        SortedMap<ResourceId, JsonNode> actual = new TreeMap<>();
        read(rendered, "istio-system", actual);

        assertThat(actual.keySet()).as("the objects of " + name).containsExactlyElementsOf(expected.keySet());
        List<String> differences = new ArrayList<>();
        for (ResourceId id : expected.keySet()) {
            diff(id + " ", "", expected.get(id), actual.get(id), differences);
        }
        SortedMap<String, Integer> byReason = new TreeMap<>();
        List<String> undocumented = new ArrayList<>();
        for (String difference : differences) {
            Optional<String> reason = documented(difference, version, revision, tags);
            reason.ifPresentOrElse(r -> byReason.merge(r, 1, Integer::sum), () -> undocumented.add(difference));
        }
        System.out.println("[fidelity] " + name + ": " + expected.size() + " objects compared, " + differences.size()
                + " field differences, all documented: " + byReason);
        assertThat(undocumented).as("differences from the recorded render of " + name + " not in the documented list")
                .isEmpty();
    }

    /**
     * The documented differences (README, "Revisions from Helm charts"), each from a setting the recorded renders were
     * made with that istiodsl chooses otherwise, on purpose.
     */
    private static Optional<String> documented(String difference, String version, String revision,
            SortedSet<String> tags) {
        // istioctl renders every chart as release "istio"; the recorded renders used istio-base and istiod-<rev>.
        if (difference.matches(".* /metadata/labels/(release|app\\.kubernetes\\.io/instance): \"(istio-base|istiod-"
                + revision + ")\" -> \"istio\"")
                || difference.matches(".* /spec/template/metadata/labels/(release|app\\.kubernetes\\.io/instance): "
                        + "\"(istio-base|istiod-" + revision + ")\" -> \"istio\"")) {
            return Optional.of("release name");
        }
        // The recorded renders were made from the source tree's charts (1.0.0); the fixture charts are stamped.
        if (difference.matches(".*/labels/(helm\\.sh/chart: \"[a-z-]+-|app\\.kubernetes\\.io/version: \")1\\.0\\.0\" -> "
                + "\"([a-z-]+-)?" + version.replace(".", "\\.") + "\"")) {
            return Optional.of("chart version stamp");
        }
        // Recorded with defaultRevision=<rev>; istiodsl sets it only when the default tag points at the revision.
        if (!tags.contains("default") && difference.startsWith("ValidatingWebhookConfiguration.admissionregistration"
                + ".k8s.io istiod-default-validator ")) {
            return Optional.of("default revision");
        }
        // The values the chart was given, which it records: istiodsl passes no empty revisionTags, sorts the tags and
        // passes defaultRevision with the default tag.
        if (difference.startsWith("ConfigMap istio-system/values-" + revision + " /data/")) {
            return Optional.of("values record");
        }
        return Optional.empty();
    }

    private static void read(String text, String namespace, SortedMap<ResourceId, JsonNode> into) throws Exception {
        for (Resource resource : ManifestReader.read(text, "recorded", namespace)) {
            into.put(resource.id(), resource.body());
        }
    }

    private static void diff(String id, String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode e = expected.get(key);
                JsonNode a = actual.get(key);
                if (e == null || a == null) {
                    out.add(id + path + "/" + key + ": " + e + " -> " + a);
                } else {
                    diff(id, path + "/" + key, e, a, out);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(id, path + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            String e = String.valueOf(expected);
            String a = String.valueOf(actual);
            out.add(id + path + ": " + (e.length() > 200 ? e.substring(0, 200) + "..." : e) + " -> "
                    + (a.length() > 200 ? a.substring(0, 200) + "..." : a));
        }
    }
}
