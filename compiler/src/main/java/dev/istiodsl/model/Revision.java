package dev.istiodsl.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.SourceLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One control plane: a name users see in labels, the Istio version that expands it, and everything that goes into
 * its IstioOperator (or, rendered from Helm charts, its values). JSON values are shared, never modified: copy before
 * changing them.
 *
 * @param operator     an IstioOperator file to start from, read with the place of each field
 * @param manifest     an already generated manifest used instead of running istioctl
 * @param charts       Istio's Helm charts rendered in-process instead of running istioctl
 * @param components   {@code component NAME { ... }} settings by component name, in source order
 */
public record Revision(String name, SourceLocation at, IstioVersion istio, String profile,
        Optional<OperatorFile> operator, Optional<ManifestFile> manifest, Optional<HelmCharts> charts, Optional<String> hub,
        ObjectNode values, ObjectNode meshConfig, Map<String, ObjectNode> components, List<SetOverride> sets) {

    public Revision {
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
        sets = List.copyOf(sets);
    }

    /** The profile given as a file (absolute, inside the project), which istioctl reads; empty for a profile's name. */
    public Optional<Path> profileFile() {
        return isProfileFile(profile) ? Optional.of(Path.of(profile)) : Optional.empty();
    }

    /** Whether {@code profile} names a file (a YAML one) rather than one of Istio's profiles. */
    public static boolean isProfileFile(String profile) {
        return profile.endsWith(".yaml") || profile.endsWith(".yml");
    }

    /** The IstioOperator file to start from (absolute, inside the project), handed to istioctl as it is. */
    public Optional<Path> operatorFile() {
        return operator.map(OperatorFile::path);
    }
}
