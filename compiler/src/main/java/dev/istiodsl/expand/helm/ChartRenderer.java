package dev.istiodsl.expand.helm;

import java.nio.file.Path;

/** The Helm engine behind the expander: the embedded one in production, the same wrapped (to count) in tests. */
public interface ChartRenderer {

    /** What renders, for cache keys: another engine may render the same chart differently. */
    String engine();

    /**
     * {@code helm template} of one release, with its values in {@code valuesFile}: the manifest text, with Helm's
     * {@code # Source:} comments.
     */
    String template(ChartRelease release, Path valuesFile) throws RenderFailure;

    /** A chart Helm could not render, with Helm's own words. */
    final class RenderFailure extends Exception {
        public RenderFailure(String message) {
            super(message);
        }
    }
}
