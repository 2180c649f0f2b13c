package dev.istiodsl.compiler;

import dev.istiodsl.model.Suppression;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * How the tree is checked.
 *
 * @param expand       expand the revisions and check the resources too; false checks the DSL alone (no istioctl)
 * @param today        the date end-of-life is judged against: the compile date, a fixed one in tests
 * @param suppressions suppressions from the build's configuration, on top of those in the DSL
 * @param now          the instant soak gates are judged at: a change reaching an environment now
 * @param soakBase     the git ref whose first-parent history soak times are measured in, and whose tree says what
 *                     a compile newly brings to an environment: {@code HEAD} locally, the target branch in CI
 */
public record ValidateOptions(boolean expand, LocalDate today, List<Suppression> suppressions, Instant now,
        String soakBase) {

    public ValidateOptions {
        Objects.requireNonNull(today, "today");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(soakBase, "soakBase");
        suppressions = List.copyOf(suppressions);
    }

    /** Everything checked, judged against the current instant (and today's date in UTC), no extra suppressions. */
    public static ValidateOptions defaults() {
        Instant now = Instant.now();
        return new ValidateOptions(true, LocalDate.ofInstant(now, ZoneOffset.UTC), List.of(), now, "HEAD");
    }

    public ValidateOptions withExpand(boolean expandRevisions) {
        return new ValidateOptions(expandRevisions, today, suppressions, now, soakBase);
    }

    public ValidateOptions withToday(LocalDate date) {
        return new ValidateOptions(expand, date, suppressions, now, soakBase);
    }

    public ValidateOptions withSuppressions(List<Suppression> more) {
        return new ValidateOptions(expand, today, more, now, soakBase);
    }

    public ValidateOptions withNow(Instant instant) {
        return new ValidateOptions(expand, today, suppressions, instant, soakBase);
    }

    public ValidateOptions withSoakBase(String ref) {
        return new ValidateOptions(expand, today, suppressions, now, ref);
    }
}
