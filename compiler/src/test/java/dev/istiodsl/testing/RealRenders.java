package dev.istiodsl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.resource.Scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every real render of Istio in {@code ../shared/fixtures} ({@code istio-manifests/*} and
 * {@code istio-helm-rendered/*}), found by listing the folders, so a render added there is covered without a test
 * change. What each holds (its ids, revision, tags and gateways) is read from its text, not from its folder name
 * alone.
 */
public final class RealRenders {

    private static final List<String> FOLDERS = List.of("istio-manifests", "istio-helm-rendered");
    private static final Pattern VERSION = Pattern.compile("^(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern PILOT_IMAGE = Pattern.compile("/pilot:(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern REVISION_SUFFIX = Pattern.compile("-rev-([a-z0-9-]+)$");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private RealRenders() {
    }

    /** A gateway Deployment {@code <name>-<revision>} in its namespace, as the DSL would declare it. */
    public record RenderedGateway(String name, String namespace, boolean egress) {
    }

    /**
     * One render.
     *
     * @param name      {@code istio-manifests/1.22.2}: where it is
     * @param text      {@code manifest.yaml}, or every other {@code .yaml} but {@code operator.yaml}, joined
     * @param revision  the revision its names carry, or one named after its version when they carry none
     * @param tags      the revision tags it renders webhooks or Services for
     * @param gateways  the gateway Deployments named after its revision
     */
    public record Render(String name, String text, IstioVersion version, String revision, SortedSet<String> tags,
            List<RenderedGateway> gateways) {

        /** A file name for it in a test project. */
        public String fileName() {
            return name.replace('/', '_') + ".yaml";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every render, oldest version first (folder name breaks ties). */
    public static List<Render> all() {
        List<Render> renders = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path root = Fixtures.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(root)) {
                for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                    read(folder + "/" + dir.getFileName(), dir).ifPresent(renders::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        renders.sort(Comparator.comparing(Render::version).thenComparing(Render::name));
        return renders;
    }

    private static Optional<Render> read(String name, Path dir) throws IOException {
        List<Path> files;
        if (Files.isRegularFile(dir.resolve("manifest.yaml"))) {
            files = List.of(dir.resolve("manifest.yaml"));
        } else {
            try (Stream<Path> all = Files.list(dir)) {
                files = all.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                        .filter(f -> !f.getFileName().toString().equals("operator.yaml")).sorted().toList();
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            text.append(text.length() == 0 ? "" : "---\n").append(content).append(content.endsWith("\n") ? "" : "\n");
        }
        List<JsonNode> objects = objects(text.toString());
        IstioVersion version = version(dir.getFileName().toString(), text.toString());
        String revision = revision(dir.getFileName().toString(), objects, version);
        SortedSet<String> tags = new TreeSet<>();
        List<RenderedGateway> gateways = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            String objectName = o.path("metadata").path("name").asText();
            String tag = o.path("metadata").path("labels").path("istio.io/tag").asText("");
            if (kind.equals("MutatingWebhookConfiguration") && objectName.startsWith("istio-revision-tag-")) {
                tag = objectName.substring("istio-revision-tag-".length());
            }
            if (kind.equals("Service") && objectName.startsWith("istiod-revision-tag-")) {
                tag = objectName.substring("istiod-revision-tag-".length());
            }
            if (isName(tag, 44) && !tag.equals(revision)) {
                tags.add(tag);
            }
            String role = o.path("metadata").path("labels").path("istio").asText("");
            String gateway = objectName.length() > revision.length() + 1
                    ? objectName.substring(0, objectName.length() - revision.length() - 1) : "";
            String namespace = o.path("metadata").path("namespace").asText("istio-system");
            if (kind.equals("Deployment") && objectName.endsWith("-" + revision) && !role.equals("pilot")
                    && isName(gateway, 63) && isName(namespace, 63)
                    && gateways.stream().noneMatch(g -> g.name().equals(gateway))) {
                gateways.add(new RenderedGateway(gateway, namespace, role.startsWith("egress")));
            }
        }
        return Optional.of(new Render(name, text.toString(), version, revision, tags, gateways));
    }

    /**
     * The ids of every object of a render, computed here rather than by the compiler's reader so that an object the
     * reader skipped would show: {@code List} items unpacked, namespaced objects written without a namespace in the
     * control-plane namespace.
     */
    public static SortedSet<ResourceId> ids(String text, String controlPlaneNamespace) {
        SortedSet<ResourceId> ids = new TreeSet<>();
        for (JsonNode o : objects(text)) {
            String kind = o.path("kind").asText();
            ResourceId id = ResourceId.of(o, Scope.isClusterScoped(kind) ? "" : controlPlaneNamespace);
            ids.add(Scope.isClusterScoped(kind) ? new ResourceId(id.group(), kind, "", id.name()) : id);
        }
        return ids;
    }

    /** The objects of a render; none when it is not YAML the compiler reads, which must then fail its expansion. */
    private static List<JsonNode> objects(String text) {
        List<JsonNode> objects = new ArrayList<>();
        try {
            for (JsonNode document : Yaml.readDocuments(text)) {
                unpack(document, objects);
            }
        } catch (Yaml.Problem e) {
            return List.of();
        }
        return objects;
    }

    private static boolean isName(String name, int maxLength) {
        return name.length() <= maxLength && DNS_LABEL.matcher(name).matches();
    }

    private static void unpack(JsonNode document, List<JsonNode> into) {
        if (document.path("kind").asText().endsWith("List") && document.path("items").isArray()) {
            document.path("items").forEach(item -> unpack(item, into));
        } else if (document.isObject()) {
            into.add(document);
        }
    }

    private static IstioVersion version(String folder, String text) {
        Matcher named = VERSION.matcher(folder);
        if (named.find()) {
            return IstioVersion.parse(named.group(1)).orElseThrow();
        }
        Matcher image = PILOT_IMAGE.matcher(text);
        return image.find() ? IstioVersion.parse(image.group(1)).orElseThrow()
                : IstioVersion.parse("1.22.8").orElseThrow();
    }

    /** The folder's {@code -rev-R}, else the istiod Deployment's revision, else one named after the version. */
    private static String revision(String folder, List<JsonNode> objects, IstioVersion version) {
        Matcher suffix = REVISION_SUFFIX.matcher(folder);
        if (suffix.find() && isName(suffix.group(1), 56) && !suffix.group(1).equals("default")) {
            return suffix.group(1);
        }
        for (JsonNode o : objects) {
            String rev = o.path("metadata").path("labels").path("istio.io/rev").asText("");
            if (o.path("kind").asText().equals("Deployment") && isName(rev, 56) && !rev.equals("default")
                    && o.path("metadata").path("name").asText().equals("istiod-" + rev)) {
                return rev;
            }
        }
        return "v" + version.asRevisionName().toLowerCase(Locale.ROOT);
    }
}
