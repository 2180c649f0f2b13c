package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IstioOperator paths ({@code values.global.sds.token.aud}, {@code components.pilot.enabled}) a real Istio release
 * has, read from the shared fixtures, each with the file that shows it. Every object on the way counts: a release
 * that has {@code values.global.sds.token} has {@code values.global.sds}.
 *
 * <p>What is read, and how it maps to IstioOperator paths:
 * <ul>
 *   <li>{@code istio-charts/<v>/profiles/*.yaml}: IstioOperator profiles that istioctl {@code <v>} merges and then
 *       validates strictly; {@code spec.x} is {@code x}.</li>
 *   <li>{@code istio-charts/<v>/charts/**}{@code /values.yaml}: chart defaults. {@code x} is {@code values.x}, after
 *       unwrapping the key the chart's {@code templates/zzz_profile.yaml} reads its defaults from ({@code defaults}
 *       in 1.22, {@code _internal_defaults_do_not_set} from 1.24). A chart that lifts one component's values to its
 *       top ({@code templates/zzy_descope_legacy.yaml}: istiod lifts {@code pilot}, the CNI chart {@code cni}; istioctl
 *       does the same for {@code ztunnel}) has both kinds of key side by side, and the file does not say which is
 *       which, so its top-level {@code k} counts as both {@code values.<component>.k} and {@code values.k}. The
 *       {@code gateway} chart is Helm-only: its values are not IstioOperator values.</li>
 *   <li>{@code istio-manifests/<v>/manifest.yaml}: istioctl {@code <v>}'s output; the {@code values} its injector
 *       ConfigMap carries are {@code values.x}.</li>
 *   <li>{@code istio-manifests/<v>/operator.yaml} and {@code istio-operators/*.yaml}: IstioOperator files.</li>
 * </ul>
 */
final class ReleaseFields {

    private static final Pattern VERSION_FOLDER = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-.*)?");
    private static final Pattern DEFAULTS_KEY = Pattern.compile("\\$defaults := \\$\\.Values\\.(\\w+)");
    private static final Pattern LIFTED_KEY = Pattern.compile("index \\$\\.Values \"([^\"]+)\"");

    private ReleaseFields() {
    }

    /** The release a fixture folder is named after: {@code 1.7.8-rev-1-7-8} is 1.7.8. */
    static Optional<IstioVersion> versionOfFolder(Path folder) {
        Matcher m = VERSION_FOLDER.matcher(folder.getFileName().toString());
        return m.matches() ? IstioVersion.parse(m.group(1)) : Optional.empty();
    }

    /** Every path the charts and IstioOperator profiles of {@code istio-charts/<v>} have. */
    static Map<String, String> ofCharts(Path release) {
        Map<String, String> fields = new TreeMap<>();
        for (Path profile : files(release.resolve("profiles"), name -> name.endsWith(".yaml"))) {
            for (JsonNode doc : read(profile)) {
                walk("", doc.path("spec"), where(release, profile), fields);
            }
        }
        Path charts = release.resolve("charts");
        for (Path valuesFile : files(charts, name -> name.equals("values.yaml"))) {
            Path chart = valuesFile.getParent();
            if (chart.equals(charts.resolve("gateway"))) {
                continue;
            }
            List<JsonNode> docs = read(valuesFile);
            JsonNode values = docs.isEmpty() ? Json.NODES.objectNode() : docs.get(0);
            Optional<String> defaultsKey = find(chart.resolve("templates/zzz_profile.yaml"), DEFAULTS_KEY);
            if (defaultsKey.isPresent()) {
                values = values.path(defaultsKey.get());
            }
            Optional<String> lifted = chart.equals(charts.resolve("ztunnel")) ? Optional.of("ztunnel")
                    : find(chart.resolve("templates/zzy_descope_legacy.yaml"), LIFTED_KEY);
            String where = where(release, valuesFile);
            if (lifted.isPresent()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> top = it.next();
                    walk("values." + lifted.get() + "." + top.getKey(), top.getValue(), where, fields);
                    walk("values." + top.getKey(), top.getValue(), where, fields);
                }
            } else {
                walk("values", values, where, fields);
            }
        }
        return fields;
    }

    /** Every path istioctl's output in {@code istio-manifests/<v>} and the IstioOperator beside it have. */
    static Map<String, String> ofManifest(Path folder) {
        Map<String, String> fields = new TreeMap<>();
        Path manifest = folder.resolve("manifest.yaml");
        if (Files.isRegularFile(manifest)) {
            for (JsonNode doc : read(manifest)) {
                JsonNode values = doc.path("data").path("values");
                if (doc.path("kind").asText().equals("ConfigMap") && values.isTextual()) {
                    try {
                        walk("values", Json.MAPPER.readTree(values.asText()), where(folder, manifest)
                                + " (ConfigMap " + doc.path("metadata").path("name").asText() + ")", fields);
                    } catch (IOException e) {
                        throw new UncheckedIOException(manifest.toString(), e);
                    }
                }
            }
        }
        Path operator = folder.resolve("operator.yaml");
        if (Files.isRegularFile(operator)) {
            fields.putAll(ofOperator(operator, where(folder, operator)));
        }
        return fields;
    }

    /** Every path the IstioOperator documents of {@code file} set. */
    static Map<String, String> ofOperator(Path file, String where) {
        Map<String, String> fields = new TreeMap<>();
        for (JsonNode doc : operators(file)) {
            walk("", doc.path("spec"), where, fields);
        }
        return fields;
    }

    static List<JsonNode> operators(Path file) {
        return read(file).stream().filter(doc -> doc.path("kind").asText().equals("IstioOperator")).toList();
    }

    private static void walk(String prefix, JsonNode node, String where, Map<String, String> out) {
        if (!prefix.isEmpty()) {
            out.putIfAbsent(prefix, where);
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            walk(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), where, out);
        }
    }

    private static String where(Path folder, Path file) {
        return folder.getParent().relativize(file).toString().replace('\\', '/');
    }

    private static Optional<String> find(Path file, Pattern pattern) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text(file));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static List<Path> files(Path dir, Predicate<String> named) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> named.test(p.getFileName().toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> read(Path file) {
        try {
            // Only keys are read, so anchors (which istioctl and Helm expand) may stay unexpanded.
            return Yaml.readDocumentsForShape(text(file));
        } catch (Yaml.Problem e) {
            throw new IllegalStateException(file + " " + e.describe(), e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
