package dev.istiodsl.expand.helm;

import dev.istiodsl.util.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one chart, unpacked folder or {@code .tgz} archive alike, by path inside the chart
 * ({@code templates/deployment.yaml}). Both forms give one digest for one content, and the files Helm's template
 * command leaves out ({@code crds/}) can be read from either.
 */
record ChartContent(SortedMap<String, byte[]> files) {

    ChartContent {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * Reads a chart inside {@code boundary}, following symbolic links as Helm does when it loads a folder.
     *
     * @throws IOException when a link leads out of {@code boundary} (the compile would depend on files the project does
     *                     not hold), or reading fails
     */
    static ChartContent read(Path chart, Path boundary) throws IOException {
        Path inside = boundary.toRealPath();
        return Files.isDirectory(chart) ? folder(chart, inside) : archive(checked(chart, chart, inside));
    }

    private static ChartContent folder(Path chart, Path boundary) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(chart, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : walk.toList()) {
                if (Files.isRegularFile(checked(chart, file, boundary))) {
                    files.put(chart.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        }
        return new ChartContent(files);
    }

    private static Path checked(Path chart, Path file, Path boundary) throws IOException {
        if (!file.toRealPath().startsWith(boundary)) {
            String shown = chart.equals(file) ? "it" : chart.relativize(file).toString().replace('\\', '/');
            throw new IOException(shown + " leads, through a symbolic link, out of the charts folder: keep the"
                    + " charts' files inside it");
        }
        return file;
    }

    /** An archive holds one top folder, the chart's name; paths are taken below it, as Helm does. */
    private static ChartContent archive(Path chart) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (InputStream in = Files.newInputStream(chart);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (entry.isFile() && slash > 0 && slash < name.length() - 1) {
                    files.put(name.substring(slash + 1), tar.readAllBytes());
                }
            }
        }
        return new ChartContent(files);
    }

    /** Of every path and its bytes, in path order. */
    String digest() {
        StringBuilder all = new StringBuilder();
        files.forEach((path, bytes) -> all.append(path).append('\n').append(Sha256.hex(bytes)).append('\n'));
        return Sha256.hex(all.toString());
    }

    /**
     * The chart's {@code crds/} files, sorted by name, as istioctl appends them: Helm's template command renders
     * templates only, and Istio's charts before 1.20 keep their CRDs there alone.
     */
    List<String> crds() {
        return files.entrySet().stream().filter(e -> e.getKey().startsWith("crds/"))
                .filter(e -> e.getKey().endsWith(".yaml") || e.getKey().endsWith(".yml"))
                .map(e -> new String(e.getValue(), StandardCharsets.UTF_8)).toList();
    }

    String text(String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
