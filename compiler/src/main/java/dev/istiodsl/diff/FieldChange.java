package dev.istiodsl.diff;

import java.util.List;

/**
 * One field that differs between two versions of a resource.
 *
 * @param path   where, readably: {@code spec.template.spec.containers[name=discovery].env[name=X].value}
 * @param before the old value as compact YAML-ish text, or null when the field is new
 * @param after  the new value, or null when the field is gone
 * @param lines  for a multi-line string that changed (an injector template, a mesh config, a block scalar), its
 *               unified line diff: {@code @@} hunks with context, lines starting with {@code ' '}, {@code -} or
 *               {@code +}; empty otherwise
 */
public record FieldChange(String path, String before, String after, List<String> lines) {

    public FieldChange {
        lines = List.copyOf(lines);
    }

    /** A change shown by its values alone. */
    public FieldChange(String path, String before, String after) {
        this(path, before, after, List.of());
    }

    public boolean added() {
        return before == null;
    }

    public boolean removed() {
        return after == null;
    }

    /** Whether the change is shown as a line diff. */
    public boolean isText() {
        return !lines.isEmpty();
    }

    /** Lines the line diff adds. */
    public long linesAdded() {
        return lines.stream().filter(l -> l.startsWith("+")).count();
    }

    /** Lines the line diff removes. */
    public long linesRemoved() {
        return lines.stream().filter(l -> l.startsWith("-")).count();
    }
}
