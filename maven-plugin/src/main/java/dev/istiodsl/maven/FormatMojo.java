package dev.istiodsl.maven;

import dev.istiodsl.compiler.Formatting;
import dev.istiodsl.compiler.RunLog;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code istiodsl:format}: rewrites the project's .istiodsl files in the canonical layout. With
 * {@code -Distiodsl.format.check=true} (for CI) it writes nothing and fails, naming the files, when one is not
 * formatted. A file with a syntax error is reported and left as it is.
 */
@Mojo(name = "format", threadSafe = true, requiresProject = false)
public class FormatMojo extends AbstractMojo {

    /** Only check: fail when a file is not formatted, and write nothing. */
    @Parameter(property = "istiodsl.format.check", defaultValue = "false")
    private boolean check;

    /**
     * The files, or folders whose .istiodsl files are formatted (folders named target or node_modules and hidden
     * ones skipped); default the project's base directory.
     */
    @Parameter(property = "istiodsl.format.files")
    private List<File> files;

    /** Skips the goal. */
    @Parameter(property = "istiodsl.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File basedir;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("istiodsl: skipped (istiodsl.skip=true)");
            return;
        }
        Path base = basedir.toPath();
        List<Path> targets = files == null || files.isEmpty() ? List.of(base)
                : files.stream().map(f -> base.resolve(f.toPath())).toList();
        Formatting.Outcome outcome;
        try {
            outcome = Formatting.format(targets, base, check);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException("istiodsl: I/O failure while formatting: " + e.getMessage(), e);
        }
        RunLog.findings(outcome.result()).forEach(line -> {
            switch (line.level()) {
                case ERROR -> getLog().error(line.text());
                case WARNING -> getLog().warn(line.text());
                case INFO -> getLog().info(line.text());
            }
        });
        outcome.unformatted().forEach(file -> getLog().info(check ? "istiodsl: not formatted: " + file
                : "istiodsl: formatted " + file));
        if (outcome.result().hasErrors()) {
            throw new MojoFailureException("istiodsl: files with syntax errors were left as they are (see the"
                    + " messages above)");
        }
        if (check && !outcome.unformatted().isEmpty()) {
            throw new MojoFailureException("istiodsl: " + outcome.unformatted().size() + " file"
                    + (outcome.unformatted().size() == 1 ? " is" : "s are") + " not formatted: run mvn"
                    + " istiodsl:format");
        }
    }
}
