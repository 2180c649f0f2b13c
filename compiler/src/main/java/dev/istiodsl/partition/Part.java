package dev.istiodsl.partition;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
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

    /**
     * The part that must be applied, and ready, before this one, the same for every output format: CRDs first, as
     * everything else may use them; shared resources next, as revisions run in their namespaces; a tag after the
     * revision it points at, whose istiod answers its webhook; a gateway after its revision, whose injector fills in
     * its pods.
     *
     * @param tagOwner the revision each tag of the environment points at
     */
    public Optional<Part> dependsOn(Map<String, String> tagOwner) {
        return switch (kind) {
            case CRDS -> Optional.empty();
            case BASE -> Optional.of(CRDS);
            case REVISION -> Optional.of(BASE);
            case TAG -> Optional.of(revision(Objects.requireNonNull(tagOwner.get(name),
                    () -> "tag " + name + " points at no revision")));
            case GATEWAY -> Optional.of(revision(revision));
        };
    }

    /**
     * The part as one word, {@code crds}, {@code base}, {@code revision-1-22-8}, {@code tag-stable},
     * {@code gateway-public-1-22-8}: what names its Flux Kustomization, Helm chart and Helm release, so that the two
     * output formats name a part alike.
     */
    public String slug() {
        return switch (kind) {
            case CRDS -> "crds";
            case BASE -> "base";
            case REVISION -> "revision-" + name;
            case TAG -> "tag-" + name;
            case GATEWAY -> "gateway-" + name + "-" + revision;
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
