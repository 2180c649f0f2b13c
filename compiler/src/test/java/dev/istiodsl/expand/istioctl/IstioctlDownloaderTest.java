package dev.istiodsl.expand.istioctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.istiodsl.model.IstioVersion;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a release server on 127.0.0.1 serving archives built by each test. */
class IstioctlDownloaderTest {

    private static final IstioVersion V1_22_8 = IstioVersion.parse("1.22.8").orElseThrow();
    private static final String ARCHIVE_PATH = "/releases/download/1.22.8/istioctl-1.22.8-linux-amd64.tar.gz";

    @TempDir
    Path tmp;

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService handlers;
    private HttpServer server;
    private IstioctlSettings settings;

    @FunctionalInterface
    private interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void startServer() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                Route route = routes.get(exchange.getRequestURI().getPath());
                if (route == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    route.answer(exchange);
                }
            } catch (IOException e) {
                // The routes that cut a response short make the server complain; that is the point of them.
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/releases/download");
        settings = IstioctlSettings.defaults(tmp.resolve("cache"), "")
                .withPathSearch(false, "")
                .withPlatform(new Platform("linux", "amd64"))
                .withDownloadBaseUrl(base)
                .withTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aGoodArchive_isVerifiedAndUnpackedIntoTheCache_andTheBinaryWorks() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        routes.put(ARCHIVE_PATH, redirectTo("/objects/blob-1"));
        routes.put("/objects/blob-1", serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));
        IstioctlLocator locator = new IstioctlLocator(settings);

        Path binary = locator.locate(V1_22_8);

        assertThat(binary).isEqualTo(tmp.resolve("cache/istioctl/1.22.8/istioctl")).isExecutable();
        assertThat(new ProcessIstioctlRunner(settings).manifestGenerate(binary, tmp.resolve("op.yaml"), List.of(),
                tmp)).isEqualTo("rendered by 1.22.8\n");
        assertThat(filesIn(tmp.resolve("cache/istioctl/1.22.8"))).containsExactly(binary);
        int afterFirst = requests.get();
        assertThat(afterFirst).isEqualTo(3);

        assertThat(new IstioctlLocator(settings).locate(V1_22_8)).isEqualTo(binary);
        assertThat(requests).as("the second build finds it in the cache").hasValue(afterFirst);
    }

    @Test
    void anArchiveThatDoesNotMatchItsChecksum_isRejectedWithBothDigests_andNothingIsCached() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        String published = sha256("something else".getBytes(StandardCharsets.UTF_8));
        routes.put(ARCHIVE_PATH, serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(published, "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessage("the download of " + url(ARCHIVE_PATH) + " does not match its checksum: "
                        + url(ARCHIVE_PATH + ".sha256") + " says sha256 " + published
                        + ", the downloaded bytes have sha256 " + sha256(archive));
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void aMissingRelease_isReportedWithItsUrlAndTheHttpStatus() throws Exception {
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(new byte[0]),
                "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessage("the download of " + url(ARCHIVE_PATH) + " failed: the server answered HTTP 404");
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void aBodyShorterThanItsContentLength_isAnError_andNothingIsCached() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        routes.put(ARCHIVE_PATH, exchange -> {
            exchange.sendResponseHeaders(200, archive.length + 1000L);
            exchange.getResponseBody().write(archive);
        });
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessageStartingWith("the download of " + url(ARCHIVE_PATH) + " failed: ");
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void aCutArchiveWhoseChecksumMatchesTheCut_isNotAValidArchive_andNothingIsCached() throws Exception {
        byte[] whole = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        routes.put(ARCHIVE_PATH, serve(cut));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(cut), "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessage(url(ARCHIVE_PATH) + " is not a valid tar.gz archive (it ends too early)");
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void anArchiveWithoutIstioctl_isReportedAsSuch() throws Exception {
        byte[] archive = tarGz(Map.of("README.md", "nothing here\n".getBytes(StandardCharsets.UTF_8)));
        routes.put(ARCHIVE_PATH, serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessage(url(ARCHIVE_PATH) + " holds no istioctl entry");
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void aChecksumFileForAnotherArchive_isRefused() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        routes.put(ARCHIVE_PATH, serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-osx.tar.gz")));

        assertThatThrownBy(() -> new IstioctlDownloader(settings).download(V1_22_8))
                .hasMessage(url(ARCHIVE_PATH + ".sha256") + " is the checksum of istioctl-1.22.8-osx.tar.gz, not of"
                        + " istioctl-1.22.8-linux-amd64.tar.gz");
    }

    @Test
    void aServerThatStallsMidBody_isAbandonedAtTheTimeout() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        routes.put(ARCHIVE_PATH, exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive, 0, archive.length / 2);
            exchange.getResponseBody().flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));
        IstioctlDownloader downloader = new IstioctlDownloader(settings.withTimeout(Duration.ofSeconds(1)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> downloader.download(V1_22_8))
                .hasMessage("the download of " + url(ARCHIVE_PATH) + " did not finish within 1 second");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(filesIn(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void offline_makesNoRequest_andTheErrorSaysDownloadsAreOff() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.8")));
        routes.put(ARCHIVE_PATH, serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));
        IstioctlSettings offline = settings.withOffline(true);

        assertThatThrownBy(() -> new IstioctlLocator(offline).locate(V1_22_8))
                .hasMessageContaining("\n  - download of " + url(ARCHIVE_PATH)
                        + ": not attempted, downloads are off (offline)\n");
        assertThatThrownBy(() -> new IstioctlDownloader(offline).download(V1_22_8))
                .hasMessage("istioctl 1.22.8 would be downloaded from " + url(ARCHIVE_PATH)
                        + ", but downloads are off (offline)");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aDownloadedBinaryOfAnotherVersion_isReportedAndRemovedFromTheCache() throws Exception {
        byte[] archive = tarGz(Map.of("istioctl", standInReporting("1.22.7")));
        routes.put(ARCHIVE_PATH, serve(archive));
        routes.put(ARCHIVE_PATH + ".sha256", serve(checksumFile(sha256(archive), "istioctl-1.22.8-linux-amd64.tar.gz")));

        assertThatThrownBy(() -> new IstioctlLocator(settings).locate(V1_22_8))
                .hasMessageContaining("\n  - " + tmp.resolve("cache/istioctl/1.22.8/istioctl") + " (downloaded from "
                        + url(ARCHIVE_PATH) + "): reports version 1.22.7\n");
        // Only the remembered answer of those bytes stays (a fact about them, keyed by their digest); no binary.
        assertThat(filesIn(tmp.resolve("cache"))).allMatch(f -> f.getParent().getFileName().toString().equals("versions"));
    }

    @Test
    void archiveNamesFollowWhatIstioPublishesPerPlatform() throws Exception {
        assertThat(IstioctlDownloader.archiveName(V1_22_8, new Platform("linux", "arm64")))
                .isEqualTo("istioctl-1.22.8-linux-arm64.tar.gz");
        assertThat(IstioctlDownloader.archiveName(V1_22_8, new Platform("osx", "arm64")))
                .isEqualTo("istioctl-1.22.8-osx-arm64.tar.gz");
        assertThat(IstioctlDownloader.archiveName(V1_22_8, new Platform("osx", "amd64")))
                .isEqualTo("istioctl-1.22.8-osx.tar.gz");
        assertThat(IstioctlDownloader.archiveName(IstioVersion.parse("1.5.10").orElseThrow(),
                new Platform("linux", "amd64"))).isEqualTo("istioctl-1.5.10-linux.tar.gz");
        assertThatThrownBy(() -> IstioctlDownloader.archiveName(IstioVersion.parse("1.9.5").orElseThrow(),
                new Platform("osx", "arm64")))
                .hasMessage("Istio publishes no istioctl 1.9.5 release for osx/arm64; configure the istioctl binary"
                        + " for 1.9.5 instead");
        assertThatThrownBy(() -> IstioctlDownloader.archiveName(V1_22_8, new Platform("linux", "s390x")))
                .hasMessageContaining("no istioctl 1.22.8 release for linux/s390x");
        assertThat(Platform.of("Mac OS X", "aarch64")).isEqualTo(new Platform("osx", "arm64"));
        assertThat(Platform.of("Linux", "amd64")).isEqualTo(new Platform("linux", "amd64"));
        assertThat(Platform.of("Windows Server 2022", "x86_64")).isEqualTo(new Platform("win", "amd64"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private byte[] standInReporting(String version) throws IOException {
        Path script = StandIn.reportingVersion(version)
                .on(List.of("manifest", "generate", "-f", tmp.resolve("op.yaml").toString()),
                        "echo 'rendered by " + version + "'")
                .writeTo(tmp.resolve("archive-src/istioctl"));
        return Files.readAllBytes(script);
    }

    /** Like the release's archive: the entries at the top level, executable, gzip-compressed. */
    private static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> file : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0755);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] checksumFile(String digest, String name) {
        return (digest + "  " + name + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Route serve(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    private static Route redirectTo(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
