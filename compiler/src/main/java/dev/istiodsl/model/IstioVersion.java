package dev.istiodsl.model;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An Istio release, {@code 1.22.8} or {@code 1.31.0-rc.0}. Pre-releases sort before their release. */
public record IstioVersion(int major, int minor, int patch, String preRelease) implements Comparable<IstioVersion> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})(?:-([A-Za-z0-9.]+))?");
    private static final Comparator<IstioVersion> ORDER = Comparator.comparingInt(IstioVersion::major)
            .thenComparingInt(IstioVersion::minor)
            .thenComparingInt(IstioVersion::patch)
            .thenComparing(v -> v.preRelease().isEmpty() ? "\uffff" : v.preRelease());

    public IstioVersion {
        preRelease = preRelease == null ? "" : preRelease;
    }

    public static Optional<IstioVersion> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new IstioVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4)));
    }

    /** {@code 1.22}: the minor line, which is what support, skew and upgrade rules talk about. */
    public String minorLine() {
        return major + "." + minor;
    }

    /** The revision name users usually give this version: {@code 1-22-8}. */
    public String asRevisionName() {
        return toString().replace('.', '-').toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int compareTo(IstioVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
