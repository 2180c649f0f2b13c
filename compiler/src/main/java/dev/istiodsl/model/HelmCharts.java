package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A revision's {@code charts}: Istio's Helm charts that expand it in-process instead of istioctl, from a folder of the
 * project ({@code charts "folder"}: unpacked, or as {@code .tgz} archives) or from a Helm chart repository
 * ({@code charts repository}: Istio's, or the mirror the compile is configured with; {@code charts "https://..."}:
 * that one).
 *
 * @param directory  absolute, inside the project; empty for charts from a repository
 * @param repository the repository the DSL names; empty for a folder, and for Istio's (the configured one)
 * @param at         the {@code charts} line, where rendering problems are reported
 */
public record HelmCharts(Optional<Path> directory, Optional<URI> repository, SourceLocation at) {

    public HelmCharts {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(repository, "repository");
        if (directory.isPresent() && repository.isPresent()) {
            throw new IllegalArgumentException("charts come from a folder or a repository, not both");
        }
    }

    /** Charts in a folder of the project. */
    public HelmCharts(Path directory, SourceLocation at) {
        this(Optional.of(directory), Optional.empty(), at);
    }

    /** Charts from a repository: the one named, or, when empty, the one the compile is configured with. */
    public static HelmCharts fromRepository(Optional<URI> repository, SourceLocation at) {
        return new HelmCharts(Optional.empty(), repository, at);
    }

    public boolean fromRepository() {
        return directory.isEmpty();
    }
}
