package dev.istiodsl.partition;

import java.util.Optional;

/** Finding and removing a revision inside generated names: {@code istiod-1-22-8}, {@code istio-validator-1-22-8-istio-system}. */
final class RevisionNames {

    private RevisionNames() {
    }

    /** The name without {@code -<revision>} at its end or {@code -<revision>-} inside it; empty when absent. */
    static Optional<String> strip(String name, String revision) {
        String suffix = "-" + revision;
        if (name.endsWith(suffix)) {
            return Optional.of(name.substring(0, name.length() - suffix.length()));
        }
        int inside = name.indexOf(suffix + "-");
        if (inside >= 0) {
            return Optional.of(name.substring(0, inside) + name.substring(inside + suffix.length()));
        }
        return Optional.empty();
    }
}
