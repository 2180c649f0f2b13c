package dev.istiodsl.expand.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real embedded Helm, counting what it is asked to render: the cache is proved by the engine's own calls. */
final class CountingRenderer implements ChartRenderer {

    private final ChartRenderer helm = new HelmJavaRenderer();
    private final List<String> calls = new ArrayList<>();

    @Override
    public String engine() {
        return helm.engine();
    }

    @Override
    public String template(ChartRelease release, Path valuesFile) throws RenderFailure {
        calls.add(release.chart() + " " + release.name() + " " + release.namespace());
        return helm.template(release, valuesFile);
    }

    /** Every render so far, as {@code chart release namespace}. */
    List<String> calls() {
        return List.copyOf(calls);
    }
}
