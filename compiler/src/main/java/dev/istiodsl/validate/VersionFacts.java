package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.util.ClasspathText;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about each Istio minor line: release and end-of-life dates, supported Kubernetes versions, and the
 * upgrade policy numbers. Read from {@code istiodsl/facts/istio-versions.yaml}, shipped in the stdlib module, so a
 * new Istio release is a data change.
 *
 * <p>The lines have no gap, so a minor the facts do not know is either {@linkplain Coverage#OLDER older} than all of
 * them (an old release whose end of life came before the oldest known line's) or {@linkplain Coverage#NEWER newer}
 * (a release after this compiler's facts were written).
 */
public final class VersionFacts {

    static final String RESOURCE = "istiodsl/facts/istio-versions.yaml";

    /** Minor lines as {@code {major, minor}}, in release order. */
    private static final Comparator<int[]> BY_NUMBER = Comparator.<int[]>comparingInt(n -> n[0])
            .thenComparingInt(n -> n[1]);

    /** One minor line. {@code eol} is empty when no end of life is known yet. */
    public record Minor(String line, LocalDate released, Optional<LocalDate> eol, boolean eolApproximate,
            List<KubernetesVersion> kubernetesSupported, List<KubernetesVersion> kubernetesTestedUnsupported,
            KubernetesVersion istioctlMinKubernetes) {

        public Minor {
            kubernetesSupported = List.copyOf(kubernetesSupported);
            kubernetesTestedUnsupported = List.copyOf(kubernetesTestedUnsupported);
        }
    }

    /** Where a version's minor line falls against the known lines. */
    public enum Coverage {
        /** One of the known lines. */
        KNOWN,
        /** Before the oldest known line: it reached end of life before that line did. */
        OLDER,
        /** After the newest known line: a release the facts were written too early to know. */
        NEWER
    }

    /** How far upgrades may jump (ISTIO.md §4). */
    public record UpgradePolicy(int inPlaceMaxMinorJump, int canaryMaxMinorJump,
            int controlPlaneAheadOfDataPlaneMax) {
    }

    private final Map<String, Minor> minors;
    private final UpgradePolicy policy;
    private final Minor oldest;
    private final Minor newest;

    private VersionFacts(Map<String, Minor> minors, UpgradePolicy policy) {
        this.minors = Collections.unmodifiableMap(new TreeMap<>(minors));
        this.policy = policy;
        if (minors.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " knows no Istio minor line");
        }
        List<String> lines = minors.keySet().stream()
                .sorted(Comparator.comparing(VersionFacts::numbers, BY_NUMBER)).toList();
        for (int i = 1; i < lines.size(); i++) {
            int[] before = numbers(lines.get(i - 1));
            int[] after = numbers(lines.get(i));
            boolean sameMajor = before[0] == after[0];
            int[] next = sameMajor ? new int[] {before[0], before[1] + 1} : new int[] {before[0] + 1, 0};
            if (BY_NUMBER.compare(next, after) != 0) {
                throw new IllegalStateException(RESOURCE + " has no Istio " + next[0] + "." + next[1] + " between "
                        + lines.get(i - 1) + " and " + lines.get(i) + ": the lines must have no gap");
            }
        }
        this.oldest = minors.get(lines.get(0));
        this.newest = minors.get(lines.get(lines.size() - 1));
    }

    private static int[] numbers(String line) {
        String[] parts = line.split("\\.");
        if (parts.length != 2) {
            throw new IllegalStateException(RESOURCE + ": '" + line + "' is not a minor line like 1.22");
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalStateException(RESOURCE + ": '" + line + "' is not a minor line like 1.22", e);
        }
    }

    /** The facts shipped with the compiler. */
    public static VersionFacts shipped() {
        return parse(ClasspathText.read(RESOURCE, "the stdlib jar"));
    }

    static VersionFacts parse(String text) {
        JsonNode root = Yaml.shippedDocument(text, RESOURCE);
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

    /** Whether the facts know {@code version}'s line, or it is older or newer than every line they know. */
    public Coverage coverage(IstioVersion version) {
        if (minors.containsKey(version.minorLine())) {
            return Coverage.KNOWN;
        }
        int[] line = {version.major(), version.minor()};
        return BY_NUMBER.compare(line, numbers(oldest.line())) < 0 ? Coverage.OLDER : Coverage.NEWER;
    }

    /** The oldest line the facts know; every older line reached end of life before it. */
    public Minor oldest() {
        return oldest;
    }

    /** The newest line the facts know. */
    public Minor newest() {
        return newest;
    }

    public UpgradePolicy upgradePolicy() {
        return policy;
    }

    /** Every known minor line, sorted as text. */
    public Map<String, Minor> minors() {
        return minors;
    }
}
