package dev.istiodsl.partition;

import dev.istiodsl.resource.Resource;

/**
 * A resource and the part of the environment it lands in.
 *
 * @param stableName the name without its revision ({@code istiod} for {@code istiod-1-22-8}): what overlay selectors
 *                   match, so overlays survive upgrades
 */
public record Placed(Part part, Resource resource, String stableName) {

    public Placed withResource(Resource changed) {
        return new Placed(part, changed, stableName);
    }
}
