package dev.istiodsl.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.util.List;

/** The unified line diff of two multi-line strings, with java-diff-utils: what {@code diff -u} shows, minus headers. */
final class LineDiff {

    /** Unchanged lines shown around each change. */
    static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** Whether two values are compared line by line: both text, and at least one of them has several lines. */
    static boolean applies(String before, String after) {
        return before.indexOf('\n') >= 0 || after.indexOf('\n') >= 0;
    }

    /** The {@code @@} hunks, empty when the two have the same lines (they differ only in a trailing newline). */
    static List<String> of(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("before", "after", a, patch, CONTEXT);
        // The first two lines are the "--- before" and "+++ after" headers: the field's path says what is compared.
        return unified.subList(2, unified.size());
    }
}
