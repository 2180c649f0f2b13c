package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;


/**
 * {@code istiodsl:verify}: fails when the tree on disk is not what the sources compile to (stale output, or files
 * edited by hand), naming the files; writes nothing. When the lock file says the tree was compiled from exactly these
 * sources it only compares the files with the lock, and starts no istioctl.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractTreeMojo {


    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        CompileResult result = new Compiler().verify(request);
        result.summary().ifPresent(summary -> log(RunLog.verified(summary)));
        report(request, result);
        getLog().info("istiodsl: " + request.outputDirectory() + " is what the sources compile to");
    }
}
