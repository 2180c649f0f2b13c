package dev.istiodsl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An istioctl {@code --set} path: dot-separated keys with list forms {@code [0]}, {@code [key:value]} and
 * {@code [:value]}; a dot inside a key is escaped as {@code \.}.
 */
public record SetPath(List<Segment> segments) {

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern KEY_SELECTOR = Pattern.compile("\\[([^\\[\\]:]*):([^\\[\\]]*)]");

    public SetPath {
        segments = List.copyOf(segments);
    }

    /** One step of the path. */
    public sealed interface Segment {
        /** A map key. */
        record Key(String name) implements Segment {
        }

        /** A list index, {@code [0]}. */
        record Index(int index) implements Segment {
        }

        /** A list element chosen by a key's value, {@code [name:x]}; an empty key selects a scalar item. */
        record Select(String key, String value) implements Segment {
        }
    }

    /** The first key: the IstioOperator spec field the path starts at. */
    public String root() {
        return segments.get(0) instanceof Segment.Key key ? key.name() : "";
    }

    /**
     * Whether a revision rendered from Helm charts can apply this path. Charts take values, not an IstioOperator, so
     * the path must start at a spec field with a Helm value ({@code values}, {@code meshConfig}, {@code hub},
     * {@code tag}) and be keys only: list steps are resolved by istioctl against its profile, which charts lack.
     */
    /**
     * {@code components.cni.enabled} and {@code components.cni.namespace}: not Helm values, but which chart releases a
     * revision rendered from charts gets, and where.
     */
    public boolean choosesChartRelease() {
        String path = toString();
        return path.equals("components.cni.enabled") || path.equals("components.cni.namespace");
    }

    public boolean mapsToHelmValues() {
        return (Set.of("values", "meshConfig", "hub", "tag").contains(root())
                || root().equals("compatibilityVersion") && segments.size() == 1)
                && segments.stream().allMatch(Segment.Key.class::isInstance);
    }

    /**
     * Reads a path, or explains what is wrong with it.
     *
     * @return the path, or the reason it is malformed
     */
    public static Parsed parse(String text) {
        if (text.isEmpty()) {
            return Parsed.failure("the path is empty");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '.') {
                current.append('.');
                i++;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isEmpty()) {
                return Parsed.failure("segment " + (i + 1) + " is empty (two dots in a row, or a dot at an end)");
            }
            var index = INDEX.matcher(part);
            var select = KEY_SELECTOR.matcher(part);
            if (index.matches()) {
                try {
                    segments.add(new Segment.Index(Integer.parseInt(index.group(1))));
                } catch (NumberFormatException e) {
                    return Parsed.failure("the index " + index.group(1) + " is out of range (at most "
                            + Integer.MAX_VALUE + ")");
                }
            } else if (select.matches()) {
                segments.add(new Segment.Select(select.group(1), select.group(2)));
            } else if (part.indexOf('[') >= 0 || part.indexOf(']') >= 0) {
                return Parsed.failure("'" + part + "' is not a key, an index [N] or a selector [key:value]");
            } else {
                segments.add(new Segment.Key(part));
            }
        }
        if (!(segments.get(0) instanceof Segment.Key)) {
            return Parsed.failure("a path starts with a field name, not a list element");
        }
        return new Parsed(Optional.of(new SetPath(segments)), null);
    }

    /** The result of {@link #parse}: a path, or why there is none. */
    public record Parsed(Optional<SetPath> path, String problem) {
        static Parsed failure(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            if (segment instanceof Segment.Key key) {
                out.append(key.name().replace(".", "\\."));
            } else if (segment instanceof Segment.Index index) {
                out.append('[').append(index.index()).append(']');
            } else if (segment instanceof Segment.Select select) {
                out.append('[').append(select.key()).append(':').append(select.value()).append(']');
            }
        }
        return out.toString();
    }
}
