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
 * @param downloadUrl the base of Istio's release downloads, or a mirror of it
 */
public record IstioctlOptions(Map<String, Path> binaries, Optional<Path> directory, boolean searchPath,
        String pathVariable, boolean offline, URI downloadUrl, Duration timeout) {

    public static final URI RELEASES = URI.create("https://github.com/istio/istio/releases/download");

    public IstioctlOptions {
        binaries = java.util.Collections.unmodifiableMap(new TreeMap<>(binaries));
    }

    public static IstioctlOptions defaults() {
        return new IstioctlOptions(Map.of(), Optional.empty(), false, "", false, RELEASES, Duration.ofMinutes(5));
    }
}
