package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.expand.download.HttpFetch;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Istio's charts from a Helm chart repository ({@code index.yaml} and the {@code .tgz} files it lists), as
 * {@code helm pull} takes them: a chart is addressed by its name and the revision's Istio version, downloaded once,
 * checked against the digest the index gives before it is kept, and cached under
 * {@code <cache>/charts/<repository>/<version>/<name>-<version>.tgz}, where {@link IstioCharts} reads it like an
 * archive in a charts folder. A cached chart is used without asking the repository anything, as long as its bytes
 * still have the digest recorded beside it. Offline, nothing is downloaded; a {@code file:} repository (a folder
 * holding an index and its archives, like a local mirror) is read from the disk even then.
 */
public final class ChartRepository {

    /** Where Istio publishes its charts ({@code helm repo add istio ...}). */
    public static final URI ISTIO = URI.create("https://istio-release.storage.googleapis.com/charts");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final Path cache;
    private final boolean offline;
    private final HttpFetch fetch;
    /** Each repository's index, read at most once per compile, and only when a chart is not in the cache. */
    private final Map<URI, JsonNode> indexes = new HashMap<>();

    /**
     * @param cacheDirectory the compile's cache ({@code istiodsl.cacheDirectory}); charts land below {@code charts/}
     * @param offline        forbid downloads ({@code file:} repositories are still read)
     */
    public ChartRepository(Path cacheDirectory, boolean offline, HttpFetch fetch) {
        this.cache = cacheDirectory.resolve("charts");
        this.offline = offline;
        this.fetch = fetch;
    }

    /**
     * The charts of one version, each verified.
     *
     * @param folder  where they are, as {@code <name>-<version>.tgz}
     * @param digests chart name to {@code sha256:<hex>} of its archive, the digest the repository's index gives
     */
    public record Fetched(Path folder, SortedMap<String, String> digests) {
        public Fetched {
            digests = Collections.unmodifiableSortedMap(new TreeMap<>(digests));
        }
    }

    /** The charts named, of the version, from the repository or the cache. */
    Fetched fetch(URI repository, IstioVersion version, List<String> charts) throws IstioCharts.Problem {
        Path folder = folder(repository, version);
        SortedMap<String, String> digests = new TreeMap<>();
        for (String chart : charts) {
            digests.put(chart, "sha256:" + chart(repository, version, chart, folder));
        }
        return new Fetched(folder, digests);
    }

    /** The folder a repository's charts of one version are cached in. */
    Path folder(URI repository, IstioVersion version) {
        return cache.resolve(Sha256.hex(base(repository)).substring(0, 16)).resolve(version.toString());
    }

    /** The hex digest of the chart's archive, downloading it into {@code folder} unless it is there already. */
    private String chart(URI repository, IstioVersion version, String chart, Path folder) throws IstioCharts.Problem {
        String file = chart + "-" + version + ".tgz";
        Path archive = folder.resolve(file);
        Path recorded = folder.resolve(file + ".sha256");
        Optional<String> cached = cached(archive, recorded);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean local = "file".equalsIgnoreCase(repository.getScheme());
        if (offline && !local) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", "the " + chart + " chart " + version
                    + " would be downloaded from " + base(repository) + ", but downloads are off (offline)");
        }
        JsonNode entry = entry(repository, version, chart);
        String expected = entry.path("digest").asText("");
        if (!SHA256_HEX.matcher(expected).matches()) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", base(repository) + "/index.yaml gives no "
                    + "sha256 digest for the " + chart + " chart " + version + " (digest: '" + expected + "'), so its "
                    + "download cannot be verified");
        }
        expected = expected.toLowerCase(Locale.ROOT);
        URI url = url(repository, entry, chart, version);
        Path download = null;
        try {
            Files.createDirectories(folder);
            download = Files.createTempFile(folder, ".download-", ".tgz");
            fetch.toFile(url, download);
            String actual = Sha256.hex(download);
            if (!actual.equals(expected)) {
                throw new IstioCharts.Problem("Expand.ChartDigestMismatch", "the download of " + url + " does not "
                        + "match the repository's digest: " + base(repository) + "/index.yaml says sha256 " + expected
                        + ", the downloaded bytes have sha256 " + actual);
            }
            Files.writeString(recorded, expected + "\n", StandardCharsets.UTF_8);
            HttpFetch.moveIntoPlace(download, archive);
            download = null;
            return expected;
        } catch (HttpFetch.Failure e) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the " + chart + " chart " + version + " in " + folder, e);
        } finally {
            HttpFetch.deleteQuietly(download);
        }
    }

    /** A cached archive whose bytes still have the digest recorded when it was downloaded; a damaged one is dropped. */
    private static Optional<String> cached(Path archive, Path recorded) {
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(recorded)) {
            return Optional.empty();
        }
        try {
            String expected = Files.readString(recorded, StandardCharsets.UTF_8).strip();
            if (Sha256.hex(archive).equals(expected)) {
                return Optional.of(expected);
            }
            Files.deleteIfExists(archive);
            Files.deleteIfExists(recorded);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cached chart " + archive, e);
        }
    }

    /** The index's entry for the chart's version, or why there is none. */
    private JsonNode entry(URI repository, IstioVersion version, String chart) throws IstioCharts.Problem {
        JsonNode index = index(repository);
        JsonNode versions = index.path("entries").path(chart);
        if (!versions.isArray() || versions.isEmpty()) {
            throw new IstioCharts.Problem("Expand.ChartNotInRepository", "the chart repository " + base(repository)
                    + " has no " + chart + " chart");
        }
        List<String> others = new ArrayList<>();
        for (JsonNode entry : versions) {
            String said = entry.path("version").asText("");
            if (said.equals(version.toString()) || said.equals("v" + version)) {
                return entry;
            }
            if (said.startsWith(version.major() + "." + version.minor() + ".")) {
                others.add(said);
            }
        }
        others.sort(null);
        throw new IstioCharts.Problem("Expand.ChartNotInRepository", "the chart repository " + base(repository)
                + " has no " + chart + " chart of version " + version + (others.isEmpty() ? ""
                        : " (of " + version.major() + "." + version.minor() + " it has " + String.join(", ", others)
                                + ")"));
    }

    private JsonNode index(URI repository) throws IstioCharts.Problem {
        JsonNode known = indexes.get(repository);
        if (known != null) {
            return known;
        }
        URI uri = URI.create(base(repository) + "/index.yaml");
        byte[] body;
        try {
            body = fetch.bytes(uri);
        } catch (HttpFetch.Failure e) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", e.getMessage());
        }
        List<JsonNode> documents;
        try {
            documents = Yaml.readDocuments(new String(body, StandardCharsets.UTF_8));
        } catch (Yaml.Problem e) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", uri + " is not a Helm repository index: "
                    + "it is not valid YAML " + e.describe());
        }
        if (documents.isEmpty() || !documents.get(0).path("entries").isObject()) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", uri + " is not a Helm repository index: it "
                    + "has no entries");
        }
        indexes.put(repository, documents.get(0));
        return documents.get(0);
    }

    /** The archive's address: the entry's first URL, absolute or relative to the repository, as Helm reads it. */
    private static URI url(URI repository, JsonNode entry, String chart, IstioVersion version)
            throws IstioCharts.Problem {
        JsonNode urls = entry.path("urls");
        if (!urls.isArray() || urls.isEmpty() || !urls.get(0).isTextual()) {
            throw new IstioCharts.Problem("Expand.ChartNotInRepository", base(repository) + "/index.yaml lists the "
                    + chart + " chart " + version + " without a URL");
        }
        String url = urls.get(0).asText();
        try {
            URI given = URI.create(url);
            return given.isAbsolute() ? given : URI.create(base(repository) + "/").resolve(given);
        } catch (IllegalArgumentException e) {
            throw new IstioCharts.Problem("Expand.ChartNotInRepository", base(repository) + "/index.yaml lists the "
                    + chart + " chart " + version + " at '" + url + "', which is no URL");
        }
    }

    /** The repository's address without a trailing slash. */
    static String base(URI repository) {
        String text = repository.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
