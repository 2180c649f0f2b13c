package dev.istiodsl.expand.istioctl;

import dev.istiodsl.model.IstioVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.istiodsl.expand.istioctl.StandIn.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IstioctlLocatorTest {

    private static final IstioVersion V1_22_8 = IstioVersion.parse("1.22.8").orElseThrow();

    @TempDir
    Path tmp;

    private IstioctlSettings settings;

    @BeforeEach
    void setUp() {
        settings = IstioctlSettings.defaults(tmp.resolve("cache"), "")
                .withPathSearch(false, "")
                .withOffline(true)
                .withPlatform(new Platform("linux", "amd64"));
    }

    @Test
    void aConfiguredBinaryThatReportsTheVersion_isUsed() throws Exception {
        Path binary = StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("tools/my-istioctl"));

        Path found = new IstioctlLocator(settings.withConfiguredBinary("1.22.8", binary)).locate(V1_22_8);

        assertThat(found).isEqualTo(binary);
    }

    @Test
    void aConfiguredBinaryOfAnotherVersion_isAnErrorNamingBothVersions_evenWhenPathHasTheRightOne() throws Exception {
        Path configured = StandIn.reportingVersion("1.21.0").writeTo(tmp.resolve("tools/istioctl"));
        StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("path/istioctl"));
        IstioctlSettings withBoth = settings.withConfiguredBinary("1.22.8", configured)
                .withPathSearch(true, tmp.resolve("path").toString());

        assertThatThrownBy(() -> new IstioctlLocator(withBoth).locate(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessage("The istioctl configured for 1.22.8, " + configured + ", reports version 1.21.0, not"
                        + " 1.22.8. A configured binary is used as given and never replaced by another one, so"
                        + " point the setting for 1.22.8 at an istioctl 1.22.8 binary, or remove it to let istiodsl"
                        + " look elsewhere.");
    }

    @Test
    void aConfiguredBinaryThatIsMissing_isAnError_notAReasonToLookElsewhere() throws Exception {
        StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("path/istioctl"));
        Path missing = tmp.resolve("tools/istioctl");
        IstioctlSettings withBoth = settings.withConfiguredBinary("1.22.8", missing)
                .withPathSearch(true, tmp.resolve("path").toString());

        assertThatThrownBy(() -> new IstioctlLocator(withBoth).locate(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .hasMessageStartingWith("The istioctl configured for 1.22.8, " + missing + ", is unusable: not found.");
    }

    @Test
    void theBinaryDirectory_offersIstioctlDashVersion() throws Exception {
        Path binary = StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("bin/istioctl-1.22.8"));
        StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("path/istioctl"));

        Path found = new IstioctlLocator(settings.withBinaryDirectory(tmp.resolve("bin"))
                .withPathSearch(true, tmp.resolve("path").toString())).locate(V1_22_8);

        assertThat(found).as("the directory comes before PATH").isEqualTo(binary);
    }

    @Test
    void anIstioctlOfAnotherVersionOnPath_isSkipped_forTheNextOneThatMatches() throws Exception {
        StandIn.reportingVersion("1.21.0").writeTo(tmp.resolve("path-a/istioctl"));
        Path right = StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("path-b/istioctl"));
        String path = tmp.resolve("path-a") + File.pathSeparator + tmp.resolve("path-b");

        Path found = new IstioctlLocator(settings.withPathSearch(true, path)).locate(V1_22_8);

        assertThat(found).isEqualTo(right);
    }

    @Test
    void whenNothingFits_theErrorListsEveryPlaceLookedAndWhatWasWrongThere() throws Exception {
        Files.createDirectories(tmp.resolve("bin"));
        StandIn.reportingVersion("1.21.0").writeTo(tmp.resolve("path-a/istioctl"));
        Files.createDirectories(tmp.resolve("path-b"));
        Files.writeString(tmp.resolve("path-b/istioctl"),
                "not a program", java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        StandIn.script().on(List.of("version", "--remote=false", "--short"), "echo 'Error: boom' >&2; exit 1")
                .on(List.of("version", "--remote=false"), "echo 'Error: no version for you' >&2; exit 1")
                .writeTo(tmp.resolve("path-c/istioctl"));
        Files.createDirectories(tmp.resolve("path-d"));
        String path = String.join(File.pathSeparator, tmp.resolve("path-a").toString(),
                tmp.resolve("path-b").toString(), "", tmp.resolve("path-c").toString(),
                tmp.resolve("path-d").toString(), tmp.resolve("path-a").toString());
        IstioctlSettings everywhere = settings.withBinaryDirectory(tmp.resolve("bin")).withPathSearch(true, path);

        assertThatThrownBy(() -> new IstioctlLocator(everywhere).locate(V1_22_8))
                .isInstanceOf(IstioctlException.class)
                .satisfies(e -> assertThat(e.getMessage().replace(tmp.toString(), "<tmp>")).isEqualTo("""
                        istioctl 1.22.8 was not found. Looked, in this order:
                          - configured binaries: none for 1.22.8
                          - <tmp>/bin/istioctl-1.22.8: not found
                          - <tmp>/path-a/istioctl (on PATH): reports version 1.21.0
                          - <tmp>/path-b/istioctl (on PATH): not executable
                          - <tmp>/path-c/istioctl (on PATH): 'version --remote=false' failed with exit code 1: \
                        Error: no version for you
                          - <tmp>/path-d/istioctl (on PATH): not found
                          - <tmp>/cache/istioctl/1.22.8/istioctl (download cache): not found
                          - download of https://github.com/istio/istio/releases/download/1.22.8/\
                        istioctl-1.22.8-linux-amd64.tar.gz: not attempted, downloads are off (offline)
                        Configure the istioctl binary for 1.22.8, put istioctl-1.22.8 in the binary directory, \
                        put istioctl 1.22.8 on PATH, or allow downloads."""));
    }

    @Test
    void withPathSearchOff_theErrorSaysSo() {
        assertThatThrownBy(() -> new IstioctlLocator(settings).locate(V1_22_8))
                .hasMessageContaining("\n  - binary directory: none set\n")
                .hasMessageContaining("\n  - PATH: not searched (PATH search is off)\n");
    }

    @Test
    void anOldIstioctlWithoutShortOutput_isReadFromItsLongVersionForm() throws Exception {
        Path binary = StandIn.script()
                .on(List.of("version", "--remote=false", "--short"), "echo 'Error: unknown flag: --short' >&2; exit 1")
                .on(List.of("version", "--remote=false"), "echo 'client version: version.BuildInfo{Version:\"1.6.8\","
                        + " GitRevision:\"abc\", GolangVersion:\"go1.14.4\", BuildStatus:\"Clean\", GitTag:\"1.6.8\"}'")
                .writeTo(tmp.resolve("path/istioctl"));

        Path found = new IstioctlLocator(settings.withPathSearch(true, tmp.resolve("path").toString()))
                .locate(IstioVersion.parse("1.6.8").orElseThrow());

        assertThat(found).isEqualTo(binary);
    }

    @Test
    void eachBinaryIsAskedForItsVersionOnce_untilTheFileChanges() throws Exception {
        Path calls = tmp.resolve("calls");
        Path binary = StandIn.script()
                .on(List.of("version", "--remote=false", "--short"),
                        "echo x >> " + quote(calls.toString()) + "; echo 'client version: 1.22.8'")
                .writeTo(tmp.resolve("path/istioctl"));
        IstioctlLocator locator = new IstioctlLocator(settings.withPathSearch(true, tmp.resolve("path").toString()));

        locator.locate(V1_22_8);
        locator.locate(V1_22_8);
        assertThatThrownBy(() -> locator.locate(IstioVersion.parse("1.23.0").orElseThrow()))
                .hasMessageContaining("path/istioctl (on PATH): reports version 1.22.8");
        assertThat(Files.readAllLines(calls)).hasSize(1);

        StandIn.reportingVersion("1.23.0").writeTo(binary);
        Files.setLastModifiedTime(binary, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(locator.locate(IstioVersion.parse("1.23.0").orElseThrow())).isEqualTo(binary);
    }

    @Test
    void aBinaryAlreadyInTheDownloadCache_isUsedWithoutDownloading() throws Exception {
        Path cached = StandIn.reportingVersion("1.22.8").writeTo(tmp.resolve("cache/istioctl/1.22.8/istioctl"));

        assertThat(new IstioctlLocator(settings).locate(V1_22_8)).isEqualTo(cached);
    }

    @Test
    void onWindows_theErrorSaysDownloadsNeedAConfiguredBinary() {
        IstioctlSettings windows = settings.withOffline(false).withPlatform(Platform.of("Windows 11", "amd64"));

        assertThatThrownBy(() -> new IstioctlLocator(windows).locate(V1_22_8))
                .hasMessageContaining("\n  - download: istioctl 1.22.8 for Windows is published only as a .zip"
                        + " archive, which istiodsl does not download; configure the istioctl binary for 1.22.8"
                        + " instead\n");
    }

    @Test
    void settingsRefuseAVersionKeyThatCanNeverMatch() {
        assertThatThrownBy(() -> settings.withConfiguredBinary("v1.22.8", tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'v1.22.8'");
    }
}
