package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code helm template}: which chart, as which release, in which namespace, for which Kubernetes version, with
 * which values. Everything a render depends on besides the chart's bytes, so it is part of the cache key.
 *
 * @param chart       the chart's name ({@code base}, {@code istiod}, {@code gateway})
 * @param location    its folder or archive
 * @param kubeVersion {@code 1.29.0}, the version the chart's {@code Capabilities} report; empty for Helm's default
 * @param values      written to a values file, never given as {@code --set} (whose list syntax Helm's library does not
 *                    parse)
 */
public record ChartRelease(String chart, Path location, String name, String namespace, Optional<String> kubeVersion,
        ObjectNode values) {
}
