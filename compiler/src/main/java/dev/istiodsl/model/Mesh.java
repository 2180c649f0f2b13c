package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checked, immutable model of a mesh: what every later stage reads. Maps are sorted by name, so iterating them
 * is deterministic.
 *
 * @param sources      display names of every file that went into it, root first
 * @param suppressions the mesh-wide ones, in the order written; each environment has its own as well
 */
public record Mesh(String name, SourceLocation at, Map<String, Revision> revisions, Map<String, Gateway> gateways,
        Map<String, Overlay> overlays, Map<String, Environment> environments, List<String> sources,
        List<Suppression> suppressions) {

    public Mesh {
        revisions = Collections.unmodifiableMap(new TreeMap<>(revisions));
        gateways = Collections.unmodifiableMap(new TreeMap<>(gateways));
        overlays = Collections.unmodifiableMap(new TreeMap<>(overlays));
        environments = Collections.unmodifiableMap(new TreeMap<>(environments));
        sources = List.copyOf(sources);
        suppressions = List.copyOf(suppressions);
    }
}
