package dev.istiodsl.partition;

import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.resource.Resource;

import java.util.Optional;

/**
 * A resource and the part of the environment it lands in.
 *
 * @param stableName the name without its revision ({@code istiod} for {@code istiod-1-22-8}): what overlay selectors
 *                   match, so overlays survive upgrades
 * @param gateway    the declared gateway the resource belongs to, for {@code gateway G} selectors: its objects in
 *                   {@code gateways/G/<rev>}, and its one Service in {@code base}
 * @param at         the DSL line answerable for the resource as it is now: the revision that rendered it, the
 *                   overlay operation that last changed or added it, the gateway or environment it was made for.
 *                   Later findings about the resource are reported there.
 */
public record Placed(Part part, Resource resource, String stableName, Optional<String> gateway, SourceLocation at) {

    /** A resource that belongs to a gateway only when it lands in that gateway's part. */
    public Placed(Part part, Resource resource, String stableName, SourceLocation at) {
        this(part, resource, stableName, part.kind() == Part.Kind.GATEWAY ? Optional.of(part.name())
                : Optional.empty(), at);
    }

    /** The same resource changed by the DSL line {@code by}. */
    public Placed withResource(Resource changed, SourceLocation by) {
        return new Placed(part, changed, stableName, gateway, by);
    }
}
