package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code istiodsl:validate}: parses and binds the mesh, prints every diagnostic with its source line, and fails the
 * build on any error. Writes nothing.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractIstiodslMojo {

    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        report(request, new Compiler().validate(request));
    }
}
