package dev.istiodsl.source;

import dev.istiodsl.diag.DiagnosticRenderer;
import dev.istiodsl.diag.Redaction;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every source file a run read, by display name: what the contextual diagnostic rendering quotes from, masked by the
 * run's {@link Redaction} (the Secret values it met), which it carries for every later stage.
 */
public final class SourceSet {

    private final Map<String, SourceFile> files = new LinkedHashMap<>();
    private final Map<String, String[]> lines = new LinkedHashMap<>();
    private final java.util.SortedMap<String, String> data = new java.util.TreeMap<>();
    private final Redaction redaction = new Redaction();

    public void add(SourceFile file) {
        files.put(file.displayName(), file);
        lines.put(file.displayName(), file.lines());
    }

    /**
     * Records the text of a data file the DSL names (an IstioOperator file) whose lines diagnostics point into, so the
     * contextual rendering can quote them; it is not a source file of the mesh.
     */
    public void quote(String displayName, String text) {
        lines.putIfAbsent(displayName, new SourceFile(displayName, Optional.empty(), text).lines());
    }

    /** Whether a line the rendering may quote, of a source or of a quoted data file, shows this text (unmasked). */
    public boolean quotes(String text) {
        return lines.values().stream().anyMatch(quoted -> String.join("\n", quoted).contains(text));
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

    /** The Secret values the run met, which no output may show. */
    public Redaction redaction() {
        return redaction;
    }

    /** The source lines, Secret values masked. */
    public DiagnosticRenderer.LineLookup lineLookup() {
        return redaction.lines(DiagnosticRenderer.LineLookup.of(name -> Optional.ofNullable(lines.get(name))));
    }
}
