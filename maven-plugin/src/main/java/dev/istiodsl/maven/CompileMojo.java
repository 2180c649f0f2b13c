package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code istiodsl:compile}: compiles the mesh into the output tree (one folder per environment, swapped in
 * atomically), logging each stage and a summary per environment. Fails on any error and then writes nothing.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractTreeMojo {


    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        CompileResult result = new Compiler().compile(request);
        result.summary().ifPresent(summary -> RunLog.compiled(request, summary).forEach(this::log));
        report(request, result);
    }
}
