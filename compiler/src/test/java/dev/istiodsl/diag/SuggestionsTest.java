package dev.istiodsl.diag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    @Test
    void aTypoSuggestsTheClosestName() {
        assertThat(Suggestions.closest("profil", List.of("profile", "operator", "istio"))).contains("profile");
        assertThat(Suggestions.closest("1-22-9", List.of("1-22-8", "1-24-6"))).contains("1-22-8");
    }

    @Test
    void swappedNeighboursCountAsOneEdit() {
        assertThat(Suggestions.distance("revsiion", "revision")).isEqualTo(1);
    }

    @Test
    void aNameFarFromEverythingSuggestsNothing() {
        assertThat(Suggestions.closest("kubernetes", List.of("hub", "namespace"))).isEmpty();
    }
}
