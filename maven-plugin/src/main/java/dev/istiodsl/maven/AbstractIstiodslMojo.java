package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.RunLog;
import dev.istiodsl.compiler.Settings;
import dev.istiodsl.report.Reports;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every goal shares: reading the parameters into a {@link CompileRequest}, logging diagnostics for people per
 * environment, writing the reports, and turning the outcome into Maven's two kinds of failure. User mistakes become a
 * {@link MojoFailureException} (a message, no stack trace); bugs and I/O failures become a
 * {@link MojoExecutionException}, here and nowhere else.
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

    /** Downloaded istioctl binaries and cached expansions; safe to share between projects. */
    @Parameter(property = "istiodsl.cacheDirectory", defaultValue = "${user.home}/.cache/istiodsl")
    private File cacheDirectory;

    /** istioctl binaries per version: {@code 1.22.8=/opt/istio-1.22.8/bin/istioctl,1.24.6=...}. */
    @Parameter(property = "istiodsl.istioctl")
    private String istioctl;

    /** A directory holding {@code istioctl-<version>} binaries. */
    @Parameter(property = "istiodsl.istioctlDirectory")
    private File istioctlDirectory;

    /** Forbids downloading istioctl; also on when Maven runs offline. */
    @Parameter(property = "istiodsl.offline", defaultValue = "${settings.offline}")
    private boolean offline;

    /** The base URL of istioctl release archives (a mirror of Istio's release downloads). */
    @Parameter(property = "istiodsl.downloadUrl", defaultValue = "https://github.com/istio/istio/releases/download")
    private String downloadUrl;

    /**
     * Istio's Helm chart repository, read by {@code charts repository}, or a mirror of it: an https or http address,
     * or a {@code file:} folder holding {@code index.yaml} and the archives.
     */
    @Parameter(property = "istiodsl.chartRepository", defaultValue = "https://istio-release.storage.googleapis.com/charts")
    private String chartRepository;

    /** Seconds one istioctl run may take. */
    @Parameter(property = "istiodsl.istioctlTimeout", defaultValue = "300")
    private int istioctlTimeout;

    /**
     * Seconds compile and promote wait for another compile or promote writing the same output to finish, before
     * failing with {@code Emit.OutputLocked}; 0 to fail at once.
     */
    @Parameter(property = "istiodsl.lockWait", defaultValue = "300")
    private int lockWait;

    /**
     * The most characters {@code diff}'s Markdown report may hold (a GitHub comment takes 65,536); what does not fit
     * is in the full report written beside it.
     */
    @Parameter(property = "istiodsl.reportBudget", defaultValue = "60000")
    private int reportBudget;

    /**
     * Suppressions on top of those in the DSL, each {@code RULE: reason}, e.g.
     * {@code <suppression>Image.LatestTag: the debug image is pinned by digest in the overlay</suppression>}.
     */
    @Parameter(property = "istiodsl.suppressions")
    private List<String> suppressions;

    /** The date end-of-life is judged against ({@code 2026-12-01}); default today, in UTC. */
    @Parameter(property = "istiodsl.today")
    private String today;

    /**
     * The instant soak gates are judged at ({@code 2026-12-01T09:00:00Z}); default now. Set it to replay a past
     * decision; never needed otherwise.
     */
    @Parameter(property = "istiodsl.now")
    private String now;

    /**
     * The git ref whose committed tree says what a compile newly brings to an environment, and whose first-parent
     * history soak times are measured in: {@code HEAD} on a workstation; in CI, the branch Flux deploys from
     * ({@code origin/main}), so commits under review never count as soak.
     */
    @Parameter(property = "istiodsl.soak.base", defaultValue = "HEAD")
    private String soakBase;

    /** The JSON report and JUnit XML of the findings go here; empty to write none. */
    @Parameter(property = "istiodsl.reportDirectory", defaultValue = "${project.build.directory}/istiodsl")
    private File reportDirectory;

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

    /** The goal itself: run the compiler on the request, then hand the result to {@link #report}. */
    protected abstract void run(CompileRequest request) throws MojoFailureException, IOException;

    /** Whether the goal expands the revisions: validate may check the DSL alone. */
    protected boolean expands() {
        return true;
    }

    /** Where the tree is: every goal writes or reads it, validate its lock file ({@link AbstractTreeMojo}). */
    protected abstract Path outputDirectory(Path projectRoot);

    /**
     * Logs every diagnostic per environment with counts per severity, writes the reports, and fails the build when
     * there is an error.
     */
    protected final void report(CompileRequest request, CompileResult result) throws MojoFailureException {
        RunLog.findings(result).forEach(this::log);
        if (reportDirectory != null && !reportDirectory.getPath().isBlank()) {
            for (Path written : Reports.write(againstBasedir(reportDirectory), result)) {
                getLog().info("istiodsl: report " + written);
            }
        }
        log(RunLog.totals(request, result));
        if (result.hasErrors()) {
            throw new MojoFailureException(RunLog.failure(request, result));
        }
    }

    /** Logs a line of the run at its level. */
    protected final void log(RunLog.Line line) {
        switch (line.level()) {
            case ERROR -> getLog().error(line.text());
            case WARNING -> getLog().warn(line.text());
            case INFO -> getLog().info(line.text());
        }
    }

    private CompileRequest request() throws MojoFailureException {
        Settings settings = new Settings(basedir.toPath())
                .mesh(mesh.getPath()).projectDirectory(projectDirectory.getPath())
                .outputDirectory(outputDirectory(basedir.toPath()).toString())
                .cacheDirectory(cacheDirectory.getPath()).istioctl(istioctl)
                .istioctlDirectory(istioctlDirectory == null ? null : istioctlDirectory.getPath())
                .offline(offline).downloadUrl(downloadUrl).chartRepository(chartRepository)
                .istioctlTimeout(istioctlTimeout).lockWait(lockWait).reportBudget(reportBudget)
                .suppressions(suppressions).today(today).now(now).soakBase(soakBase).expand(expands());
        try {
            return settings.request();
        } catch (Settings.Invalid e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    /** Maven already aligns File parameters to the base directory; this also covers values set by other means. */
    protected final Path againstBasedir(File file) {
        return basedir.toPath().resolve(file.toPath()).toAbsolutePath().normalize();
    }
}
