package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.util.ClasspathText;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about each Istio minor line: release and end-of-life dates, supported Kubernetes versions, and the
 * upgrade policy numbers. Read from {@code istiodsl/facts/istio-versions.yaml}, shipped in the stdlib module, so a
 * new Istio release is a data change.
 */
public final class VersionFacts {

    static final String RESOURCE = "istiodsl/facts/istio-versions.yaml";

    /** One minor line. {@code eol} is empty when no end of life is known yet. */
    public record Minor(String line, LocalDate released, Optional<LocalDate> eol, boolean eolApproximate,
            List<KubernetesVersion> kubernetesSupported, List<KubernetesVersion> kubernetesTestedUnsupported,
            KubernetesVersion istioctlMinKubernetes) {

        public Minor {
            kubernetesSupported = List.copyOf(kubernetesSupported);
            kubernetesTestedUnsupported = List.copyOf(kubernetesTestedUnsupported);
        }
    }

    /** How far upgrades may jump (ISTIO.md §4). */
    public record UpgradePolicy(int inPlaceMaxMinorJump, int canaryMaxMinorJump,
            int controlPlaneAheadOfDataPlaneMax) {
    }

    private final Map<String, Minor> minors;
    private final UpgradePolicy policy;

    private VersionFacts(Map<String, Minor> minors, UpgradePolicy policy) {
        this.minors = Collections.unmodifiableMap(new TreeMap<>(minors));
        this.policy = policy;
    }

    /** The facts shipped with the compiler. */
    public static VersionFacts shipped() {
        return parse(ClasspathText.read(RESOURCE, "the stdlib jar"));
    }

    static VersionFacts parse(String text) {
        JsonNode root;
        try {
            root = Yaml.readDocuments(text).get(0);
        } catch (Yaml.Problem e) {
            throw new IllegalStateException(RESOURCE + " is not valid YAML " + e.describe(), e);
        }
        Map<String, Minor> minors = new TreeMap<>();
        root.path("minors").fields().forEachRemaining(entry -> {
            JsonNode m = entry.getValue();
            minors.put(entry.getKey(), new Minor(entry.getKey(), LocalDate.parse(m.path("released").asText()),
                    m.path("eol").isTextual() ? Optional.of(LocalDate.parse(m.path("eol").asText())) : Optional.empty(),
                    m.path("eolApproximate").asBoolean(false), kubernetes(m.path("kubernetesSupported")),
                    kubernetes(m.path("kubernetesTestedUnsupported")),
                    KubernetesVersion.parse(m.path("istioctlMinKubernetes").asText()).orElseThrow()));
        });
        JsonNode p = root.path("upgradePolicy");
        return new VersionFacts(minors, new UpgradePolicy(p.path("inPlaceMaxMinorJump").asInt(),
                p.path("canaryMaxMinorJump").asInt(), p.path("controlPlaneAheadOfDataPlaneMax").asInt()));
    }

    private static List<KubernetesVersion> kubernetes(JsonNode list) {
        List<KubernetesVersion> versions = new ArrayList<>();
        list.forEach(v -> versions.add(KubernetesVersion.parse(v.asText()).orElseThrow()));
        return versions;
    }

    public Optional<Minor> minor(IstioVersion version) {
        return Optional.ofNullable(minors.get(version.minorLine()));
    }

    public UpgradePolicy upgradePolicy() {
        return policy;
    }

    /** Every known minor line, sorted as text. */
    public Map<String, Minor> minors() {
        return minors;
    }
}
