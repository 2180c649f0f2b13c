package dev.istiodsl.compiler;

import dev.istiodsl.bind.Binder;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.expand.IstioctlTool;
import dev.istiodsl.source.SourceSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The compiler's one face: a request in, a result out. Stages are composed here per goal; none of them prints,
 * exits or throws for a user mistake.
 */
public final class Compiler {

    private final Function<CompileRequest, IstioctlTool> istioctl;

    public Compiler() {
        this(Pipeline::realIstioctl);
    }

    /** A compiler with another istioctl behind the expand stage (tests use a stand-in executable through it). */
    public Compiler(Function<CompileRequest, IstioctlTool> istioctl) {
        this.istioctl = istioctl;
    }

    /**
     * Compiles the mesh into the output tree: validate, expand, partition, transform, then emit, which swaps the
     * new tree in only when no stage reported an error.
     */
    public CompileResult compile(CompileRequest request) {
        long start = System.nanoTime();
        CompileResult validated = validate(request);
        if (validated.hasErrors()) {
            return validated;
        }
        long bound = (System.nanoTime() - start) / 1_000_000;
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.addAll(validated.diagnostics());
        if (!request.outputDirectory().startsWith(request.projectDirectory())
                || request.outputDirectory().equals(request.projectDirectory())) {
            // The tree is committed and Flux reads it by its path in the repository.
            diagnostics.error("Emit.OutputOutsideProject", null, "the output directory " + request.outputDirectory()
                    + " must be a folder inside the project " + request.projectDirectory(),
                    "set istiodsl.outputDirectory to a folder of the project, such as deploy/istio");
            return new CompileResult(validated.mesh(), diagnostics.sorted(), validated.sources());
        }
        CompileSummary summary = new Pipeline(request, Optional.of(istioctl.apply(request)), diagnostics)
                .run(validated.mesh().orElseThrow(), validated.sources());
        List<Map.Entry<String, Long>> timings = new ArrayList<>();
        timings.add(Map.entry("bind", bound));
        timings.addAll(summary.stageMillis());
        summary = new CompileSummary(summary.resources(), summary.istioctlBinaries(), summary.istioctlRuns(),
                summary.cacheHits(), summary.emitted(), timings);
        return new CompileResult(validated.mesh(), diagnostics.sorted(), validated.sources(), Optional.of(summary));
    }

    /** Parses and binds the mesh: every syntax and binding problem, all at once. */
    public CompileResult validate(CompileRequest request) {
        Diagnostics diagnostics = new Diagnostics();
        SourceSet sources = new SourceSet();
        var mesh = new Binder(request.projectDirectory(), sources, diagnostics).bind(request.meshFile());
        boolean failed = diagnostics.hasErrors();
        return new CompileResult(failed ? Optional.empty() : mesh, diagnostics.sorted(), sources);
    }
}
