package dev.istiodsl.expand.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.testing.IstioChartRepository;
import dev.istiodsl.testing.RealCharts;
import dev.istiodsl.util.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code charts repository}: Istio's real charts, packaged at test time from the shared fixtures into a Helm
 * repository ({@code index.yaml} with SHA-256 digests, one {@code .tgz} per chart and version), served by an HTTP
 * server on 127.0.0.1 that each test can make misbehave.
 */
class ChartRepositoryTest {

    private static final String MESH = """
            mesh shop {
              revision 1-24-6 {
                istio %s
                charts %s
                values { pilot: { autoscaleMin: 2 } }
              }
              environment test { kubernetes 1.29  revisions 1-24-6 }
            }
            """;

    @TempDir
    static Path shared;
    private static Path repository;

    @TempDir
    Path temp;

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService handlers;
    private HttpServer server;

    @FunctionalInterface
    private interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void packageTheRepository() {
        repository = IstioChartRepository.fromFixtures(shared.resolve("repository"));
    }

    @BeforeEach
    void startServer() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            try (exchange) {
                Route route = routes.get(path);
                Path file = path.startsWith("/charts/") ? repository.resolve(path.substring("/charts/".length()))
                        : null;
                if (route != null) {
                    route.answer(exchange);
                } else if (file != null && Files.isRegularFile(file)) {
                    serve(Files.readAllBytes(file)).answer(exchange);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (IOException e) {
                // The routes that cut a response short make the server complain; that is the point of them.
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aRevisionsChartsAreDownloadedOnce_verified_cached_andRenderLikeTheSameChartsInAFolder() throws Exception {
        Path project = project("1.24.6", "repository");

        CompileResult first = compile(project);

        assertThat(HelmProjects.errors(first)).isEmpty();
        assertThat(requested).containsExactly("/charts/index.yaml", "/charts/base-1.24.6.tgz",
                "/charts/istiod-1.24.6.tgz");
        assertThat(HelmProjects.lock(project)).contains(
                "charts/1-24-6/base: sha256:" + Sha256.hex(repository.resolve("base-1.24.6.tgz")),
                "charts/1-24-6/istiod: sha256:" + Sha256.hex(repository.resolve("istiod-1.24.6.tgz")));
        assertThat(cache(project).resolve("charts")).isDirectory();

        requested.clear();
        assertThat(HelmProjects.errors(compile(project))).isEmpty();
        assertThat(requested).as("a second compile finds both charts in the cache").isEmpty();

        Path folder = HelmProjects.mesh(temp.resolve("folder"), MESH.formatted("1.24.6", "\"charts\""));
        RealCharts.controlPlane("1.24.6", folder.resolve("charts"));
        assertThat(HelmProjects.errors(HelmProjects.compile(folder))).isEmpty();
        assertThat(HelmProjects.tree(project)).isEqualTo(HelmProjects.tree(folder));
    }

    @Test
    void aRepositoryNamedInTheMeshIsReadInsteadOfTheConfiguredOne() throws Exception {
        Path project = project("1.24.6", "\"" + url("/charts") + "\"");

        CompileResult result = new dev.istiodsl.compiler.Compiler().compile(new CompileRequest(project,
                Path.of("mesh.istiodsl"), Path.of("deploy/istio"), cache(project), IstioctlOptions.defaults()
                        .withChartRepository(URI.create("http://127.0.0.1:9/nothing-here"))));

        assertThat(HelmProjects.errors(result)).isEmpty();
        assertThat(requested).contains("/charts/index.yaml");
    }

    @Test
    void aChartWhoseBytesDoNotMatchTheIndexDigest_isRefused_andNothingIsCached() throws Exception {
        byte[] other = "not the chart the index describes".getBytes(StandardCharsets.UTF_8);
        routes.put("/charts/base-1.24.6.tgz", serve(other));
        Path project = project("1.24.6", "repository");

        assertThat(HelmProjects.errors(compile(project))).containsExactly("ERROR Expand.ChartDigestMismatch "
                + "mesh.istiodsl:4:5: environment 'test', revision '1-24-6': the download of "
                + url("/charts/base-1.24.6.tgz") + " does not match the repository's digest: " + url("/charts")
                + "/index.yaml says sha256 " + Sha256.hex(repository.resolve("base-1.24.6.tgz"))
                + ", the downloaded bytes have sha256 " + Sha256.hex(other) + " (hint: nothing was kept; the "
                + "repository or a proxy between serves other bytes than its index promises: try again, or use "
                + "another mirror (istiodsl.chartRepository))");
        assertThat(filesIn(cache(project).resolve("charts"))).isEmpty();
    }

    @Test
    void aChartTheServerDoesNotHave_isTheDownloadFailingWithHttp404() {
        routes.put("/charts/istiod-1.24.6.tgz", exchange -> exchange.sendResponseHeaders(404, -1));
        Path project = project("1.24.6", "repository");

        assertThat(HelmProjects.errors(compile(project))).containsExactly("ERROR Expand.ChartDownloadFailed "
                + "mesh.istiodsl:4:5: environment 'test', revision '1-24-6': the download of "
                + url("/charts/istiod-1.24.6.tgz") + " failed: the server answered HTTP 404 (hint: check that the "
                + "chart repository is reachable, or point istiodsl.chartRepository at a mirror)");
    }

    @Test
    void aBodyCutShortOfItsLength_isTheDownloadFailing_andNothingIsCached() throws Exception {
        byte[] chart = Files.readAllBytes(repository.resolve("base-1.24.6.tgz"));
        routes.put("/charts/base-1.24.6.tgz", exchange -> {
            exchange.sendResponseHeaders(200, chart.length);
            exchange.getResponseBody().write(chart, 0, chart.length / 2);
        });
        Path project = project("1.24.6", "repository");

        List<String> errors = HelmProjects.errors(compile(project));

        assertThat(errors).singleElement().asString().startsWith("ERROR Expand.ChartDownloadFailed mesh.istiodsl:4:5:"
                + " environment 'test', revision '1-24-6': the download of " + url("/charts/base-1.24.6.tgz")
                + " failed: ");
        assertThat(filesIn(cache(project).resolve("charts"))).isEmpty();
    }

    @Test
    void aVersionTheRepositoryDoesNotHave_isNamed_withTheReleasesOfItsMinorItHas() {
        Path project = project("1.24.5", "repository");

        assertThat(HelmProjects.errors(compile(project))).containsExactly("ERROR Expand.ChartNotInRepository "
                + "mesh.istiodsl:4:5: environment 'test', revision '1-24-6': the chart repository " + url("/charts")
                + " has no base chart of version 1.24.5 (of 1.24 it has 1.24.6) (hint: check `istio 1.24.5`: Istio "
                + "publishes the charts of every release it ships; a mirror (istiodsl.chartRepository) must hold "
                + "them too)");
    }

    @Test
    void offline_aChartNotInTheCacheIsNotDownloaded() {
        Path project = project("1.24.6", "repository");

        CompileResult result = new dev.istiodsl.compiler.Compiler().compile(request(project, true));

        assertThat(HelmProjects.errors(result)).containsExactly("ERROR Expand.ChartDownloadFailed mesh.istiodsl:4:5: "
                + "environment 'test', revision '1-24-6': the base chart 1.24.6 would be downloaded from "
                + url("/charts") + ", but downloads are off (offline) (hint: run once without offline (-o, "
                + "istiodsl.offline) to fill the cache, or point istiodsl.chartRepository at a mirror you can reach "
                + "(a file: folder is read offline))");
        assertThat(requested).isEmpty();
    }

    @Test
    void offline_aFileRepositoryIsStillRead_throughTheSameVerification() throws Exception {
        Path project = project("1.24.6", "repository");

        CompileResult result = new dev.istiodsl.compiler.Compiler().compile(new CompileRequest(project,
                Path.of("mesh.istiodsl"), Path.of("deploy/istio"), cache(project), IstioctlOptions.defaults()
                        .withOffline(true).withChartRepository(repository.toUri())));

        assertThat(HelmProjects.errors(result)).isEmpty();
        assertThat(HelmProjects.lock(project)).contains("charts/1-24-6/base: sha256:"
                + Sha256.hex(repository.resolve("base-1.24.6.tgz")));
    }

    @Test
    void verify_seesAChartWhoseDigestChanged() throws Exception {
        Path project = project("1.24.6", "repository");
        assertThat(HelmProjects.errors(compile(project))).isEmpty();
        assertThat(HelmProjects.errors(new dev.istiodsl.compiler.Compiler().verify(request(project, false))))
                .isEmpty();

        // The repository now serves another base chart 1.24.6 (a README more), and the cache is gone.
        Path republished = temp.resolve("republished");
        Files.createDirectories(republished);
        try (Stream<Path> files = Files.list(repository)) {
            for (Path file : files.toList()) {
                Files.copy(file, republished.resolve(file.getFileName()));
            }
        }
        TreeMap<String, byte[]> base = new TreeMap<>();
        Path source = dev.istiodsl.testing.Fixtures.resolve("istio-charts/1.24.6/charts/base");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                base.put(source.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        base.put("NOTICE", "republished\n".getBytes(StandardCharsets.UTF_8));
        byte[] archive = IstioChartRepository.archive("base", base);
        String index = Files.readString(republished.resolve("index.yaml")).replace(
                Sha256.hex(repository.resolve("base-1.24.6.tgz")), Sha256.hex(archive));
        deleteTree(cache(project));

        routes.put("/charts/base-1.24.6.tgz", serve(archive));
        routes.put("/charts/index.yaml", serve(index.getBytes(StandardCharsets.UTF_8)));
        List<String> errors = HelmProjects.errors(new dev.istiodsl.compiler.Compiler().verify(request(project,
                false)));

        assertThat(errors).singleElement().asString().startsWith("ERROR Verify.Stale deploy/istio/istiodsl.lock does "
                + "not record what the tree was compiled from");
    }

    private Path project(String version, String charts) {
        return HelmProjects.mesh(temp.resolve("project"), MESH.formatted(version, charts));
    }

    private CompileResult compile(Path project) {
        return new dev.istiodsl.compiler.Compiler().compile(request(project, false));
    }

    private CompileRequest request(Path project, boolean offline) {
        IstioctlOptions options = IstioctlOptions.defaults().withChartRepository(URI.create(url("/charts")))
                .withOffline(offline);
        options = new IstioctlOptions(options.binaries(), options.directory(), false, "", offline,
                options.downloadUrl(), Duration.ofSeconds(20), options.chartRepository());
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), cache(project),
                options);
    }

    private Path cache(Path project) {
        return project.resolveSibling(project.getFileName() + "-cache");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Route serve(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
