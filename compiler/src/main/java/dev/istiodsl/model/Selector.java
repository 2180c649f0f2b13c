package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.Optional;

/**
 * Which generated resources an overlay operation applies to. The name glob is matched against revision-independent
 * names ({@code istiod} matches {@code istiod-1-22-8} inside revision {@code 1-22-8}).
 */
public record Selector(String kind, String nameGlob, Optional<String> namespace, Optional<String> revision,
        Optional<String> tag, Optional<String> gateway, SourceLocation at) {
}
