package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import dev.istiodsl.compiler.Settings;
import dev.istiodsl.diff.TreeDiff;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;

/**
 * {@code istiodsl:diff}: compiles the mesh in memory and compares the tree with the one committed at a git ref
 * ({@code istiodsl.diff.base}, default {@code HEAD}): per environment the resources added, removed and changed, field
 * by field, and the namespaces that need a rollout restart. Prints it, and writes a Markdown report for the pull
 * request. Writes no tree, and fails only on errors of the sources. With {@code istiodsl.diff.revisions=A,B} it compares
 * revision A with revision B of one environment instead, names normalised: what the upgrade changes.
 */
@Mojo(name = "diff", threadSafe = true)
public class DiffMojo extends AbstractTreeMojo {


    /** The commit to compare with: a branch, tag, commit or expression ({@code origin/main}, {@code HEAD~1}). */
    @Parameter(property = "istiodsl.diff.base", defaultValue = "HEAD")
    private String base;

    /**
     * Two revisions ({@code 1-22-8,1-24-6}): compare the first with the second in one environment, names normalised,
     * instead of comparing with git.
     */
    @Parameter(property = "istiodsl.diff.revisions")
    private String revisions;

    /** With {@code istiodsl.diff.revisions}: the environment; default the first that runs both. */
    @Parameter(property = "istiodsl.diff.environment")
    private String environment;

    /**
     * The Markdown report for the pull request, within {@code istiodsl.reportBudget}; the full report goes beside it
     * ({@code report-full.md}). Empty to write neither.
     */
    @Parameter(property = "istiodsl.report", defaultValue = "${project.build.directory}/istiodsl/report.md")
    private File markdown;

    /** Colour in the log: {@code auto} (when a terminal shows it), {@code always} or {@code never}. */
    @Parameter(property = "istiodsl.color", defaultValue = "auto")
    private String color;

    @Override
    protected void run(CompileRequest request) throws MojoFailureException, IOException {
        Compiler.DiffOutcome outcome;
        try {
            outcome = new Compiler().diff(request, base, revisions, environment);
        } catch (Settings.Invalid e) {
            throw new MojoFailureException(e.getMessage());
        }
        if (outcome.diff().isPresent()) {
            TreeDiff diff = outcome.diff().get();
            RunLog.diff(diff, RunLog.colour(color)).forEach(this::log);
            if (markdown != null && !markdown.getPath().isBlank()) {
                getLog().info("istiodsl: report " + RunLog.writeDiffReport(againstBasedir(markdown), diff,
                        outcome.result(), request.reportBudget()));
            }
        }
        report(request, outcome.result());
    }
}
