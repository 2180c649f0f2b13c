package dev.istiodsl.validate.schema.cel;

import java.math.BigInteger;
import java.util.List;

/**
 * A semantic version (semver.org 2.0.0) as Kubernetes' CEL {@code semver()} reads it: MAJOR.MINOR.PATCH without
 * leading zeros, an optional pre-release ("-alpha.1") and build ("+build.5"). Ordered by precedence: build metadata
 * does not count, a pre-release is lower than its release, numeric identifiers compare as numbers and below words.
 */
record Semver(long major, long minor, long patch, List<String> preRelease, String build) implements
        Comparable<Semver> {

    private static final String IDENTIFIER = "[0-9A-Za-z-]+";

    /**
     * @param normalize accept a leading "v", a missing minor or patch ("1", "1.2"), and leading zeros, as the
     *                  documentation of {@code semver(string, true)} says
     * @throws IllegalArgumentException naming what is wrong
     */
    static Semver parse(String text, boolean normalize) {
        if (normalize) {
            text = normalized(text);
        }
        String rest = text;
        String build = "";
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            build = rest.substring(plus + 1);
            rest = rest.substring(0, plus);
            if (!build.matches(IDENTIFIER + "(\\." + IDENTIFIER + ")*")) {
                throw new IllegalArgumentException("invalid build metadata \"" + build + "\"");
            }
        }
        List<String> pre = List.of();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            String p = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
            if (!p.matches(IDENTIFIER + "(\\." + IDENTIFIER + ")*")) {
                throw new IllegalArgumentException("invalid pre-release \"" + p + "\"");
            }
            pre = List.of(p.split("\\."));
            for (String id : pre) {
                if (id.matches("[0-9]+") && id.length() > 1 && id.charAt(0) == '0') {
                    throw new IllegalArgumentException("pre-release number \"" + id + "\" has a leading zero");
                }
            }
        }
        String[] parts = rest.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("no major, minor and patch version in \"" + text + "\"");
        }
        long[] numbers = new long[3];
        for (int i = 0; i < 3; i++) {
            String n = parts[i];
            if (!n.matches("[0-9]+") || n.length() > 1 && n.charAt(0) == '0' || n.length() > 18) {
                throw new IllegalArgumentException("invalid version number \"" + n + "\" in \"" + text + "\"");
            }
            numbers[i] = Long.parseLong(n);
        }
        return new Semver(numbers[0], numbers[1], numbers[2], pre, build);
    }

    private static String normalized(String text) {
        String s = text.startsWith("v") ? text.substring(1) : text;
        String[] parts = s.split("\\.", 3);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() > 1) {
                String trimmed = p.replaceFirst("^0+", "");
                parts[i] = trimmed.isEmpty() || !Character.isDigit(trimmed.charAt(0)) ? "0" + trimmed : trimmed;
            }
        }
        if (parts.length < 3) {
            String last = parts[parts.length - 1];
            if (last.contains("+") || last.contains("-")) {
                throw new IllegalArgumentException("short version cannot contain PreRelease/Build meta data");
            }
            StringBuilder out = new StringBuilder(String.join(".", parts));
            for (int i = parts.length; i < 3; i++) {
                out.append(".0");
            }
            return out.toString();
        }
        return String.join(".", parts);
    }

    @Override
    public int compareTo(Semver other) {
        int c = Long.compare(major, other.major);
        c = c != 0 ? c : Long.compare(minor, other.minor);
        c = c != 0 ? c : Long.compare(patch, other.patch);
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            String a = preRelease.get(i);
            String b = other.preRelease.get(i);
            boolean numA = a.matches("[0-9]+");
            boolean numB = b.matches("[0-9]+");
            int d = numA && numB ? new BigInteger(a).compareTo(new BigInteger(b))
                    : numA != numB ? (numA ? -1 : 1) : a.compareTo(b);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    /** Equal when of the same precedence: build metadata does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Semver s && compareTo(s) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(major) * 961 + Long.hashCode(minor) * 31 + Long.hashCode(patch) + preRelease.hashCode();
    }
}
