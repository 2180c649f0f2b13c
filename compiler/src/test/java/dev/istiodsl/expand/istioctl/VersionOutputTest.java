package dev.istiodsl.expand.istioctl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOutputTest {

    @Test
    void theShortFormOfOldReleases_isTheBareVersion() {
        assertThat(VersionOutput.clientVersion("1.6.8\n")).contains("1.6.8");
    }

    @Test
    void newerReleases_nameTheClientVersion() {
        assertThat(VersionOutput.clientVersion("client version: 1.22.8\n")).contains("1.22.8");
        assertThat(VersionOutput.clientVersion("no running Istio pods in \"istio-system\"\nclient version: 1.31.0-rc.0\n"))
                .contains("1.31.0-rc.0");
    }

    @Test
    void theOldLongForm_isReadFromItsBuildInfo() {
        assertThat(VersionOutput.clientVersion("client version: version.BuildInfo{Version:\"1.6.8\", "
                + "GitRevision:\"d5fc6d9\", GolangVersion:\"go1.14.4\", BuildStatus:\"Clean\", GitTag:\"1.6.8\"}\n"))
                .contains("1.6.8");
    }

    @Test
    void aDevelopmentBuild_isReportedAsPrinted_soTheMismatchIsVisible() {
        assertThat(VersionOutput.clientVersion("client version: 1.22-dev\n")).contains("1.22-dev");
    }

    @Test
    void outputWithoutAVersion_givesNothing() {
        assertThat(VersionOutput.clientVersion("Error: unknown command \"version\"\n")).isEmpty();
        assertThat(VersionOutput.clientVersion("")).isEmpty();
    }
}
