package dev.istiodsl.compiler;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the istioctl binaries come from, in the order they are looked for: a binary configured for the exact
 * version, a directory of {@code istioctl-<version>} binaries, {@code istioctl} on the PATH (when its version
 * matches), the cache, and a checksum-verified download unless {@code offline}.
 *
 * @param binaries     version text ({@code 1.22.8}) to binary
 * @param pathVariable the PATH to search when {@code searchPath}: the caller's, passed in so the compiler reads no
 *                     environment of its own
 * <p>The same options say where Istio's Helm charts come from for {@code charts repository}: the downloads obey
 * {@code offline} and {@code timeout} too, and land in the same cache.
 *
 * @param downloadUrl     the base of Istio's release downloads, or a mirror of it
 * @param chartRepository Istio's Helm chart repository, or a mirror of it ({@code https:}, {@code http:}, or a
 *                        {@code file:} folder holding {@code index.yaml} and the archives)
 */
public record IstioctlOptions(Map<String, Path> binaries, Optional<Path> directory, boolean searchPath,
        String pathVariable, boolean offline, URI downloadUrl, Duration timeout, URI chartRepository) {

    public static final URI RELEASES = URI.create("https://github.com/istio/istio/releases/download");
    /** Where Istio publishes its Helm charts. */
    public static final URI CHARTS = dev.istiodsl.expand.helm.ChartRepository.ISTIO;

    public IstioctlOptions {
        binaries = java.util.Collections.unmodifiableMap(new TreeMap<>(binaries));
        java.util.Objects.requireNonNull(chartRepository, "chartRepository");
    }

    /** Charts from Istio's own repository. */
    public IstioctlOptions(Map<String, Path> binaries, Optional<Path> directory, boolean searchPath,
            String pathVariable, boolean offline, URI downloadUrl, Duration timeout) {
        this(binaries, directory, searchPath, pathVariable, offline, downloadUrl, timeout, CHARTS);
    }

    public static IstioctlOptions defaults() {
        return new IstioctlOptions(Map.of(), Optional.empty(), false, "", false, RELEASES, Duration.ofMinutes(5));
    }

    public IstioctlOptions withChartRepository(URI repository) {
        return new IstioctlOptions(binaries, directory, searchPath, pathVariable, offline, downloadUrl, timeout,
                repository);
    }

    public IstioctlOptions withOffline(boolean noDownloads) {
        return new IstioctlOptions(binaries, directory, searchPath, pathVariable, noDownloads, downloadUrl, timeout,
                chartRepository);
    }
}
