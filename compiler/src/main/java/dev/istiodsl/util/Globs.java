package dev.istiodsl.util;

import java.util.regex.Pattern;

/** The name patterns of overlay selectors and suppressions: {@code *} any run of characters, {@code ?} one. */
public final class Globs {

    private Globs() {
    }

    /** The pattern of a glob; everything but {@code *} and {@code ?} is literal. */
    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
