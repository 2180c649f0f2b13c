package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.nio.file.Path;

/**
 * A revision's {@code charts "path"}: the folder holding Istio's Helm charts (unpacked, or as {@code .tgz} archives)
 * that expand it in-process instead of istioctl.
 *
 * @param directory absolute, inside the project
 * @param at        the {@code charts} line, where rendering problems are reported
 */
public record HelmCharts(Path directory, SourceLocation at) {
}
