package dev.istiodsl.util;

/** The name patterns of overlay selectors and suppressions: {@code *} any run of characters, {@code ?} one. */
public final class Globs {

    private Globs() {
    }

    /**
     * Whether {@code name} matches {@code glob}, where everything but {@code *} and {@code ?} is literal. Matched
     * without a regular expression: {@code .*} after {@code .*} backtracks exponentially, and a pattern such as
     * {@code "*a*a*a*a*a*a*a*a*b"} would take hours; this takes at most a pass over the name per character of the
     * pattern.
     */
    public static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int lastStar = -1;
        int resumeAt = 0;
        while (n < name.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                lastStar = g++;
                resumeAt = n;
            } else if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (lastStar >= 0) {
                // Let the last '*' take one more character, and match the rest of the pattern from there.
                g = lastStar + 1;
                n = ++resumeAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
