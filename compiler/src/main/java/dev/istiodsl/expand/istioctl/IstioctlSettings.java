package dev.istiodsl.expand.istioctl;

import dev.istiodsl.model.IstioVersion;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where istioctl binaries may come from and how they are run. Everything that depends on the machine (PATH, the
 * platform) is a value here, handed in by the caller, so nothing below reads the environment and tests can say
 * exactly what the locator sees.
 *
 * @param configuredBinaries one binary per version text ({@code "1.22.8"}), used as given and never second-guessed:
 *                           if it reports another version that is an error, not a reason to look elsewhere
 * @param binaryDirectory    a folder holding {@code istioctl-<version>} files, if any
 * @param searchPath         whether {@code istioctl} on {@link #pathVariable()} is considered
 * @param pathVariable       the PATH value: searched when {@code searchPath} is on, and given to istioctl as its PATH
 * @param cacheDirectory     downloads land in {@code <cache>/istioctl/<version>/istioctl}; istioctl's HOME lives
 *                           under {@code <cache>/istioctl/home}
 * @param offline            forbid downloads
 * @param downloadBaseUrl    release downloads, {@code <base>/<version>/istioctl-<version>-<os>-<arch>.tar.gz}
 * @param platform           which release archive fits this machine
 * @param timeout            how long one istioctl run (or one download) may take before it is killed (abandoned)
 */
public record IstioctlSettings(Map<String, Path> configuredBinaries, Optional<Path> binaryDirectory,
        boolean searchPath, String pathVariable, Path cacheDirectory, boolean offline, URI downloadBaseUrl,
        Platform platform, Duration timeout) {

    public static final URI DEFAULT_DOWNLOAD_BASE_URL = URI.create("https://github.com/istio/istio/releases/download");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public IstioctlSettings {
        Objects.requireNonNull(configuredBinaries, "configuredBinaries");
        Objects.requireNonNull(binaryDirectory, "binaryDirectory");
        Objects.requireNonNull(pathVariable, "pathVariable");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(downloadBaseUrl, "downloadBaseUrl");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(timeout, "timeout");
        TreeMap<String, Path> binaries = new TreeMap<>();
        configuredBinaries.forEach((version, path) -> {
            // A key like "v1.22.8" would never match a requested version, and the binary would be ignored
            // without a word; refusing it here names the typo instead.
            if (IstioVersion.parse(version).isEmpty()) {
                throw new IllegalArgumentException("istioctl is configured for '" + version
                        + "', which is not an Istio version like 1.22.8");
            }
            binaries.put(version, Objects.requireNonNull(path, () -> "the istioctl path for " + version));
        });
        configuredBinaries = Collections.unmodifiableMap(binaries);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the istioctl timeout must be positive, not " + timeout);
        }
    }

    /**
     * Nothing configured, PATH searched, downloads on from GitHub for this machine, five-minute timeout.
     *
     * @param pathVariable the caller's PATH ({@code System.getenv("PATH")} in the plugin), or "" for none
     */
    public static IstioctlSettings defaults(Path cacheDirectory, String pathVariable) {
        return new IstioctlSettings(Map.of(), Optional.empty(), true, pathVariable == null ? "" : pathVariable,
                cacheDirectory, false, DEFAULT_DOWNLOAD_BASE_URL, Platform.current(), DEFAULT_TIMEOUT);
    }

    public IstioctlSettings withConfiguredBinary(String version, Path binary) {
        TreeMap<String, Path> binaries = new TreeMap<>(configuredBinaries);
        binaries.put(version, binary);
        return new IstioctlSettings(binaries, binaryDirectory, searchPath, pathVariable, cacheDirectory, offline,
                downloadBaseUrl, platform, timeout);
    }

    public IstioctlSettings withBinaryDirectory(Path directory) {
        return new IstioctlSettings(configuredBinaries, Optional.of(directory), searchPath, pathVariable,
                cacheDirectory, offline, downloadBaseUrl, platform, timeout);
    }

    public IstioctlSettings withPathSearch(boolean search, String path) {
        return new IstioctlSettings(configuredBinaries, binaryDirectory, search, path, cacheDirectory, offline,
                downloadBaseUrl, platform, timeout);
    }

    public IstioctlSettings withOffline(boolean noDownloads) {
        return new IstioctlSettings(configuredBinaries, binaryDirectory, searchPath, pathVariable, cacheDirectory,
                noDownloads, downloadBaseUrl, platform, timeout);
    }

    public IstioctlSettings withDownloadBaseUrl(URI base) {
        return new IstioctlSettings(configuredBinaries, binaryDirectory, searchPath, pathVariable, cacheDirectory,
                offline, base, platform, timeout);
    }

    public IstioctlSettings withPlatform(Platform newPlatform) {
        return new IstioctlSettings(configuredBinaries, binaryDirectory, searchPath, pathVariable, cacheDirectory,
                offline, downloadBaseUrl, newPlatform, timeout);
    }

    public IstioctlSettings withTimeout(Duration newTimeout) {
        return new IstioctlSettings(configuredBinaries, binaryDirectory, searchPath, pathVariable, cacheDirectory,
                offline, downloadBaseUrl, platform, newTimeout);
    }

    /** {@code <cache>/istioctl}: everything this package writes lives below it. */
    Path istioctlCache() {
        return cacheDirectory.resolve("istioctl");
    }
}
