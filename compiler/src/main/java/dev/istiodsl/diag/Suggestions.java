package dev.istiodsl.diag;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the closest known name to a misspelt one, when it is close enough to be a typo. */
public final class Suggestions {

    private Suggestions() {
    }

    public static Optional<String> closest(String written, Collection<String> known) {
        String lower = written.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, written.length() / 3));
        return known.stream()
                .filter(candidate -> !candidate.equals(written))
                .map(candidate -> new Scored(candidate, distance(lower, candidate.toLowerCase(Locale.ROOT))))
                .filter(scored -> scored.distance <= limit)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .map(Scored::name);
    }

    /** A hint naming the closest known name, or listing the known ones when there are few. */
    public static String hint(String written, Collection<String> known, String noun) {
        Optional<String> best = closest(written, known);
        if (best.isPresent()) {
            return "did you mean '" + best.get() + "'?";
        }
        if (known.isEmpty()) {
            return "no " + noun + " is declared";
        }
        if (known.size() <= 8) {
            return "known " + plural(noun) + ": " + String.join(", ", known.stream().sorted().toList());
        }
        return null;
    }

    /** "revision" to "revisions", "tag or revision" to "tags and revisions". */
    public static String plural(String noun) {
        return noun.contains(" or ") ? noun.replace(" or ", "s and ") + "s" : noun + "s";
    }

    private record Scored(String name, int distance) {
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
