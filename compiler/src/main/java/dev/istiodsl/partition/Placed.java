package dev.istiodsl.partition;

import dev.istiodsl.resource.Resource;

import java.util.Optional;

/**
 * A resource and the part of the environment it lands in.
 *
 * @param stableName the name without its revision ({@code istiod} for {@code istiod-1-22-8}): what overlay selectors
 *                   match, so overlays survive upgrades
 * @param gateway    the declared gateway the resource belongs to, for {@code gateway G} selectors: its objects in
 *                   {@code gateways/G/<rev>}, and its one Service in {@code base}
 */
public record Placed(Part part, Resource resource, String stableName, Optional<String> gateway) {

    /** A resource that belongs to a gateway only when it lands in that gateway's part. */
    public Placed(Part part, Resource resource, String stableName) {
        this(part, resource, stableName, part.kind() == Part.Kind.GATEWAY ? Optional.of(part.name())
                : Optional.empty());
    }

    public Placed withResource(Resource changed) {
        return new Placed(part, changed, stableName, gateway);
    }
}
