package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output contract's byte-identity: one canary mesh compiled through stand-in istioctl binaries gives the same
 * tree, byte for byte and lock file included, whatever the folder, the order in which istioctl printed its
 * documents, the formatting of the manifest (Helm's or istioctl's), the locale and the time zone.
 */
class TreeDeterminismTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              gateway istio-ingressgateway { namespace istio-ingress }
              overlay tuning {
                patch Deployment "istiod" { replace /spec/template/spec/containers/0/env/0/value "4" }
                drop PodDisruptionBudget "istiod"
              }
              environment canary {
                revisions 1-22-8, 1-24-6
                tag stable -> 1-22-8
                tag canary -> 1-24-6
                overlays tuning
                namespaces { payments -> stable  search -> canary }
              }
              environment prod after canary soak 7d {
                revisions 1-22-8
                tag stable -> 1-22-8
                namespaces { payments -> stable }
              }
            }
            """;

    private static final String OLD = "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml";
    private static final String YOUNG = "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml";

    /**
     * The lock records each istioctl binary's SHA-256 as an input. A stand-in's bytes name the file it replays, so a
     * stand-in replaying a reordered or re-formatted copy has another digest, where a real istioctl would be the
     * same binary printing differently. Those lines are the only ones allowed to differ between such trees.
     */
    private static final Pattern ISTIOCTL_INPUT = Pattern.compile("(?m)^(\\s+istioctl/[0-9.]+: )sha256:[0-9a-f]{64}$");

    @TempDir
    static Path temp;

    /** Relative path to content, decoded as ISO-8859-1 so that equal strings are equal bytes and diffs stay legible. */
    private static SortedMap<String, String> reference;
    private static Path originalStandIns;

    @BeforeAll
    static void compileTheReference() throws IOException {
        originalStandIns = standIns(temp.resolve("bin"), Fixtures.resolve(OLD), Fixtures.resolve(YOUNG));
        reference = compile(temp.resolve("reference"), originalStandIns);
        assertThat(reference).containsKeys("istiodsl.lock", "canary/revisions/1-24-6/kustomization.yaml",
                "prod/revisions/1-22-8/kustomization.yaml");
    }

    @Test
    void aProjectInAnotherFolderGetsTheSameBytes() throws IOException {
        assertThat(compile(temp.resolve("elsewhere/much/deeper"), originalStandIns)).isEqualTo(reference);
    }

    @Test
    void documentsInAnotherOrderGiveTheSameBytes() throws IOException {
        Path old = write(temp.resolve("shuffled/1.22.8.yaml"), shuffled(Files.readString(Fixtures.resolve(OLD)), 7));
        Path young = write(temp.resolve("shuffled/1.24.6.yaml"),
                shuffled(Files.readString(Fixtures.resolve(YOUNG)), 11));
        assertThat(old).content().isNotEqualTo(Files.readString(Fixtures.resolve(OLD)));

        SortedMap<String, String> tree = compile(temp.resolve("from-shuffled"),
                standIns(temp.resolve("bin-shuffled"), old, young));

        assertThat(withoutIstioctlDigests(tree)).isEqualTo(withoutIstioctlDigests(reference));
    }

    @Test
    void anotherLocaleAndTimeZoneGiveTheSameBytes() throws IOException {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        SortedMap<String, String> tree;
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            tree = compile(temp.resolve("tr-kiritimati"), originalStandIns);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
        assertThat(tree).isEqualTo(reference);
    }

    @Test
    void istioctlFormattingOfTheSameObjectsGivesTheSameBytesAsHelmFormatting() throws Exception {
        Path old = write(temp.resolve("remarshalled/1.22.8.yaml"), remarshalled(Fixtures.resolve(OLD)));
        Path young = write(temp.resolve("remarshalled/1.24.6.yaml"), remarshalled(Fixtures.resolve(YOUNG)));

        SortedMap<String, String> tree = compile(temp.resolve("from-remarshalled"),
                standIns(temp.resolve("bin-remarshalled"), old, young));

        assertThat(withoutIstioctlDigests(tree)).isEqualTo(withoutIstioctlDigests(reference));
    }

    /** Documents split on {@code \n---\n}, shuffled with a fixed seed, joined again. */
    private static String shuffled(String manifest, long seed) {
        List<String> documents = new ArrayList<>(Arrays.asList(manifest.split("\n---\n", -1)));
        Collections.shuffle(documents, new Random(seed));
        return String.join("\n---\n", documents);
    }

    /**
     * What {@code istioctl manifest generate} would print for the same objects: every map sorted by key, no comments,
     * multi-line strings as literal blocks, documents joined with {@code ---}. Checked to read back to the same
     * objects, so a difference in the tree can only come from the formatting.
     */
    private static String remarshalled(Path helmRender) throws Exception {
        YAMLMapper sorted = YAMLMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build();
        String helm = Files.readString(helmRender);
        List<Resource> objects = ManifestReader.read(helm, "helm", "istio-system");
        List<String> documents = new ArrayList<>();
        for (Resource resource : objects) {
            // Through plain maps, which ORDER_MAP_ENTRIES_BY_KEYS sorts (an ObjectNode keeps its own order).
            documents.add(sorted.writeValueAsString(sorted.treeToValue(resource.body(), Object.class)));
        }
        String text = String.join("---\n", documents);

        List<JsonNode> before = objects.stream().map(r -> (JsonNode) r.body()).toList();
        List<JsonNode> after = ManifestReader.read(text, "istioctl", "istio-system").stream()
                .map(r -> (JsonNode) r.body()).toList();
        assertThat(after).as("the re-marshalled %s reads back to the same objects", helmRender).isEqualTo(before);
        assertThat(text).doesNotContain("# Source:").isNotEqualTo(helm);
        return text;
    }

    private static SortedMap<String, String> withoutIstioctlDigests(SortedMap<String, String> tree) {
        SortedMap<String, String> copy = new TreeMap<>(tree);
        copy.computeIfPresent("istiodsl.lock",
                (path, text) -> ISTIOCTL_INPUT.matcher(text).replaceAll("$1sha256:<the stand-in's>"));
        return copy;
    }

    private static Path standIns(Path bin, Path oldManifest, Path youngManifest) throws IOException {
        // An absolute path resolves to itself against the fixtures folder, so a stand-in can replay a copy in temp.
        StandInIstioctl.write(bin.resolve("istioctl-1.22.8"), "1.22.8", "1-22-8",
                oldManifest.toAbsolutePath().toString());
        StandInIstioctl.write(bin.resolve("istioctl-1.24.6"), "1.24.6", "1-24-6",
                youngManifest.toAbsolutePath().toString());
        return bin;
    }

    private static SortedMap<String, String> compile(Path project, Path bin) throws IOException {
        Files.createDirectories(project);
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        IstioctlOptions istioctl = new IstioctlOptions(Map.of("1.22.8", bin.resolve("istioctl-1.22.8"),
                "1.24.6", bin.resolve("istioctl-1.24.6")), Optional.empty(), false, "", true,
                URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                Path.of("deploy/istio"), project.resolve("target/cache"), istioctl));
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(result.summary().orElseThrow().istioctlRuns()).as("istioctl runs, not cache hits").isEqualTo(2);
        return snapshot(project.resolve("deploy/istio"));
    }

    private static SortedMap<String, String> snapshot(Path root) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
