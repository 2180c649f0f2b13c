package dev.istiodsl.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IstioVersionTest {

    @Test
    void versionsCompareNumericallyNotAsText() {
        assertThat(v("1.9.7")).isLessThan(v("1.10.0"));
        assertThat(v("1.22.8")).isLessThan(v("1.22.10"));
    }

    @Test
    void aPreReleaseSortsBeforeItsRelease() {
        assertThat(v("1.31.0-rc.0")).isLessThan(v("1.31.0"));
        assertThat(v("1.31.0-rc.0").preRelease()).isEqualTo("rc.0");
    }

    @Test
    void onlyFullReleasesAreVersions() {
        assertThat(IstioVersion.parse("1.22")).isEmpty();
        assertThat(IstioVersion.parse("v1.22.8")).isEmpty();
        assertThat(IstioVersion.parse("1.22.8.1")).isEmpty();
    }

    @Test
    void theUsualRevisionNameReplacesDotsWithDashes() {
        assertThat(v("1.22.8").asRevisionName()).isEqualTo("1-22-8");
        assertThat(v("1.22.8").minorLine()).isEqualTo("1.22");
    }

    @Test
    void kubernetesVersionsAreMinorLines() {
        assertThat(KubernetesVersion.parse("1.30")).contains(new KubernetesVersion(1, 30));
        assertThat(KubernetesVersion.parse("v1.30.2")).contains(new KubernetesVersion(1, 30));
        assertThat(KubernetesVersion.parse("1.9").orElseThrow()).isLessThan(new KubernetesVersion(1, 10));
    }

    private static IstioVersion v(String text) {
        return IstioVersion.parse(text).orElseThrow();
    }
}
