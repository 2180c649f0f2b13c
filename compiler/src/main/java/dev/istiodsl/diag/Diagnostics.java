package dev.istiodsl.diag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the diagnostics of a stage; stages report every problem they find and carry on. */
public final class Diagnostics {

    private final List<Diagnostic> all = new ArrayList<>();

    public void add(Diagnostic diagnostic) {
        all.add(diagnostic);
    }

    public void addAll(Collection<Diagnostic> diagnostics) {
        all.addAll(diagnostics);
    }

    public void error(String id, SourceLocation at, String message, String hint) {
        add(Diagnostic.error(id, at, message, hint));
    }

    public void warning(String id, SourceLocation at, String message, String hint) {
        add(Diagnostic.warning(id, at, message, hint));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    /** Sorted, without exact repeats (two routes to the same mistake report it once). */
    public List<Diagnostic> sorted() {
        return all.stream().distinct().sorted().toList();
    }
}
