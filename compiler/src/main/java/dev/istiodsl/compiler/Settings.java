package dev.istiodsl.compiler;

import dev.istiodsl.diff.DiffReport;
import dev.istiodsl.model.Suppression;

import java.net.URI;
import java.net.URISyntaxException;
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

/**
 * The user's settings as a front end receives them, text from a command line or a build file, turned into a
 * {@link CompileRequest}. The Maven goals and the command-line tool both fill one of these under the same names (the
 * Maven property {@code istiodsl.lockWait} is the option {@code --lockWait}), so each setting is read, checked and
 * explained once. A setting that cannot be read is {@link Invalid}: a user mistake, with a message that names it.
 */
public final class Settings {

    /** A setting the user got wrong; its message names the setting and shows a good value. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    private final Path base;
    private String mesh = "mesh.istiodsl";
    private String projectDirectory = ".";
    private String outputDirectory = "deploy/istio";
    private String cacheDirectory = Path.of(System.getProperty("user.home"), ".cache", "istiodsl").toString();
    private String istioctl;
    private String istioctlDirectory;
    private boolean offline;
    private String downloadUrl = IstioctlOptions.RELEASES.toString();
    private int istioctlTimeout = 300;
    private int lockWait = 300;
    private String chartRepository = IstioctlOptions.CHARTS.toString();
    private int reportBudget = DiffReport.DEFAULT_BUDGET;
    private List<String> suppressions = List.of();
    private String today;
    private String now;
    private String soakBase = "HEAD";
    private boolean expand = true;
    private String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");

    /** Settings whose relative paths are taken from {@code base} (the Maven project's, or the working directory). */
    public Settings(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    public Settings mesh(String value) {
        mesh = value;
        return this;
    }

    public Settings projectDirectory(String value) {
        projectDirectory = value;
        return this;
    }

    public Settings outputDirectory(String value) {
        outputDirectory = value;
        return this;
    }

    public Settings cacheDirectory(String value) {
        cacheDirectory = value;
        return this;
    }

    public Settings istioctl(String value) {
        istioctl = value;
        return this;
    }

    public Settings istioctlDirectory(String value) {
        istioctlDirectory = value;
        return this;
    }

    public Settings offline(boolean value) {
        offline = value;
        return this;
    }

    public Settings downloadUrl(String value) {
        downloadUrl = value;
        return this;
    }

    public Settings istioctlTimeout(int seconds) {
        istioctlTimeout = seconds;
        return this;
    }

    public Settings lockWait(int seconds) {
        lockWait = seconds;
        return this;
    }

    public Settings chartRepository(String value) {
        chartRepository = value;
        return this;
    }

    public Settings reportBudget(int characters) {
        reportBudget = characters;
        return this;
    }

    public Settings suppressions(List<String> value) {
        suppressions = value == null ? List.of() : List.copyOf(value);
        return this;
    }

    public Settings today(String value) {
        today = value;
        return this;
    }

    public Settings now(String value) {
        now = value;
        return this;
    }

    public Settings soakBase(String value) {
        soakBase = value;
        return this;
    }

    public Settings expand(boolean value) {
        expand = value;
        return this;
    }

    /** The PATH istioctl is looked for on; default the process's own. */
    public Settings pathVariable(String value) {
        pathVariable = value == null ? "" : value;
        return this;
    }

    /** A path setting, relative to the base. */
    public Path resolve(String path) {
        return base.resolve(path).toAbsolutePath().normalize();
    }

    /** The request these settings describe, or the first setting that cannot be read. */
    public CompileRequest request() throws Invalid {
        Path root = resolve(projectDirectory);
        Path meshFile = resolve(mesh);
        if (!Files.isDirectory(root)) {
            throw new Invalid("istiodsl: project directory " + root + " does not exist; set"
                    + " istiodsl.projectDirectory to the folder that holds the mesh");
        }
        if (!Files.isRegularFile(meshFile)) {
            String problem = Files.isDirectory(meshFile) ? " is a folder, not a file"
                    : Files.exists(meshFile) ? " is not a regular file" : " does not exist";
            throw new Invalid("istiodsl: mesh file " + meshFile + problem + "; create it, or point the istiodsl.mesh"
                    + " property (-Distiodsl.mesh=PATH, --mesh PATH, or <mesh> in the plugin configuration) at the"
                    + " root .istiodsl file");
        }
        if (reportBudget < DiffReport.SMALLEST_BUDGET) {
            throw new Invalid("istiodsl.reportBudget: " + reportBudget + " characters cannot hold a report; use "
                    + DiffReport.SMALLEST_BUDGET + " or more (default " + DiffReport.DEFAULT_BUDGET + ")");
        }
        if (lockWait < 0) {
            throw new Invalid("istiodsl.lockWait: " + lockWait + " is not a number of seconds to wait; use 0 or more");
        }
        return new CompileRequest(root, meshFile, resolve(outputDirectory), resolve(cacheDirectory),
                istioctlOptions(), validateOptions(), Duration.ofSeconds(lockWait), reportBudget);
    }

    private IstioctlOptions istioctlOptions() throws Invalid {
        Map<String, Path> binaries = new TreeMap<>();
        if (istioctl != null && !istioctl.isBlank()) {
            for (String entry : istioctl.split(",")) {
                String[] pair = entry.strip().split("=", 2);
                if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                    throw new Invalid("istiodsl.istioctl: '" + entry.strip() + "' is not VERSION=PATH, "
                            + "e.g. 1.22.8=/opt/istio-1.22.8/bin/istioctl");
                }
                binaries.put(pair[0].strip(), resolve(pair[1].strip()));
            }
        }
        URI downloads;
        try {
            downloads = new URI(downloadUrl.strip());
        } catch (URISyntaxException e) {
            throw new Invalid("istiodsl.downloadUrl: '" + downloadUrl + "' is not a URL such as "
                    + IstioctlOptions.RELEASES);
        }
        Optional<Path> directory = Optional.ofNullable(istioctlDirectory).filter(d -> !d.isBlank())
                .map(this::resolve);
        return new IstioctlOptions(binaries, directory, !pathVariable.isEmpty(), pathVariable, offline, downloads,
                Duration.ofSeconds(istioctlTimeout), chartRepository());
    }

    /** Istio's chart repository or a mirror: https, http, a file: URL, or a folder (taken against the base). */
    private URI chartRepository() throws Invalid {
        String text = chartRepository == null ? IstioctlOptions.CHARTS.toString() : chartRepository.strip();
        if (text.matches("(?i)(https?|file):.*")) {
            try {
                return new URI(text);
            } catch (URISyntaxException e) {
                throw new Invalid("istiodsl.chartRepository: '" + text + "' is not a URL: " + e.getMessage());
            }
        }
        if (text.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            throw new Invalid("istiodsl.chartRepository: '" + text + "' is neither https, http nor a file: folder");
        }
        return resolve(text).toUri();
    }

    private ValidateOptions validateOptions() throws Invalid {
        ValidateOptions options = ValidateOptions.defaults().withExpand(expand);
        if (today != null && !today.isBlank()) {
            try {
                options = options.withToday(LocalDate.parse(today.strip()));
            } catch (DateTimeParseException e) {
                throw new Invalid("istiodsl.today: '" + today + "' is not a date such as 2026-12-01");
            }
        }
        if (now != null && !now.isBlank()) {
            try {
                options = options.withNow(Instant.parse(now.strip()));
            } catch (DateTimeParseException e) {
                throw new Invalid("istiodsl.now: '" + now + "' is not an instant such as 2026-12-01T09:00:00Z");
            }
        }
        if (soakBase != null && !soakBase.isBlank()) {
            options = options.withSoakBase(soakBase.strip());
        }
        List<Suppression> configured = new ArrayList<>();
        for (String entry : suppressions) {
            String[] pair = entry.strip().split(":", 2);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw new Invalid("istiodsl.suppressions: '" + entry.strip() + "' is not RULE: reason, "
                        + "e.g. Image.LatestTag: the debug image is pinned by digest");
            }
            configured.add(new Suppression(pair[0].strip(), Optional.empty(), Optional.empty(), pair[1].strip(),
                    null));
        }
        return options.withSuppressions(configured);
    }

    /** {@code istiodsl.diff.revisions}: two revisions, {@code 1-22-8,1-24-6}. */
    public static List<String> revisionPair(String revisions) throws Invalid {
        String[] pair = revisions.split(",");
        if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
            throw new Invalid("istiodsl.diff.revisions: '" + revisions + "' is not two revisions, e.g. 1-22-8,1-24-6");
        }
        return List.of(pair[0].strip(), pair[1].strip());
    }

    /** The mesh file as the summary names it: relative to the project when inside it, with '/'. */
    public static String shownName(CompileRequest request) {
        Path mesh = request.meshFile();
        Path shown = mesh.startsWith(request.projectDirectory()) ? request.projectDirectory().relativize(mesh) : mesh;
        return shown.toString().replace(java.io.File.separatorChar, '/');
    }
}
