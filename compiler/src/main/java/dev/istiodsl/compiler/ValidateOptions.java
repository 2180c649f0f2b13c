package dev.istiodsl.compiler;

import dev.istiodsl.model.Suppression;

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
 */
public record ValidateOptions(boolean expand, LocalDate today, List<Suppression> suppressions) {

    public ValidateOptions {
        Objects.requireNonNull(today, "today");
        suppressions = List.copyOf(suppressions);
    }

    /** Everything checked, judged against today's date in UTC, no extra suppressions. */
    public static ValidateOptions defaults() {
        return new ValidateOptions(true, LocalDate.now(ZoneOffset.UTC), List.of());
    }

    public ValidateOptions withExpand(boolean expandRevisions) {
        return new ValidateOptions(expandRevisions, today, suppressions);
    }

    public ValidateOptions withToday(LocalDate date) {
        return new ValidateOptions(expand, date, suppressions);
    }

    public ValidateOptions withSuppressions(List<Suppression> more) {
        return new ValidateOptions(expand, today, more);
    }
}
