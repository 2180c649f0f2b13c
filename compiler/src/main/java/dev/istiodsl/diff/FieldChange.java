package dev.istiodsl.diff;

/**
 * One field that differs between two versions of a resource.
 *
 * @param path   where, readably: {@code spec.template.spec.containers[name=discovery].env[name=X].value}
 * @param before the old value as compact YAML-ish text, or null when the field is new
 * @param after  the new value, or null when the field is gone
 */
public record FieldChange(String path, String before, String after) {

    public boolean added() {
        return before == null;
    }

    public boolean removed() {
        return after == null;
    }
}
