package dev.istiodsl.maven;

import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;

/**
 * The goals that work on the compiled tree share where it is: compile and promote write it, verify and diff read it,
 * and validate reads its lock file (what the compile would replace).
 */
public abstract class AbstractTreeMojo extends AbstractIstiodslMojo {

    /** The managed tree: istiodsl owns what it writes there and swaps it in whole; the repository commits it. */
    @Parameter(property = "istiodsl.outputDirectory", defaultValue = "${project.basedir}/deploy/istio")
    private File outputDirectory;

    @Override
    protected final Path outputDirectory(Path projectRoot) {
        return againstBasedir(outputDirectory);
    }
}
