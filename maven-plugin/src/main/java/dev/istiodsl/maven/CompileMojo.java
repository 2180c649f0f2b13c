package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.CompileSummary;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code istiodsl:compile}: compiles the mesh into the output tree (one folder per environment, swapped in
 * atomically), logging each stage and a summary per environment. Fails on any error and then writes nothing.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractIstiodslMojo {

    /** The managed tree: istiodsl owns what it writes there and swaps it in whole. */
    @Parameter(property = "istiodsl.outputDirectory", defaultValue = "${project.basedir}/deploy/istio")
    private File outputDirectory;

    /** Downloaded istioctl binaries and cached expansions; safe to share between projects. */
    @Parameter(property = "istiodsl.cacheDirectory", defaultValue = "${user.home}/.cache/istiodsl")
    private File cacheDirectory;

    /** istioctl binaries per version: {@code 1.22.8=/opt/istio-1.22.8/bin/istioctl,1.24.6=...}. */
    @Parameter(property = "istiodsl.istioctl")
    private String istioctl;

    /** A directory holding {@code istioctl-<version>} binaries. */
    @Parameter(property = "istiodsl.istioctlDirectory")
    private File istioctlDirectory;

    /** Forbids downloading istioctl; also on when Maven runs offline. */
    @Parameter(property = "istiodsl.offline", defaultValue = "${settings.offline}")
    private boolean offline;

    /** The base URL of istioctl release archives (a mirror of Istio's release downloads). */
    @Parameter(property = "istiodsl.downloadUrl", defaultValue = "https://github.com/istio/istio/releases/download")
    private String downloadUrl;

    /** Seconds one istioctl run may take. */
    @Parameter(property = "istiodsl.istioctlTimeout", defaultValue = "300")
    private int istioctlTimeout;

    @Override
    protected CompileRequest request(Path projectDirectory, Path meshFile) throws MojoFailureException {
        Map<String, Path> binaries = new TreeMap<>();
        if (istioctl != null && !istioctl.isBlank()) {
            for (String entry : istioctl.split(",")) {
                String[] pair = entry.strip().split("=", 2);
                if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                    throw new MojoFailureException("istiodsl.istioctl: '" + entry.strip() + "' is not VERSION=PATH, "
                            + "e.g. 1.22.8=/opt/istio-1.22.8/bin/istioctl");
                }
                binaries.put(pair[0].strip(), fromBasedir(new File(pair[1].strip())));
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        IstioctlOptions options = new IstioctlOptions(binaries, Optional.ofNullable(istioctlDirectory)
                .map(this::fromBasedir), !path.isEmpty(), path, offline, URI.create(downloadUrl),
                Duration.ofSeconds(istioctlTimeout));
        return new CompileRequest(projectDirectory, meshFile, fromBasedir(outputDirectory),
                fromBasedir(cacheDirectory), options);
    }

    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        CompileResult result = new Compiler().compile(request);
        result.summary().ifPresent(summary -> log(request, summary));
        report(request, result);
    }

    private void log(CompileRequest request, CompileSummary summary) {
        summary.istioctlBinaries().forEach((version, binary) -> getLog().info("istiodsl: istioctl " + version + ": "
                + binary));
        for (Map.Entry<String, Long> stage : summary.stageMillis()) {
            String counts = switch (stage.getKey()) {
                case "expand" -> ": " + summary.istioctlRuns() + " istioctl runs, " + summary.cacheHits()
                        + " from the cache";
                case "emit" -> summary.emitted().map(e -> ": " + e.added().size() + " added, " + e.changed().size()
                        + " changed, " + e.removed().size() + " removed, " + e.unchanged() + " unchanged")
                        .orElse(": nothing written");
                default -> "";
            };
            getLog().info("istiodsl: " + stage.getKey() + counts + " (" + stage.getValue() + " ms)");
        }
        summary.resources().forEach((env, parts) -> getLog().info("istiodsl: environment " + env + ": "
                + parts.values().stream().mapToInt(Integer::intValue).sum() + " resources " + parts));
        getLog().info("istiodsl: tree in " + request.outputDirectory());
    }
}
