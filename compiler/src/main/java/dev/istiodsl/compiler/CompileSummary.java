package dev.istiodsl.compiler;

import dev.istiodsl.emit.EmitResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a compile did, for the log: per environment the resources per part, the expansions run and taken from the
 * cache, the charts rendered, what changed on disk, and how long each stage took.
 *
 * @param resources environment to part path to number of resources
 * @param istioctlBinaries Istio version to the istioctl binary that expanded it
 * @param helmRenders charts rendered by the embedded Helm engine (not taken from the cache)
 * @param cacheHits expansions taken from the cache, istioctl's and Helm's
 * @param stageMillis stage verb to elapsed milliseconds, in pipeline order
 */
public record CompileSummary(Map<String, Map<String, Integer>> resources, Map<String, String> istioctlBinaries,
        int istioctlRuns, int helmRenders, int cacheHits, Optional<EmitResult> emitted,
        List<Map.Entry<String, Long>> stageMillis) {
}
