package dev.istiodsl.bind;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTest {

    @Test
    void daysHoursMinutesAndSecondsAddUp() {
        assertThat(ValueReader.parseDuration("7d")).contains(Duration.ofDays(7));
        assertThat(ValueReader.parseDuration("36h")).contains(Duration.ofHours(36));
        assertThat(ValueReader.parseDuration("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(ValueReader.parseDuration("1d2h3m4s")).contains(Duration.ofSeconds(93784));
    }

    @Test
    void anythingElseIsNotADuration() {
        assertThat(ValueReader.parseDuration("")).isEmpty();
        assertThat(ValueReader.parseDuration("7")).isEmpty();
        assertThat(ValueReader.parseDuration("7w")).isEmpty();
        assertThat(ValueReader.parseDuration("d7")).isEmpty();
        assertThat(ValueReader.parseDuration("1.5d")).isEmpty();
        assertThat(ValueReader.parseDuration("7d ")).isEmpty();
    }
}
