package dev.istiodsl.validate;

import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionFactsTest {

    private static final String MINOR = "{ released: \"2023-11-14\", eol: null, kubernetesSupported: [\"1.28\"],"
            + " kubernetesTestedUnsupported: [], istioctlMinKubernetes: \"1.25\" }";

    private final VersionFacts facts = VersionFacts.shipped();

    @Test
    void theShippedFactsCoverEveryMinorFrom1_10To1_31() {
        assertThat(facts.minors()).hasSize(22).containsKeys("1.10", "1.22", "1.31");
    }

    @Test
    void aMinorKnowsItsDatesAndKubernetesSupport() {
        VersionFacts.Minor minor = facts.minor(IstioVersion.parse("1.22.8").orElseThrow()).orElseThrow();
        assertThat(minor.released()).isEqualTo(LocalDate.of(2024, 5, 13));
        assertThat(minor.eol()).contains(LocalDate.of(2025, 1, 22));
        assertThat(minor.kubernetesSupported()).contains(new KubernetesVersion(1, 30))
                .doesNotContain(new KubernetesVersion(1, 31));
        assertThat(minor.istioctlMinKubernetes()).isEqualTo(new KubernetesVersion(1, 26));
    }

    @Test
    void anExpectedEndOfLifeIsMarkedApproximate() {
        VersionFacts.Minor minor = facts.minor(IstioVersion.parse("1.30.3").orElseThrow()).orElseThrow();
        assertThat(minor.eolApproximate()).isTrue();
        assertThat(minor.eol()).contains(LocalDate.of(2026, 11, 30));
        assertThat(facts.minor(IstioVersion.parse("1.31.0").orElseThrow()).orElseThrow().eol()).isEmpty();
    }

    @Test
    void anUnknownMinorHasNoFacts() {
        assertThat(facts.minor(IstioVersion.parse("1.99.0").orElseThrow())).isEmpty();
    }

    @Test
    void aMinorOlderThanEveryKnownLineIsOlderThanTheFacts_whateverItsNumber() {
        for (String version : new String[] {"1.9.9", "1.5.10", "1.0.0", "0.8.0"}) {
            assertThat(facts.coverage(IstioVersion.parse(version).orElseThrow())).as(version)
                    .isEqualTo(VersionFacts.Coverage.OLDER);
        }
        assertThat(facts.oldest().line()).isEqualTo("1.10");
    }

    @Test
    void aMinorNewerThanEveryKnownLineIsNewerThanTheFacts_aFutureRelease() {
        for (String version : new String[] {"1.32.0", "1.99.0", "2.0.0"}) {
            assertThat(facts.coverage(IstioVersion.parse(version).orElseThrow())).as(version)
                    .isEqualTo(VersionFacts.Coverage.NEWER);
        }
        assertThat(facts.newest().line()).isEqualTo("1.31");
        assertThat(facts.coverage(IstioVersion.parse("1.31.0-rc.0").orElseThrow()))
                .isEqualTo(VersionFacts.Coverage.KNOWN);
    }

    @Test
    void theFactsHaveNoGap_soAMinorTheyDoNotKnowIsOlderOrNewerThanAllOfThem() {
        assertThatThrownBy(() -> VersionFacts.parse("""
                minors:
                  "1.20": %s
                  "1.22": %s
                """.formatted(MINOR, MINOR))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1.21");
    }

    @Test
    void theUpgradePolicyAllowsTwoMinorsByCanaryAndOneInPlace() {
        assertThat(facts.upgradePolicy()).isEqualTo(new VersionFacts.UpgradePolicy(1, 2, 1));
    }
}
