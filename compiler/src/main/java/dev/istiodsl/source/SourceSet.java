package dev.istiodsl.source;

import dev.istiodsl.diag.DiagnosticRenderer;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every source file a run read, by display name: what the contextual diagnostic rendering quotes from. */
public final class SourceSet {

    private final Map<String, SourceFile> files = new LinkedHashMap<>();
    private final Map<String, String[]> lines = new LinkedHashMap<>();
    private final java.util.SortedMap<String, String> data = new java.util.TreeMap<>();

    public void add(SourceFile file) {
        files.put(file.displayName(), file);
        lines.put(file.displayName(), file.lines());
    }

    public Optional<SourceFile> get(String displayName) {
        return Optional.ofNullable(files.get(displayName));
    }

    public Collection<SourceFile> files() {
        return Collections.unmodifiableCollection(files.values());
    }

    /** Records files the DSL names (operator, patch, resource files) by display name and SHA-256. */
    public void addData(Map<String, String> digests) {
        data.putAll(digests);
    }

    /** Display name to SHA-256 of every file the sources named and the binder read. */
    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    public DiagnosticRenderer.LineLookup lineLookup() {
        return DiagnosticRenderer.LineLookup.of(name -> Optional.ofNullable(lines.get(name)));
    }
}
