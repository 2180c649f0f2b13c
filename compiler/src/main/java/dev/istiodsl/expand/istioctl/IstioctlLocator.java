package dev.istiodsl.expand.istioctl;

import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.util.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the istioctl binary for an exact Istio version, trying in order: the binary configured for that version, then
 * {@code istioctl-<version>} in the binary directory, then each {@code istioctl} on PATH, then the download cache,
 * then a download. A candidate counts only if it runs and reports exactly the version asked for, because manifests
 * rendered by another istioctl differ in ways nobody would spot in review.
 *
 * <p>When nothing fits, one {@link IstioctlException} lists every place looked and what was wrong there. A configured
 * binary is never passed over: if it is wrong, that is the error.
 *
 * <p>Version answers are remembered per file (path, size, modification time) for the life of the locator, so
 * locating many revisions runs each binary's {@code version} once. Safe to share between threads.
 */
public final class IstioctlLocator {

    private final IstioctlSettings settings;
    private final IstioctlProcess process;
    private final IstioctlDownloader downloader;
    private final Map<FileIdentity, Probe> probes = new ConcurrentHashMap<>();

    public IstioctlLocator(IstioctlSettings settings) {
        this.settings = settings;
        this.process = new IstioctlProcess(settings);
        this.downloader = new IstioctlDownloader(settings);
    }

    /** The istioctl binary that reports exactly {@code version}, downloading it if allowed and needed. */
    public Path locate(IstioVersion version) throws IstioctlException {
        String wanted = version.toString();
        Path configured = settings.configuredBinaries().get(wanted);
        if (configured != null) {
            Optional<Problem> problem = problemWith(configured, wanted);
            if (problem.isEmpty()) {
                return configured;
            }
            throw configuredBinaryIsWrong(wanted, configured, problem.get());
        }
        List<String> looked = new ArrayList<>();
        looked.add("configured binaries: none for " + wanted);

        Optional<Path> directory = settings.binaryDirectory();
        if (directory.isPresent()) {
            Path candidate = directory.get().resolve(settings.platform().executableName("istioctl-" + wanted));
            Optional<Problem> problem = problemWith(candidate, wanted);
            if (problem.isEmpty()) {
                return candidate;
            }
            looked.add(candidate + ": " + problem.get().brief());
        } else {
            looked.add("binary directory: none set");
        }

        if (!settings.searchPath()) {
            looked.add("PATH: not searched (PATH search is off)");
        } else {
            List<Path> entries = pathEntries();
            if (entries.isEmpty()) {
                looked.add("PATH: empty, nothing to search");
            }
            for (Path entry : entries) {
                Path candidate = entry.resolve(settings.platform().executableName("istioctl"));
                Optional<Problem> problem = problemWith(candidate, wanted);
                if (problem.isEmpty()) {
                    return candidate;
                }
                looked.add(candidate + " (on PATH): " + problem.get().brief());
            }
        }

        Path cached = downloader.cachedBinary(version);
        Optional<Problem> cacheProblem = problemWith(cached, wanted);
        if (cacheProblem.isEmpty()) {
            return cached;
        }
        looked.add(cached + " (download cache): " + cacheProblem.get().brief());

        DownloadResult download = tryDownload(version, wanted);
        if (download.binary() != null) {
            return download.binary();
        }
        looked.add(download.line());
        throw new IstioctlException(notFound(wanted, looked));
    }

    /** Either the downloaded binary, or the line saying why there is none. */
    private record DownloadResult(Path binary, String line) {
    }

    private DownloadResult tryDownload(IstioVersion version, String wanted) {
        String url;
        try {
            url = downloader.archiveUri(version).toString();
        } catch (IstioctlException e) {
            return new DownloadResult(null, "download: " + e.getMessage());
        }
        if (settings.offline()) {
            return new DownloadResult(null, "download of " + url + ": not attempted, downloads are off (offline)");
        }
        Path downloaded;
        try {
            downloaded = downloader.download(version);
        } catch (IstioctlException e) {
            return new DownloadResult(null, "download: " + e.getMessage());
        }
        Optional<Problem> problem = problemWith(downloaded, wanted);
        if (problem.isEmpty()) {
            return new DownloadResult(downloaded, null);
        }
        try {
            // A release binary that is not the release it claims to be must not be found in the cache next time.
            Files.deleteIfExists(downloaded);
        } catch (IOException e) {
            // Still reported below; the next run will check it again and report it again.
        }
        return new DownloadResult(null, downloaded + " (downloaded from " + url + "): " + problem.get().brief());
    }

    private static String notFound(String wanted, List<String> looked) {
        StringBuilder message = new StringBuilder("istioctl " + wanted + " was not found. Looked, in this order:");
        for (String place : looked) {
            message.append("\n  - ").append(place);
        }
        message.append("\nConfigure the istioctl binary for ").append(wanted).append(", put istioctl-")
                .append(wanted).append(" in the binary directory, put istioctl ").append(wanted)
                .append(" on PATH, or allow downloads.");
        return message.toString();
    }

    private static IstioctlException configuredBinaryIsWrong(String wanted, Path configured, Problem problem) {
        String what = problem.reportedVersion() != null
                ? "reports version " + problem.reportedVersion() + ", not " + wanted
                : "is unusable: " + problem.brief();
        return new IstioctlException("The istioctl configured for " + wanted + ", " + configured + ", " + what
                + ". A configured binary is used as given and never replaced by another one, so point the setting"
                + " for " + wanted + " at an istioctl " + wanted + " binary, or remove it to let istiodsl look"
                + " elsewhere.");
    }

    /** PATH in order, each directory once, blanks dropped (a blank entry would mean the working directory). */
    private List<Path> pathEntries() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : settings.pathVariable().split(File.pathSeparator, -1)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                entries.add(Path.of(entry));
            } catch (InvalidPathException e) {
                // A PATH entry that is not a path cannot hold istioctl; the shell ignores it too.
            }
        }
        return List.copyOf(entries);
    }

    /**
     * What is wrong with a candidate, if anything.
     *
     * @param brief           for the list of places looked: "not found", "reports version 1.21.0", ...
     * @param reportedVersion the version it reported, when that is the problem
     */
    private record Problem(String brief, String reportedVersion) {
        static Problem of(String brief) {
            return new Problem(brief, null);
        }
    }

    private Optional<Problem> problemWith(Path candidate, String wanted) {
        if (!Files.exists(candidate)) {
            return Optional.of(Problem.of("not found"));
        }
        if (!Files.isRegularFile(candidate)) {
            return Optional.of(Problem.of("not a file"));
        }
        if (!Files.isExecutable(candidate)) {
            return Optional.of(Problem.of("not executable"));
        }
        Probe probe = probe(candidate);
        if (probe.problem() != null) {
            return Optional.of(Problem.of(probe.problem()));
        }
        if (!probe.version().equals(wanted)) {
            return Optional.of(new Problem("reports version " + probe.version(), probe.version()));
        }
        return Optional.empty();
    }

    /** The answer of one binary to {@code istioctl version}: a version, or why it gave none. */
    private record Probe(String version, String problem) {
    }

    private Probe probe(Path binary) {
        FileIdentity identity;
        try {
            identity = FileIdentity.of(binary);
        } catch (IOException e) {
            return new Probe(null, "could not be read: " + e.getMessage());
        }
        Probe known = probes.get(identity);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: that would hold a map lock for as long as the binary takes to answer, blocking
        // unrelated lookups; two threads asking the same binary at once merely ask it twice.
        Probe probe = rememberedVersion(binary).orElseGet(() -> askVersion(binary));
        probes.putIfAbsent(identity, probe);
        return probe;
    }

    /**
     * A version a binary with these exact bytes reported before, kept in the cache so that a compile with nothing
     * changed starts no istioctl process at all, not even {@code istioctl version}.
     */
    private Optional<Probe> rememberedVersion(Path binary) {
        try {
            Path file = settings.istioctlCache().resolve("versions").resolve(FileIdentity.sha256(binary));
            if (Files.isRegularFile(file)) {
                String version = Files.readString(file).strip();
                if (!version.isEmpty()) {
                    return Optional.of(new Probe(version, null));
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // unreadable: ask the binary instead
        }
        return Optional.empty();
    }

    private Probe askVersion(Path binary) {
        Probe probe = askVersionOf(binary);
        if (probe.version() != null) {
            try {
                Path dir = Files.createDirectories(settings.istioctlCache().resolve("versions"));
                AtomicFiles.write(dir.resolve(FileIdentity.sha256(binary)), probe.version() + "\n");
            } catch (IOException e) {
                // Remembering is an optimisation: the next compile asks the binary again.
            }
        }
        return probe;
    }

    /**
     * {@code --short} first, because it prints only the version. Some istioctl releases do not know the flag or
     * print nothing with it; the long form, which every release has, is the fallback.
     */
    private Probe askVersionOf(Path binary) {
        try {
            ChildProcess.Outcome shortForm = process.run(binary, List.of("version", "--remote=false", "--short"),
                    settings.istioctlCache());
            if (!shortForm.timedOut() && shortForm.exitCode() == 0) {
                Optional<String> version = VersionOutput.clientVersion(utf8(shortForm.stdout()));
                if (version.isPresent()) {
                    return new Probe(version.get(), null);
                }
            }
            if (shortForm.timedOut()) {
                return new Probe(null, "did not answer 'version --remote=false --short' within "
                        + IstioctlProcess.describe(settings.timeout()));
            }
            ChildProcess.Outcome longForm = process.run(binary, List.of("version", "--remote=false"),
                    settings.istioctlCache());
            if (longForm.timedOut()) {
                return new Probe(null, "did not answer 'version --remote=false' within "
                        + IstioctlProcess.describe(settings.timeout()));
            }
            if (longForm.exitCode() != 0) {
                return new Probe(null, "'version --remote=false' failed with exit code " + longForm.exitCode()
                        + firstLine(": ", longForm.stderr()));
            }
            return VersionOutput.clientVersion(utf8(longForm.stdout()))
                    .map(version -> new Probe(version, null))
                    .orElseGet(() -> new Probe(null, "'version --remote=false' printed no version"
                            + firstLine(": ", utf8(longForm.stdout()))));
        } catch (IOException e) {
            return new Probe(null, "could not be run: " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String firstLine(String prefix, String text) {
        String line = text.strip().lines().findFirst().orElse("");
        if (line.isEmpty()) {
            return "";
        }
        return prefix + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }
}
