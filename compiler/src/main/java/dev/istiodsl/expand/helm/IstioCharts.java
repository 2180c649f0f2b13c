package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Istio's charts in a revision's {@code charts} folder. Each chart is found as Istio ships it: unpacked under its
 * published name ({@code base/}, {@code istiod/}, {@code gateway/}), under its place in Istio's source tree
 * ({@code istio-control/istio-discovery/}), or as the archive Helm downloads ({@code istiod-1.24.6.tgz}) of exactly the
 * revision's version. A chart whose {@code Chart.yaml} names another version is refused: its templates and the images
 * the revision asks for would not match ({@code 1.0.0} is the source tree's placeholder, and accepted).
 * Each chart is read once, however many environments render it.
 */
final class IstioCharts {

    static final String BASE = "base";
    static final String ISTIOD = "istiod";
    static final String GATEWAY = "gateway";
    static final String CNI = "cni";
    static final String ZTUNNEL = "ztunnel";

    /** Where each chart may be, besides {@code <name>-<version>.tgz}. */
    private static final Map<String, List<String>> FOLDERS = Map.of(
            BASE, List.of("base"),
            ISTIOD, List.of("istiod", "istio-control/istio-discovery"),
            GATEWAY, List.of("gateway"),
            CNI, List.of("cni", "istio-cni"),
            ZTUNNEL, List.of("ztunnel"));

    private final Path folder;
    private final IstioVersion version;
    /** Chart name to its folder or archive, for the charts found. */
    private final SortedMap<String, Path> charts;
    private final Map<String, ChartContent> read = new HashMap<>();

    private IstioCharts(Path folder, IstioVersion version, SortedMap<String, Path> charts) {
        this.folder = folder;
        this.version = version;
        this.charts = Collections.unmodifiableSortedMap(new TreeMap<>(charts));
    }

    /** A chart that is absent, unreadable or of another version: the diagnostic's id, and its words. */
    static final class Problem extends Exception {
        private final String id;

        Problem(String id, String message) {
            super(message);
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    /** Every chart of the folder Istio's layout names; which ones a revision needs is checked by {@link #chart}. */
    static IstioCharts find(Path folder, IstioVersion version) {
        SortedMap<String, Path> found = new TreeMap<>();
        FOLDERS.forEach((name, folders) -> {
            Path archive = folder.resolve(name + "-" + version + ".tgz");
            folders.stream().map(folder::resolve).filter(dir -> Files.isRegularFile(dir.resolve("Chart.yaml")))
                    .findFirst().or(() -> Optional.of(archive).filter(Files::isRegularFile))
                    .ifPresent(chart -> found.put(name, chart));
        });
        return new IstioCharts(folder, version, found);
    }

    /** Whether every chart named is here. */
    boolean holds(List<String> names) {
        return charts.keySet().containsAll(names);
    }

    Path folder() {
        return folder;
    }

    /** The chart, or why there is none to use. */
    Path chart(String name) throws Problem {
        Path chart = charts.get(name);
        if (chart == null) {
            List<String> looked = new ArrayList<>(FOLDERS.get(name).stream().map(f -> f + "/").toList());
            looked.add(name + "-" + version + ".tgz");
            List<String> others = archivesOfOtherVersions(name);
            throw new Problem("Expand.ChartNotFound", "the charts folder has no " + name + " chart (looked for "
                    + String.join(", ", looked) + ")" + (others.isEmpty() ? "" : "; it holds "
                    + String.join(", ", others) + ", not of Istio " + version));
        }
        return chart;
    }

    /** The chart's files, checked to be of the revision's version. */
    ChartContent content(String name) throws Problem {
        ChartContent known = read.get(name);
        if (known != null) {
            return known;
        }
        Path chart = chart(name);
        ChartContent content;
        try {
            content = ChartContent.read(chart, folder);
        } catch (IOException e) {
            throw new Problem("Expand.ChartUnreadable", "cannot read the " + name + " chart " + shown(chart) + ": "
                    + e.getMessage());
        }
        String chartVersion = chartVersion(name, chart, content);
        if (!chartVersion.equals(version.toString())
                && !chartVersion.equals(HelmExpander.SOURCE_TREE_CHART_VERSION)) {
            throw new Problem("Expand.ChartVersion", "the " + name + " chart " + shown(chart) + " is version '"
                    + chartVersion + "', not Istio " + version);
        }
        read.put(name, content);
        return content;
    }

    /** The version its {@code Chart.yaml} names. */
    String version(String name) throws Problem {
        return chartVersion(name, chart(name), content(name));
    }

    /** One digest of every chart the folder holds: what the lock file records, and what verify compares. */
    String digest() throws Problem {
        StringBuilder all = new StringBuilder();
        for (String name : charts.keySet()) {
            all.append(name).append('\n').append(content(name).digest()).append('\n');
        }
        return "sha256:" + Sha256.hex(all.toString());
    }

    /** Where a chart is, inside the charts folder, for messages: no absolute paths. */
    String shown(Path chart) {
        return folder.relativize(chart).toString().replace('\\', '/') + (Files.isDirectory(chart) ? "/" : "");
    }

    private String chartVersion(String name, Path chart, ChartContent content) throws Problem {
        try {
            List<JsonNode> documents = Yaml.readDocuments(content.text("Chart.yaml"));
            return documents.isEmpty() ? "" : documents.get(0).path("version").asText("");
        } catch (Yaml.Problem e) {
            throw new Problem("Expand.ChartUnreadable", "the Chart.yaml of the " + name + " chart " + shown(chart)
                    + " is not valid YAML " + e.describe());
        }
    }

    private List<String> archivesOfOtherVersions(String name) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(name + "-") && f.endsWith(".tgz")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
