package dev.istiodsl.validate;

import dev.istiodsl.model.IstioVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorApiFactsTest {

    private final OperatorApiFacts facts = OperatorApiFacts.shipped();

    private static IstioVersion v(String text) {
        return IstioVersion.parse(text).orElseThrow();
    }

    @Test
    void aFieldIsRemovedFromItsFirstMinorWithoutItOn() {
        assertThat(facts.removedAt("values.global.oneNamespace", v("1.21.6"))).isEmpty();
        assertThat(facts.removedAt("values.global.oneNamespace", v("1.22.0"))).get()
                .extracting(OperatorApiFacts.Removed::removedIn).isEqualTo("1.22");
    }

    @Test
    void aRemovedBlockCoversItselfAndEverythingBelowIt() {
        assertThat(facts.removedAt("values.mixer", v("1.8.0"))).isPresent();
        assertThat(facts.removedAt("values.mixer.policy.enabled", v("1.8.0"))).isPresent();
        assertThat(facts.removedAt("values.mixerless", v("1.8.0"))).isEmpty();
    }

    @Test
    void proxyInitIsNeverRemoved_everyReleaseFrom1_4To1_30RendersItsImage() {
        for (String version : new String[] {"1.14.0", "1.20.8", "1.30.3"}) {
            assertThat(facts.removedAt("values.global.proxy_init", v(version))).as(version).isEmpty();
            assertThat(facts.removedAt("values.global.proxy_init.image", v(version))).as(version).isEmpty();
            assertThat(facts.removedAt("values.global.proxy_init.resources.limits.cpu", v(version))).as(version)
                    .isEmpty();
        }
    }

    @Test
    void theSdsTokenAudienceOutlivesTheRestOfSds() {
        assertThat(facts.removedAt("values.global.sds.token.aud", v("1.20.3"))).isEmpty();
        assertThat(facts.removedAt("values.global.sds.token", v("1.7.0"))).isEmpty();
        assertThat(facts.removedAt("values.global.sds.udsPath", v("1.7.0"))).get()
                .extracting(OperatorApiFacts.Removed::removedIn).isEqualTo("1.7");
        assertThat(facts.removedAt("values.global.sds.enabled", v("1.6.8"))).isEmpty();
    }

    @Test
    void aBlockThatKeepsAFieldIsNotItselfRemoved_onlyWhatItDropped() {
        // Writing `sds: { token: { aud: … } }` passes through `values.global.sds`, which 1.20 still has.
        assertThat(facts.removedAt("values.global.sds", v("1.20.3"))).isEmpty();
        assertThat(facts.removedAt("values.telemetry.v2.stackdriver", v("1.24.6"))).isEmpty();
        assertThat(facts.removedAt("values.telemetry.v2.stackdriver.enabled", v("1.24.6"))).isEmpty();
        assertThat(facts.removedAt("values.telemetry.v2.stackdriver.logging", v("1.24.6"))).get()
                .extracting(OperatorApiFacts.Removed::removedIn).isEqualTo("1.21");
    }

    @Test
    void istioCoreDnsStaysAnAddonComponentIn1_8_andGoesWithItsChartIn1_9() {
        assertThat(facts.removedAt("addonComponents.istiocoredns.enabled", v("1.8.1"))).isEmpty();
        assertThat(facts.removedAt("addonComponents", v("1.8.1"))).isEmpty();
        assertThat(facts.removedAt("addonComponents.kiali.enabled", v("1.8.1"))).get()
                .extracting(OperatorApiFacts.Removed::removedIn).isEqualTo("1.8");
        assertThat(facts.removedAt("addonComponents.istiocoredns.enabled", v("1.9.0"))).get()
                .extracting(OperatorApiFacts.Removed::removedIn).isEqualTo("1.9");
    }

    @Test
    void anExceptionOutsideItsEntryIsRefusedWhenTheFactsAreRead() {
        assertThatThrownBy(() -> OperatorApiFacts.parse("""
                removed:
                  - { path: "values.global.sds.*", removedIn: "1.7", instead: "x", except: ["values.global.sts.*"] }
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("values.global.sts.*")
                .hasMessageContaining("values.global.sds.*");
    }

    @Test
    void aRemovedInThatIsNotAMinorLineIsRefusedWhenTheFactsAreRead() {
        assertThatThrownBy(() -> OperatorApiFacts.parse("""
                removed:
                  - { path: "values.global.sds.*", removedIn: "1.7.0", instead: "x" }
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("1.7.0");
    }
}
