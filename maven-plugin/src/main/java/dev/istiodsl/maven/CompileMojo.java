package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.CompileSummary;
import dev.istiodsl.compiler.Compiler;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.Map;

/**
 * {@code istiodsl:compile}: compiles the mesh into the output tree (one folder per environment, swapped in
 * atomically), logging each stage and a summary per environment. Fails on any error and then writes nothing.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractTreeMojo {


    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        CompileResult result = new Compiler().compile(request);
        result.summary().ifPresent(summary -> log(request, summary));
        report(request, result);
    }

    private void log(CompileRequest request, CompileSummary summary) {
        summary.istioctlBinaries().forEach((version, binary) -> getLog().info("istiodsl: istioctl " + version + ": "
                + binary));
        for (Map.Entry<String, Long> stage : summary.stageMillis()) {
            String counts = switch (stage.getKey()) {
                case "lock" -> ": waited for another compile or promote of this output to finish";
                case "expand" -> ": " + summary.istioctlRuns() + " istioctl runs, " + (summary.helmRenders() > 0
                        ? summary.helmRenders() + " charts rendered, " : "") + summary.cacheHits() + " from the cache";
                case "emit" -> summary.emitted().map(e -> ": " + e.added().size() + " added, " + e.changed().size()
                        + " changed, " + e.removed().size() + " removed, " + e.unchanged() + " unchanged")
                        .orElse(": nothing written");
                default -> "";
            };
            getLog().info("istiodsl: " + stage.getKey() + counts + " (" + stage.getValue() + " ms)");
        }
        summary.resources().forEach((env, parts) -> getLog().info("istiodsl: environment " + env + ": "
                + parts.values().stream().mapToInt(Integer::intValue).sum() + " resources " + parts));
        getLog().info("istiodsl: tree in " + request.outputDirectory());
    }
}
