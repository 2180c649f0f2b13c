package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.report.Reports;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

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
        Reports.byEnvironment(result).forEach((group, diagnostics) -> {
            if (diagnostics.isEmpty() && group.equals(Reports.MESH)) {
                return;
            }
            getLog().info("istiodsl: " + (group.equals(Reports.MESH) ? "the mesh" : "environment " + group) + ": "
                    + Reports.countsLine(diagnostics));
            diagnostics.forEach(d -> log(result, d));
        });
        if (reportDirectory != null && !reportDirectory.getPath().isBlank()) {
            for (Path written : Reports.write(againstBasedir(reportDirectory), result)) {
                getLog().info("istiodsl: report " + written);
            }
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

    private void log(CompileResult result, Diagnostic d) {
        Consumer<CharSequence> log = switch (d.severity()) {
            case ERROR -> getLog()::error;
            case WARNING -> getLog()::warn;
            case NOTE, SUPPRESSED -> getLog()::info;
        };
        // One log call per line so every line carries the level prefix and the caret stays aligned.
        result.render(d).lines().forEach(log);
    }

    private CompileRequest request() throws MojoFailureException {
        Path root = againstBasedir(projectDirectory);
        Path meshFile = againstBasedir(mesh);
        if (!Files.isDirectory(root)) {
            throw new MojoFailureException("istiodsl: project directory " + root
                    + " does not exist; set istiodsl.projectDirectory to the folder that holds the mesh");
        }
        if (!Files.isRegularFile(meshFile)) {
            String problem = Files.isDirectory(meshFile) ? " is a folder, not a file"
                    : Files.exists(meshFile) ? " is not a regular file" : " does not exist";
            throw new MojoFailureException("istiodsl: mesh file " + meshFile + problem + "; create it, or point"
                    + " the istiodsl.mesh property (-Distiodsl.mesh=PATH or <mesh> in the plugin configuration)"
                    + " at the root .istiodsl file");
        }
        if (lockWait < 0) {
            throw new MojoFailureException("istiodsl.lockWait: " + lockWait + " is not a number of seconds to wait;"
                    + " use 0 or more");
        }
        return new CompileRequest(root, meshFile, outputDirectory(root), againstBasedir(cacheDirectory),
                istioctlOptions(), validateOptions(), Duration.ofSeconds(lockWait));
    }

    private IstioctlOptions istioctlOptions() throws MojoFailureException {
        Map<String, Path> binaries = new TreeMap<>();
        if (istioctl != null && !istioctl.isBlank()) {
            for (String entry : istioctl.split(",")) {
                String[] pair = entry.strip().split("=", 2);
                if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                    throw new MojoFailureException("istiodsl.istioctl: '" + entry.strip() + "' is not VERSION=PATH, "
                            + "e.g. 1.22.8=/opt/istio-1.22.8/bin/istioctl");
                }
                binaries.put(pair[0].strip(), againstBasedir(new File(pair[1].strip())));
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return new IstioctlOptions(binaries, Optional.ofNullable(istioctlDirectory).map(this::againstBasedir),
                !path.isEmpty(), path, offline, URI.create(downloadUrl), Duration.ofSeconds(istioctlTimeout),
                chartRepository());
    }

    /** The repository address; a folder is taken as a {@code file:} one, against the project's base directory. */
    private URI chartRepository() throws MojoFailureException {
        String text = chartRepository.strip();
        if (text.matches("(?i)(https?|file):.*")) {
            try {
                return new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new MojoFailureException("istiodsl.chartRepository: '" + text + "' is not a URL: "
                        + e.getMessage());
            }
        }
        if (text.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            throw new MojoFailureException("istiodsl.chartRepository: '" + text + "' is neither https, http nor a "
                    + "file: folder");
        }
        return againstBasedir(new File(text)).toUri();
    }

    private ValidateOptions validateOptions() throws MojoFailureException {
        ValidateOptions options = ValidateOptions.defaults().withExpand(expands());
        if (today != null && !today.isBlank()) {
            try {
                options = options.withToday(LocalDate.parse(today.strip()));
            } catch (DateTimeParseException e) {
                throw new MojoFailureException("istiodsl.today: '" + today + "' is not a date such as 2026-12-01");
            }
        }
        if (now != null && !now.isBlank()) {
            try {
                options = options.withNow(Instant.parse(now.strip()));
            } catch (DateTimeParseException e) {
                throw new MojoFailureException("istiodsl.now: '" + now + "' is not an instant such as"
                        + " 2026-12-01T09:00:00Z");
            }
        }
        if (soakBase != null && !soakBase.isBlank()) {
            options = options.withSoakBase(soakBase.strip());
        }
        List<Suppression> configured = new ArrayList<>();
        for (String entry : suppressions == null ? List.<String>of() : suppressions) {
            String[] pair = entry.strip().split(":", 2);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw new MojoFailureException("istiodsl.suppressions: '" + entry.strip() + "' is not RULE: reason, "
                        + "e.g. Image.LatestTag: the debug image is pinned by digest");
            }
            configured.add(new Suppression(pair[0].strip(), Optional.empty(), Optional.empty(), pair[1].strip(),
                    null));
        }
        return options.withSuppressions(configured);
    }

    /** Maven already aligns File parameters to the base directory; this also covers values set by other means. */
    protected final Path againstBasedir(File file) {
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
