package dev.istiodsl.partition;

import java.util.Comparator;
import java.util.Optional;

/**
 * One folder of an environment's tree, applied as a unit: CRDs, shared resources, one control-plane revision, one
 * tag, or one gateway of one revision. Adding or removing a canary revision adds or removes folders, nothing else.
 */
public record Part(Kind kind, String name, String revision) implements Comparable<Part> {

    /** In the order Flux applies them. */
    public enum Kind { CRDS, BASE, REVISION, TAG, GATEWAY }

    private static final Comparator<Part> ORDER = Comparator.comparing(Part::kind).thenComparing(Part::name)
            .thenComparing(Part::revision);

    public static final Part CRDS = new Part(Kind.CRDS, "", "");
    public static final Part BASE = new Part(Kind.BASE, "", "");

    public static Part revision(String revision) {
        return new Part(Kind.REVISION, revision, revision);
    }

    public static Part tag(String tag) {
        return new Part(Kind.TAG, tag, "");
    }

    public static Part gateway(String gateway, String revision) {
        return new Part(Kind.GATEWAY, gateway, revision);
    }

    /** The revision whose control plane this part belongs to, if any. */
    public Optional<String> owningRevision() {
        return revision.isEmpty() ? Optional.empty() : Optional.of(revision);
    }

    /** {@code crds}, {@code base}, {@code revisions/1-22-8}, {@code tags/stable}, {@code gateways/public/1-22-8}. */
    public String path() {
        return switch (kind) {
            case CRDS -> "crds";
            case BASE -> "base";
            case REVISION -> "revisions/" + name;
            case TAG -> "tags/" + name;
            case GATEWAY -> "gateways/" + name + "/" + revision;
        };
    }

    @Override
    public int compareTo(Part other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return path();
    }
}
