package dev.istiodsl.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class GlobsTest {

    @Test
    void aStarTakesAnyRunAndAQuestionMarkOneCharacter() {
        assertThat(Globs.matches("istiod-*", "istiod-1-22-8")).isTrue();
        assertThat(Globs.matches("istiod-*", "istiod-")).isTrue();
        assertThat(Globs.matches("*", "")).isTrue();
        assertThat(Globs.matches("istio?", "istiod")).isTrue();
        assertThat(Globs.matches("istio?", "istio")).isFalse();
        assertThat(Globs.matches("*-gateway-*", "public-gateway-1-22-8")).isTrue();
        assertThat(Globs.matches("*-gateway", "public-gateway-1-22-8")).isFalse();
        assertThat(Globs.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Globs.matches("a*b*c", "aXbYbZ")).isFalse();
    }

    @Test
    void everythingElseIsLiteral() {
        assertThat(Globs.matches("istio.d", "istiod")).isFalse();
        assertThat(Globs.matches("istio.d", "istio.d")).isTrue();
        assertThat(Globs.matches("[a]", "a")).isFalse();
    }

    @Test
    void manyStarsTakeNoLongerThanOnePassPerCharacterOfThePattern() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(Globs.matches("*a".repeat(30) + "*b", "a".repeat(253))).isFalse();
            assertThat(Globs.matches("*".repeat(3_000) + "x", "istiod-1-22-8")).isFalse();
        });
    }
}
