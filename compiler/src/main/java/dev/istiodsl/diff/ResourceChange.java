package dev.istiodsl.diff;

import java.util.List;

/**
 * A resource of an environment that a change adds, removes or changes.
 *
 * @param file   its path inside the environment's folder ({@code base/namespace/payments.yaml})
 * @param kind   its kind, for the summary per kind
 * @param name   {@code namespace/name}, or {@code name} for cluster-scoped resources
 * @param fields for a changed resource, every field that differs; empty for added and removed ones
 */
public record ResourceChange(Type type, String file, String kind, String name, List<FieldChange> fields) {

    public enum Type { ADDED, REMOVED, CHANGED }

    public ResourceChange {
        fields = List.copyOf(fields);
    }
}
