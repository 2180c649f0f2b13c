package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where an environment's settings were written, inherited ones included (in the environment they come from, or the
 * mesh): findings about a tag, a namespace binding, a revision or the Kubernetes version point at that line.
 *
 * @param tags       tag name to its {@code tag} line
 * @param namespaces namespace to its binding inside {@code namespaces { }}
 * @param revisions  revision name to its entry in {@code revisions}
 * @param kubernetes the {@code kubernetes} setting's value, if written in an environment
 */
public record EnvironmentLocations(Map<String, SourceLocation> tags, Map<String, SourceLocation> namespaces,
        Map<String, SourceLocation> revisions, Optional<SourceLocation> kubernetes) {

    public EnvironmentLocations {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        namespaces = Collections.unmodifiableMap(new TreeMap<>(namespaces));
        revisions = Collections.unmodifiableMap(new TreeMap<>(revisions));
    }

    public static EnvironmentLocations none() {
        return new EnvironmentLocations(Map.of(), Map.of(), Map.of(), Optional.empty());
    }
}
