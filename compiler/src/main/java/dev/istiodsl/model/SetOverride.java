package dev.istiodsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.SourceLocation;

/** {@code set PATH = VALUE}: one istioctl --set override, with the DSL line that wrote it. */
public record SetOverride(SetPath path, JsonNode value, SourceLocation at) {
}
