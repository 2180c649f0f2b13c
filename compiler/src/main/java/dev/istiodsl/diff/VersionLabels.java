package dev.istiodsl.diff;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels an upgrade moves on every object it touches: {@code app.kubernetes.io/version}, {@code helm.sh/chart},
 * {@code operator.istio.io/version}, and any other label whose old and new values differ only in a version number
 * ({@code 1.24.6} to {@code 1.26.8}, {@code istiod-1.24.6} to {@code istiod-1.26.8}). They say nothing a reviewer
 * needs object by object, so reports fold them into one line per environment.
 */
public final class VersionLabels {

    /** Labels that only ever carry a version, whatever their values. */
    public static final Set<String> KEYS = Set.of("app.kubernetes.io/version", "helm.sh/chart",
            "operator.istio.io/version");

    /** What a version number reads as once normalised. */
    public static final String VERSION = "<version>";

    private static final Pattern LABEL = Pattern.compile("(?:^|\\.)metadata\\.labels\\.(.+)$");
    private static final Pattern NUMBER = Pattern.compile("(?<![0-9A-Za-z.])v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+)?");

    private VersionLabels() {
    }

    /** Whether a field change only moves a version label (or adds or drops one of the {@link #KEYS}). */
    public static boolean is(FieldChange change) {
        Matcher label = LABEL.matcher(change.path());
        if (!label.find()) {
            return false;
        }
        if (KEYS.contains(label.group(1))) {
            return true;
        }
        return change.before() != null && change.after() != null && NUMBER.matcher(change.before()).find()
                && normalised(change.before()).equals(normalised(change.after()));
    }

    /** The label key of a label field ({@code metadata.labels.helm.sh/chart} is {@code helm.sh/chart}). */
    static String key(FieldChange change) {
        Matcher label = LABEL.matcher(change.path());
        return label.find() ? label.group(1) : change.path();
    }

    /** A label's value with every version number in it replaced by {@link #VERSION}. */
    public static String normalised(String value) {
        return NUMBER.matcher(value).replaceAll(VERSION);
    }

    /** Whether a label, by its key and value, is one whose value the cross-revision diff normalises. */
    public static boolean carriesVersion(String key, String value) {
        return KEYS.contains(key) || NUMBER.matcher(value).find();
    }
}
