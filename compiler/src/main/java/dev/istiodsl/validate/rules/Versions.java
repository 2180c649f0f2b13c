package dev.istiodsl.validate.rules;

import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.model.Revision;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Minor-line arithmetic and the wording rules share, so every message names versions the same way. */
final class Versions {

    private Versions() {
    }

    /**
     * How many minors {@code newer} is ahead of {@code older}. Across major versions no policy applies, so the gap
     * counts as unbounded.
     */
    static int minorsAhead(IstioVersion older, IstioVersion newer) {
        if (older.major() != newer.major()) {
            return newer.major() > older.major() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        return newer.minor() - older.minor();
    }

    /** The minor line {@code minors} after {@code version}'s: {@code 1.20} plus 2 is {@code 1.22}. */
    static String lineAfter(IstioVersion version, int minors) {
        return version.major() + "." + (version.minor() + minors);
    }

    /** {@code 1-20-8 (Istio 1.20)}: a revision with its minor line, as upgrade and support rules talk about it. */
    static String withLine(Revision revision) {
        return revision.name() + " (Istio " + revision.istio().minorLine() + ")";
    }

    /** {@code 1-20-8 (Istio 1.20.8)}: a revision with its exact version. */
    static String withVersion(Revision revision) {
        return revision.name() + " (Istio " + revision.istio() + ")";
    }

    /** {@code 1.27 to 1.30} for a run of consecutive minors, else {@code 1.16, 1.17, 1.22}; {@code none} if empty. */
    static String kubernetes(List<KubernetesVersion> versions) {
        if (versions.isEmpty()) {
            return "none";
        }
        KubernetesVersion first = versions.get(0);
        KubernetesVersion last = versions.get(versions.size() - 1);
        boolean consecutive = first.major() == last.major()
                && last.minor() - first.minor() == versions.size() - 1 && versions.size() > 2;
        if (consecutive) {
            return first + " to " + last;
        }
        return String.join(", ", versions.stream().map(KubernetesVersion::toString).toList());
    }

    /** {@code 1 minor}, {@code 2 minors}. */
    static String minors(int count) {
        return count + (count == 1 ? " minor" : " minors");
    }

    /** {@code a, b and c}. */
    static String list(Collection<String> names) {
        List<String> all = List.copyOf(names);
        if (all.size() <= 1) {
            return String.join("", all);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    /** A soak as it is written in the DSL: {@code 7d}, {@code 1d12h}, {@code 1h30m}, {@code 90s} reads 1m30s. */
    static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                out.append(seconds / sizes[i]).append(units[i]);
                seconds %= sizes[i];
            }
        }
        return out.toString();
    }
}
