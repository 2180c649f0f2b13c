package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every goal shares: reading the parameters into a {@link CompileRequest}, logging diagnostics for people, and
 * turning the outcome into Maven's two kinds of failure. User mistakes become a {@link MojoFailureException} (a
 * message, no stack trace); bugs and I/O failures become a {@link MojoExecutionException}, here and nowhere else.
 */
public abstract class AbstractIstiodslMojo extends AbstractMojo {

    /** The root .istiodsl file; a relative path is taken from the project's base directory. */
    @Parameter(property = "istiodsl.mesh", defaultValue = "${project.basedir}/mesh.istiodsl", required = true)
    private File mesh;

    /** The project root: every file the mesh names must be inside it. */
    @Parameter(property = "istiodsl.projectDirectory", defaultValue = "${project.basedir}", required = true)
    private File projectDirectory;

    /** Skips the goal. */
    @Parameter(property = "istiodsl.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("istiodsl: skipped (istiodsl.skip=true)");
            return;
        }
        CompileRequest request = request();
        try {
            run(request);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("istiodsl: I/O failure while compiling " + request.meshFile() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("istiodsl: internal error (a bug in istiodsl, please report it with "
                    + "the stack trace shown by mvn -e): " + e, e);
        }
    }

    /** The goal itself: compile the request, then hand the result to {@link #report}. */
    protected abstract void run(CompileRequest request) throws MojoFailureException, IOException;

    /** Logs every diagnostic and a summary, and fails the build when there is an error. */
    protected final void report(CompileRequest request, CompileResult result) throws MojoFailureException {
        List<Diagnostic> diagnostics = result.diagnostics();
        for (Diagnostic d : diagnostics) {
            Consumer<CharSequence> log = switch (d.severity()) {
                case ERROR -> getLog()::error;
                case WARNING -> getLog()::warn;
                case NOTE -> getLog()::info;
                case SUPPRESSED -> getLog()::debug;
            };
            // One log call per line so every line carries the level prefix and the caret stays aligned.
            result.render(d).lines().forEach(log);
        }
        long errors = result.count(Severity.ERROR);
        String where = shownName(request);
        getLog().info("istiodsl: " + count(errors, "error") + ", " + count(result.count(Severity.WARNING), "warning")
                + " in " + where);
        if (result.hasErrors()) {
            throw new MojoFailureException("istiodsl: " + count(errors, "error") + " in " + where
                    + " (see the messages above)");
        }
    }

    private CompileRequest request() throws MojoFailureException {
        Path root = againstBasedir(projectDirectory);
        Path meshFile = againstBasedir(mesh);
        if (!Files.isDirectory(root)) {
            throw new MojoFailureException("istiodsl: project directory " + root
                    + " does not exist; set istiodsl.projectDirectory to the folder that holds the mesh");
        }
        if (!Files.isRegularFile(meshFile)) {
            throw new MojoFailureException("istiodsl: mesh file " + meshFile + " does not exist; create it, or point"
                    + " the istiodsl.mesh property (-Distiodsl.mesh=PATH or <mesh> in the plugin configuration)"
                    + " at the root .istiodsl file");
        }
        return request(root, meshFile);
    }

    /** The request for this goal; goals that write or expand add their settings here. */
    protected CompileRequest request(Path projectDirectory, Path meshFile) throws MojoFailureException {
        return new CompileRequest(projectDirectory, meshFile);
    }

    /** A path parameter taken from the project's base directory when relative. */
    protected final Path fromBasedir(File file) {
        return againstBasedir(file);
    }

    /** Maven already aligns File parameters to the base directory; this also covers values set by other means. */
    private Path againstBasedir(File file) {
        return basedir.toPath().resolve(file.toPath()).toAbsolutePath().normalize();
    }

    private static String shownName(CompileRequest request) {
        Path mesh = request.meshFile();
        Path shown = mesh.startsWith(request.projectDirectory()) ? request.projectDirectory().relativize(mesh) : mesh;
        return shown.toString().replace(File.separatorChar, '/');
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
