package dev.istiodsl.cli;

import dev.istiodsl.compiler.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings every compiling command shares, named as the Maven properties are without {@code istiodsl.}: the
 * property {@code istiodsl.lockWait} is {@code --lockWait}. Relative paths are taken from the working directory, as
 * Maven takes them from the project's.
 */
final class SettingsOptions {

    @Option(names = "--mesh", paramLabel = "FILE", defaultValue = "mesh.istiodsl",
            description = "The root .istiodsl file (default: ${DEFAULT-VALUE}).")
    String mesh;

    @Option(names = "--projectDirectory", paramLabel = "DIR", defaultValue = ".",
            description = "The project root: every file the mesh names must be inside it (default: the working"
                    + " directory).")
    String projectDirectory;

    @Option(names = "--outputDirectory", paramLabel = "DIR", defaultValue = "deploy/istio",
            description = "The managed tree (default: ${DEFAULT-VALUE}).")
    String outputDirectory;

    @Option(names = "--cacheDirectory", paramLabel = "DIR", defaultValue = "${sys:user.home}/.cache/istiodsl",
            description = "Downloaded istioctl binaries and cached expansions (default: ${DEFAULT-VALUE}).")
    String cacheDirectory;

    @Option(names = "--istioctl", paramLabel = "VERSION=PATH,...",
            description = "istioctl binaries per version: 1.22.8=/opt/istio-1.22.8/bin/istioctl,1.24.6=...")
    String istioctl;

    @Option(names = "--istioctlDirectory", paramLabel = "DIR",
            description = "A directory of istioctl-<version> binaries.")
    String istioctlDirectory;

    @Option(names = "--offline", description = "Never download istioctl.")
    boolean offline;

    @Option(names = "--downloadUrl", paramLabel = "URL",
            defaultValue = "https://github.com/istio/istio/releases/download",
            description = "The base URL of istioctl release archives (default: ${DEFAULT-VALUE}).")
    String downloadUrl;

    @Option(names = "--istioctlTimeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Seconds one istioctl run may take (default: ${DEFAULT-VALUE}).")
    int istioctlTimeout;

    @Option(names = "--lockWait", paramLabel = "SECONDS", defaultValue = "300",
            description = "Seconds compile and promote wait for another run writing the same output"
                    + " (default: ${DEFAULT-VALUE}).")
    int lockWait;

    @Option(names = "--chartRepository", paramLabel = "URL|FOLDER",
            defaultValue = "https://istio-release.storage.googleapis.com/charts",
            description = "Istio's Helm chart repository for `charts repository`, or a mirror: https, http, or a"
                    + " folder holding index.yaml and the archives (default: ${DEFAULT-VALUE}).")
    String chartRepository;

    @Option(names = "--reportBudget", paramLabel = "CHARACTERS", defaultValue = "60000",
            description = "Characters diff's Markdown report holds at most; the full report is written beside it"
                    + " (default: ${DEFAULT-VALUE}).")
    int reportBudget;

    @Option(names = "--suppressions", paramLabel = "'RULE: reason'",
            description = "A suppression on top of those in the DSL; repeat for more.")
    List<String> suppressions = new ArrayList<>();

    @Option(names = "--today", paramLabel = "DATE",
            description = "The date end of life is judged against (default: today, UTC).")
    String today;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "The instant soak gates are judged at (default: now).")
    String now;

    @Option(names = "--soak.base", paramLabel = "REF", defaultValue = "HEAD",
            description = "The git ref soak gates measure against (default: ${DEFAULT-VALUE}; origin/main in CI).")
    String soakBase;

    @Option(names = "--reportDirectory", paramLabel = "DIR", defaultValue = "target/istiodsl",
            description = "Where the JSON and JUnit reports go; empty to write none (default: ${DEFAULT-VALUE}).")
    String reportDirectory;

    @Option(names = "--skip", description = "Do nothing.")
    boolean skip;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text: the findings for people; json: the JSON report on standard output"
                    + " (default: ${DEFAULT-VALUE}).")
    Output output;

    enum Output { text, json }

    Settings settings(boolean expand) {
        return new Settings(Path.of("")).mesh(mesh).projectDirectory(projectDirectory).outputDirectory(outputDirectory)
                .cacheDirectory(cacheDirectory).istioctl(istioctl).istioctlDirectory(istioctlDirectory)
                .offline(offline).downloadUrl(downloadUrl).chartRepository(chartRepository)
                .istioctlTimeout(istioctlTimeout).lockWait(lockWait).reportBudget(reportBudget)
                .suppressions(suppressions).today(today).now(now).soakBase(soakBase).expand(expand);
    }
}
