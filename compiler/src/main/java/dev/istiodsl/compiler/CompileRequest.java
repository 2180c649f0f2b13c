package dev.istiodsl.compiler;

import dev.istiodsl.diff.DiffReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to compile.
 *
 * @param projectDirectory the project root: every path named in the DSL must resolve inside it
 * @param meshFile         the root .istiodsl file (absolute, or relative to the project directory)
 * @param outputDirectory  the managed tree the compile writes (absolute, or relative to the project directory)
 * @param cacheDirectory   downloaded binaries and cached expansions
 * @param validation       how the tree is checked
 * @param lockWait         how long compile and promote wait for another run writing the same output to finish
 * @param reportBudget     how many characters {@code diff}'s Markdown report holds at most; the full report beside it
 *                         has the rest
 */
public record CompileRequest(Path projectDirectory, Path meshFile, Path outputDirectory, Path cacheDirectory,
        IstioctlOptions istioctl, ValidateOptions validation, Duration lockWait, int reportBudget) {

    /** How long a run waits, by default, for another writing the same output: istioctl's own timeout. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);

    public CompileRequest {
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(meshFile, "meshFile");
        Objects.requireNonNull(istioctl, "istioctl");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative: " + lockWait);
        }
        if (reportBudget < DiffReport.SMALLEST_BUDGET) {
            throw new IllegalArgumentException("reportBudget must be at least " + DiffReport.SMALLEST_BUDGET + ": "
                    + reportBudget);
        }
        projectDirectory = projectDirectory.toAbsolutePath().normalize();
        meshFile = projectDirectory.resolve(meshFile).normalize();
        outputDirectory = projectDirectory.resolve(outputDirectory).normalize();
        cacheDirectory = projectDirectory.resolve(cacheDirectory).normalize();
    }

    /** With the default report budget, {@link DiffReport#DEFAULT_BUDGET}. */
    public CompileRequest(Path projectDirectory, Path meshFile, Path outputDirectory, Path cacheDirectory,
            IstioctlOptions istioctl, ValidateOptions validation, Duration lockWait) {
        this(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, validation, lockWait,
                DiffReport.DEFAULT_BUDGET);
    }

    /** Waiting {@link #DEFAULT_LOCK_WAIT} for another run writing the same output. */
    public CompileRequest(Path projectDirectory, Path meshFile, Path outputDirectory, Path cacheDirectory,
            IstioctlOptions istioctl, ValidateOptions validation) {
        this(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, validation, DEFAULT_LOCK_WAIT);
    }

    /** Checked with the default {@link ValidateOptions}. */
    public CompileRequest(Path projectDirectory, Path meshFile, Path outputDirectory, Path cacheDirectory,
            IstioctlOptions istioctl) {
        this(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, ValidateOptions.defaults());
    }

    public CompileRequest withValidation(ValidateOptions options) {
        return new CompileRequest(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, options,
                lockWait, reportBudget);
    }

    public CompileRequest withLockWait(Duration wait) {
        return new CompileRequest(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, validation,
                wait, reportBudget);
    }

    public CompileRequest withReportBudget(int characters) {
        return new CompileRequest(projectDirectory, meshFile, outputDirectory, cacheDirectory, istioctl, validation,
                lockWait, characters);
    }

    /** The defaults: output in {@code deploy/istio}, cache in {@code target/istiodsl-cache}, istioctl found as usual. */
    public CompileRequest(Path projectDirectory, Path meshFile) {
        this(projectDirectory, meshFile, Path.of("deploy", "istio"), Path.of("target", "istiodsl-cache"),
                IstioctlOptions.defaults());
    }

    /** A request for {@code mesh.istiodsl} in the given project directory. */
    public static CompileRequest forProject(Path projectDirectory) {
        return new CompileRequest(projectDirectory, Path.of("mesh.istiodsl"));
    }
}
