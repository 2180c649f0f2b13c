package dev.istiodsl.testing;

import dev.istiodsl.util.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Helm chart repository of Istio's real charts, packaged at test (or build) time from
 * {@code ../shared/fixtures/istio-charts/<version>/charts} as Istio publishes them: {@code base}, {@code istiod},
 * {@code gateway}, {@code cni} and {@code ztunnel}, one {@code <name>-<version>.tgz} each (the chart's files under a
 * folder of its name, as {@code helm package} writes them) and an {@code index.yaml} giving each archive's SHA-256.
 * The archives are byte-for-byte the same on every run (sorted entries, no times), so their digests are too.
 *
 * <p>{@link #main} builds one for the examples' builds: {@code IstioChartRepository <istio-charts folder> <target>}.
 */
public final class IstioChartRepository {

    /** The published chart name of each chart's place in Istio's source tree. */
    public static final Map<String, String> CHARTS = Map.of(
            "base", "base",
            "istiod", "istio-control/istio-discovery",
            "gateway", "gateway",
            "cni", "istio-cni",
            "ztunnel", "ztunnel");

    private IstioChartRepository() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: IstioChartRepository <istio-charts folder> <target folder>");
        }
        build(Path.of(args[0]), Path.of(args[1]));
    }

    /** The repository of every version in the shared fixtures, in {@code target}. */
    public static Path fromFixtures(Path target) {
        return build(Fixtures.resolve("istio-charts"), target);
    }

    /**
     * Packages every chart of every version folder of {@code istioCharts} into {@code target} and writes its index.
     *
     * @return {@code target}
     */
    public static Path build(Path istioCharts, Path target) {
        try {
            Files.createDirectories(target);
            SortedMap<String, List<String>> entries = new TreeMap<>();
            List<Path> versions;
            try (Stream<Path> list = Files.list(istioCharts)) {
                versions = list.filter(Files::isDirectory).sorted().toList();
            }
            for (Path versionFolder : versions) {
                String version = versionFolder.getFileName().toString();
                for (Map.Entry<String, String> chart : new TreeMap<>(CHARTS).entrySet()) {
                    Path source = versionFolder.resolve("charts").resolve(chart.getValue());
                    if (!Files.isRegularFile(source.resolve("Chart.yaml"))) {
                        continue;
                    }
                    String file = chart.getKey() + "-" + version + ".tgz";
                    byte[] archive = archive(chart.getKey(), source);
                    Files.write(target.resolve(file), archive);
                    entries.computeIfAbsent(chart.getKey(), k -> new ArrayList<>()).add(entry(chart.getKey(),
                            version, Sha256.hex(archive), file));
                }
            }
            StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n");
            entries.forEach((name, list) -> {
                index.append("  ").append(name).append(":\n");
                // Newest first, as Helm writes its indexes.
                List<String> newestFirst = new ArrayList<>(list);
                java.util.Collections.reverse(newestFirst);
                newestFirst.forEach(index::append);
            });
            index.append("generated: \"2026-01-01T00:00:00Z\"\n");
            Files.writeString(target.resolve("index.yaml"), index.toString(), StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the chart repository in " + target, e);
        }
    }

    private static String entry(String name, String version, String digest, String file) {
        return "  - apiVersion: v2\n"
                + "    appVersion: " + version + "\n"
                + "    digest: " + digest + "\n"
                + "    name: " + name + "\n"
                + "    urls:\n"
                + "    - " + file + "\n"
                + "    version: " + version + "\n";
    }

    /** The chart's files below a folder named like the chart, sorted, with no times, owners or modes of the disk. */
    public static byte[] archive(String name, Path chart) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(chart)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(chart.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return archive(name, files);
    }

    /** An archive of these files, by path inside the chart. */
    public static byte[] archive(String name, SortedMap<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GzipParameters parameters = new GzipParameters();
        parameters.setModificationTime(0);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out,
                parameters))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(name + "/" + file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0644);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
