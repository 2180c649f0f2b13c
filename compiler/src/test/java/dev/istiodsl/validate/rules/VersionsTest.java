package dev.istiodsl.validate.rules;

import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    void minorsAreCountedWithinAMajorAndUnboundedAcrossOne() {
        assertThat(Versions.minorsAhead(v("1.20.8"), v("1.24.6"))).isEqualTo(4);
        assertThat(Versions.minorsAhead(v("1.24.6"), v("1.24.0-rc.0"))).isZero();
        assertThat(Versions.minorsAhead(v("1.30.0"), v("2.0.0"))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void consecutiveKubernetesVersionsReadAsARange() {
        assertThat(Versions.kubernetes(k("1.27", "1.28", "1.29", "1.30"))).isEqualTo("1.27 to 1.30");
        assertThat(Versions.kubernetes(k("1.16", "1.17", "1.22"))).isEqualTo("1.16, 1.17, 1.22");
        assertThat(Versions.kubernetes(k("1.23", "1.24"))).isEqualTo("1.23, 1.24");
        assertThat(Versions.kubernetes(List.of())).isEqualTo("none");
    }

    @Test
    void soaksReadAsTheyAreWritten() {
        assertThat(Versions.duration(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Versions.duration(Duration.ofHours(36))).isEqualTo("1d12h");
        assertThat(Versions.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Versions.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }

    @Test
    void namesAreListedInProse() {
        assertThat(Versions.list(List.of("a"))).isEqualTo("a");
        assertThat(Versions.list(List.of("a", "b", "c"))).isEqualTo("a, b and c");
    }

    private static IstioVersion v(String text) {
        return IstioVersion.parse(text).orElseThrow();
    }

    private static List<KubernetesVersion> k(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> KubernetesVersion.parse(t).orElseThrow()).toList();
    }
}
