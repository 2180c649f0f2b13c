package dev.istiodsl.model;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor line, {@code 1.30}; a patch ({@code 1.30.2}) is accepted and ignored. */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {

    private static final Pattern FORM = Pattern.compile("v?(\\d{1,3})\\.(\\d{1,3})(?:\\.\\d{1,4})?");

    public static Optional<KubernetesVersion> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return Comparator.comparingInt(KubernetesVersion::major).thenComparingInt(KubernetesVersion::minor)
                .compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
