package dev.istiodsl.diff;

import java.util.List;
import java.util.Optional;

/**
 * A resource of an environment that a change adds, removes or changes.
 *
 * @param file   its path inside the environment's folder ({@code base/namespace/payments.yaml})
 * @param kind   its kind, for the summary per kind
 * @param name   {@code namespace/name}, or {@code name} for cluster-scoped resources
 * @param fields for a changed resource, every field that differs; empty for added and removed ones
 * @param crd    for a changed CustomResourceDefinition, its change summarised: what the report shows instead of the
 *               fields of its schema
 */
public record ResourceChange(Type type, String file, String kind, String name, List<FieldChange> fields,
        Optional<CrdChange> crd) {

    public enum Type { ADDED, REMOVED, CHANGED }

    public ResourceChange {
        fields = List.copyOf(fields);
    }

    public ResourceChange(Type type, String file, String kind, String name, List<FieldChange> fields) {
        this(type, file, kind, name, fields, Optional.empty());
    }

    /** Whether the change only moves version labels ({@link VersionLabels}): reports fold it into a count. */
    public boolean onlyVersionLabels() {
        return type == Type.CHANGED && !fields.isEmpty() && fields.stream().allMatch(VersionLabels::is);
    }

    /**
     * The fields a reader is shown one by one: not the version labels (counted apart), nor what the CRD summary
     * stands for.
     */
    public List<FieldChange> shownFields() {
        return fields.stream().filter(f -> !VersionLabels.is(f) && !(crd.isPresent() && CrdChange.summarises(f)))
                .toList();
    }

    /** How many of its fields are version labels. */
    public long versionLabels() {
        return fields.stream().filter(VersionLabels::is).count();
    }
}
