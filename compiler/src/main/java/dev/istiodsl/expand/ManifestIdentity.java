package dev.istiodsl.expand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.expand.helm.HelmExpander;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a generated manifest says about the Istio release and the revision it was generated for, read from its
 * content, never from its file name:
 * <ul>
 *   <li>the tags of Istio's own images ({@code pilot}, {@code proxyv2}, {@code install-cni}, {@code ztunnel}, and the
 *       components of Istio before 1.5), whatever their hub: a mirror keeps the names. Images of other projects that old
 *       renders carry (Prometheus, Grafana, Kiali, Jaeger, CoreDNS) say nothing. A tag says a version when it starts
 *       with one: {@code 1.24.6}, {@code 1.24.6-distroless}, {@code 1.22.0-rc.0}; {@code latest} or a custom tag says
 *       nothing, and neither does a digest alone;</li>
 *   <li>the {@code global.tag} of the sidecar injector's values: the proxies it injects run that tag;</li>
 *   <li>the {@code helm.sh/chart} labels of Istio's charts ({@code istiod-1.24.6}), from 1.24 on; the source tree's
 *       placeholder version ({@link HelmExpander#SOURCE_TREE_CHART_VERSION}) says nothing;</li>
 *   <li>the {@code istio.io/rev} labels of its objects; {@code default} (a render without a revision) says none, and a
 *       Namespace's label is a binding of its workloads, not the render's revision.</li>
 * </ul>
 */
final class ManifestIdentity {

    /** Istio's component images, by repository name. */
    private static final Set<String> ISTIO_IMAGES = Set.of("pilot", "proxyv2", "proxy_init", "install-cni",
            "ztunnel", "citadel", "galley", "mixer", "sidecar_injector", "node-agent-k8s");
    /** Istio's charts, by name, as their {@code helm.sh/chart} label starts. */
    private static final Set<String> ISTIO_CHARTS = Set.of("base", "istiod", "istiod-remote", "gateway",
            "istio-ingress", "istio-egress", "cni", "ztunnel");
    /** A release, with a pre-release of Istio's kind, at the start of a tag; what follows is a build variant. */
    private static final Pattern RELEASE = Pattern.compile(
            "(\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}(?:-(?:alpha|beta|rc)(?:\\.?\\d+)?)?)(?:[-_.+].*)?");
    private static final Pattern CHART = Pattern.compile("([a-z][a-z-]*?)-(\\d.*)");
    private static final String REV_LABEL = "istio.io/rev";
    private static final String INJECTOR = "istio-sidecar-injector";

    /**
     * One place that says a version or a revision.
     *
     * @param said what it says: {@code 1.26.1}, {@code 1-24-6}
     * @param what the words for the place: "image docker.io/istio/pilot:1.26.1 of Deployment istio-system/istiod"
     * @param line where the object's document starts in the file
     */
    record Evidence(String said, String what, int line) {
    }

    private final List<Evidence> versions;
    private final List<Evidence> revisions;

    private ManifestIdentity(List<Evidence> versions, List<Evidence> revisions) {
        this.versions = List.copyOf(versions);
        this.revisions = List.copyOf(revisions);
    }

    static ManifestIdentity of(List<ManifestReader.Located> objects) {
        List<Evidence> versions = new ArrayList<>();
        List<Evidence> revisions = new ArrayList<>();
        for (ManifestReader.Located located : objects) {
            Resource r = located.resource();
            if (r.kind().equals("CustomResourceDefinition")) {
                continue; // schemas only: a property named image there is a description, never a reference
            }
            String of = " of " + r.id();
            images(r.body(), image -> version(tagOf(image)).ifPresent(said -> versions.add(new Evidence(said,
                    "image " + image + of, located.line()))));
            if (r.kind().equals("ConfigMap") && (r.name().equals(INJECTOR) || r.name().startsWith(INJECTOR + "-"))) {
                injectorTag(r).flatMap(ManifestIdentity::version).ifPresent(said -> versions.add(new Evidence(said,
                        "the injector's values.global.tag " + said + of, located.line())));
            }
            Matcher chart = CHART.matcher(r.label("helm.sh/chart"));
            if (chart.matches() && ISTIO_CHARTS.contains(chart.group(1))
                    && !chart.group(2).equals(HelmExpander.SOURCE_TREE_CHART_VERSION)) {
                version(chart.group(2)).ifPresent(said -> versions.add(new Evidence(said, "label helm.sh/chart: "
                        + r.label("helm.sh/chart") + of, located.line())));
            }
            String revision = r.label(REV_LABEL);
            if (!revision.isEmpty() && !revision.equals("default") && !r.kind().equals("Namespace")) {
                revisions.add(new Evidence(revision, "label " + REV_LABEL + ": " + revision + of, located.line()));
            }
        }
        return new ManifestIdentity(versions, revisions);
    }

    /** The places that say another release than the one declared, in the order of the file. */
    List<Evidence> otherVersions(IstioVersion declared) {
        return versions.stream().filter(e -> !e.said().equals(declared.toString())).toList();
    }

    /** The places that say another revision than the one declared, in the order of the file. */
    List<Evidence> otherRevisions(String declared) {
        return revisions.stream().filter(e -> !e.said().equals(declared)).toList();
    }

    /** Every place that says a release, in the order of the file. */
    List<Evidence> versions() {
        return versions;
    }

    /** Every place that says a revision, in the order of the file. */
    List<Evidence> revisions() {
        return revisions;
    }

    /** What was said, each value once in the order first said, with how many places say it. */
    static Map<String, List<Evidence>> bySaid(List<Evidence> evidence) {
        Map<String, List<Evidence>> out = new LinkedHashMap<>();
        evidence.forEach(e -> out.computeIfAbsent(e.said(), s -> new ArrayList<>()).add(e));
        return out;
    }

    /** Every textual {@code image} field, at any depth: containers, init containers, ephemeral ones, templates. */
    private static void images(JsonNode node, java.util.function.Consumer<String> out) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("image") && field.getValue().isTextual()) {
                    if (isIstioImage(field.getValue().asText())) {
                        out.accept(field.getValue().asText());
                    }
                } else {
                    images(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> images(item, out));
        }
    }

    private static boolean isIstioImage(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        String repository = colon > slash ? reference.substring(0, colon) : reference;
        return ISTIO_IMAGES.contains(repository.substring(repository.lastIndexOf('/') + 1));
    }

    /** The tag of an image reference, "" for none (a digest alone, or nothing). */
    private static String tagOf(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? reference.substring(colon + 1) : "";
    }

    /** The release a tag or chart version starts with; empty for {@code latest} and custom tags. */
    private static Optional<String> version(String text) {
        Matcher m = RELEASE.matcher(text);
        return m.matches() ? IstioVersion.parse(m.group(1)).map(IstioVersion::toString) : Optional.empty();
    }

    /** {@code values.global.tag} of the injector's {@code data.values} (JSON since Istio 1.5). */
    private static Optional<String> injectorTag(Resource injector) {
        JsonNode values = injector.body().path("data").path("values");
        if (!values.isTextual()) {
            return Optional.empty();
        }
        try {
            JsonNode tag = Json.MAPPER.readTree(values.asText()).path("global").path("tag");
            return tag.isTextual() || tag.isNumber() ? Optional.of(tag.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
