package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.nio.file.Path;

/**
 * A revision's {@code manifest "path"}: an already generated manifest used instead of running istioctl.
 *
 * @param file    absolute, inside the project
 * @param written the path as the DSL writes it, for messages that point into the file ({@code render/r1.yaml:12})
 * @param at      the {@code manifest} line, where what the file holds is reported
 */
public record ManifestFile(Path file, String written, SourceLocation at) {
}
