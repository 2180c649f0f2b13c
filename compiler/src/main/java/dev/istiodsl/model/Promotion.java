package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.time.Duration;

/** {@code after ENV soak DURATION}: what an environment may run only after {@code after} has run it that long. */
public record Promotion(String after, Duration soak, SourceLocation at) {
}
