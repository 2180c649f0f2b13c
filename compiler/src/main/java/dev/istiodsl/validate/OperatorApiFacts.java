package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.util.ClasspathText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the IstioOperator API accepts per release, shipped in the stdlib ({@value #RESOURCE}): fields removed from the
 * schema, and the {@code compatibilityVersion} values each minor takes. A new Istio release is a data change.
 */
public final class OperatorApiFacts {

    static final String RESOURCE = "istiodsl/facts/istio-operator-api.yaml";
    private static final Pattern MINOR_LINE = Pattern.compile("\\d+\\.\\d+");

    /**
     * A removed field: its IstioOperator path ({@code a.b}, or {@code a.b.*} for the field and everything below it), the
     * first minor without it, what to use instead, and the paths below it that the same release kept ({@code except},
     * same syntax). An object on the way to a kept path is kept too: {@code values.global.sds} outlives most of what
     * was in it because {@code values.global.sds.token} is still there.
     */
    public record Removed(String path, String removedIn, String instead, List<String> except) {

        public Removed {
            except = List.copyOf(except);
        }

        public Removed(String path, String removedIn, String instead) {
            this(path, removedIn, instead, List.of());
        }

        /** Whether {@code written}, an IstioOperator path, is this field or (for {@code a.*}) below it, and not kept. */
        public boolean covers(String written) {
            return matches(path, written) && except.stream().noneMatch(kept -> matches(kept, written)
                    || kept.startsWith(written + "."));
        }

        private static boolean matches(String pattern, String written) {
            if (pattern.endsWith(".*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                return written.equals(prefix) || written.startsWith(prefix + ".");
            }
            return written.equals(pattern);
        }

        /** Whether Istio {@code version} no longer has the field. */
        public boolean goneIn(IstioVersion version) {
            String[] parts = removedIn.split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return version.major() > major || version.major() == major && version.minor() >= minor;
        }
    }

    private final List<Removed> removed;
    private final Map<String, List<String>> compatibility;

    private OperatorApiFacts(List<Removed> removed, Map<String, List<String>> compatibility) {
        this.removed = List.copyOf(removed);
        this.compatibility = compatibility;
    }

    public static OperatorApiFacts shipped() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final OperatorApiFacts INSTANCE = parse(ClasspathText.read(RESOURCE, "the stdlib jar"));
    }

    static OperatorApiFacts parse(String text) {
        JsonNode root = Yaml.shippedDocument(text, RESOURCE);
        List<Removed> removed = new ArrayList<>();
        for (JsonNode entry : root.path("removed")) {
            String path = entry.path("path").asText();
            String removedIn = entry.path("removedIn").asText();
            if (!MINOR_LINE.matcher(removedIn).matches()) {
                throw new IllegalStateException(RESOURCE + ": " + path + " has removedIn '" + removedIn
                        + "', which is not a minor line like 1.22");
            }
            List<String> except = new ArrayList<>();
            for (JsonNode kept : entry.path("except")) {
                String below = path.endsWith(".*") ? path.substring(0, path.length() - 1) : path + ".";
                if (!kept.asText().startsWith(below)) {
                    throw new IllegalStateException(RESOURCE + ": " + path + " keeps " + kept.asText()
                            + ", which is not below it");
                }
                except.add(kept.asText());
            }
            removed.add(new Removed(path, removedIn, entry.path("instead").asText(), except));
        }
        Map<String, List<String>> compatibility = new TreeMap<>();
        root.path("compatibilityVersions").fields().forEachRemaining(e -> {
            List<String> accepted = new ArrayList<>();
            e.getValue().forEach(v -> accepted.add(v.asText()));
            compatibility.put(e.getKey(), List.copyOf(accepted));
        });
        return new OperatorApiFacts(removed, compatibility);
    }

    /** The removed field an IstioOperator path falls under in {@code version}, if any. */
    public Optional<Removed> removedAt(String path, IstioVersion version) {
        return removed.stream().filter(r -> r.covers(path) && r.goneIn(version)).findFirst();
    }

    /** The compatibilityVersion values a minor accepts; empty when the minor is not known (or predates the field). */
    public Optional<List<String>> compatibilityVersions(IstioVersion version) {
        return Optional.ofNullable(compatibility.get(version.minorLine()));
    }
}
