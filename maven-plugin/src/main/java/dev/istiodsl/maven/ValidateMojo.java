package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code istiodsl:validate}: checks the mesh as {@code compile} would (every revision expanded, every resource against
 * its schema, every rule), prints every finding per environment with its source line, writes the reports and fails
 * the build on any error. Writes no tree, but reads the one in {@code istiodsl.outputDirectory}, as {@code compile}
 * does: its lock file says what the compile would replace ({@code Upgrade.Downgrade}, the Namespaces that leave it).
 * With {@code istiodsl.expand=false} it checks the DSL alone, without istioctl.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractTreeMojo {

    /** Expand the revisions and check the resources; false checks the DSL alone. */
    @Parameter(property = "istiodsl.expand", defaultValue = "true")
    private boolean expand;

    @Override
    protected boolean expands() {
        return expand;
    }

    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        report(request, new Compiler().validate(request));
    }
}
