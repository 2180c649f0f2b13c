package dev.istiodsl.model;

import java.util.Locale;
import java.util.Optional;

/** How an environment's tree is laid out for the tool that applies it. */
public enum OutputFormat {
    FLUX, HELMFILE, PLAIN;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OutputFormat> of(String keyword) {
        for (OutputFormat format : values()) {
            if (format.keyword().equals(keyword)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
