package dev.istiodsl.promote;

import java.time.Duration;

/** Durations the way the DSL writes them: {@code 7d}, {@code 1d 12h}, {@code 3h 20m}; whole minutes, largest unit first. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        StringBuilder out = new StringBuilder();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(out.isEmpty() ? "" : " ").append(hours).append('h');
        }
        if (rest > 0 || out.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append(rest).append('m');
        }
        return out.toString();
    }
}
