package dev.istiodsl.diag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the diagnostics of a stage; stages report every problem they find and carry on. A view made with
 * {@link #in} adds to the same collection, marking what it adds as about one environment (or one cluster's, see
 * {@link #sorted}).
 */
public final class Diagnostics {

    private final List<Diagnostic> all;
    private final String environment;

    public Diagnostics() {
        this(new ArrayList<>(), null);
    }

    private Diagnostics(List<Diagnostic> all, String environment) {
        this.all = all;
        this.environment = environment;
    }

    /** The same collection, for the stages that work on one environment at a time. */
    public Diagnostics in(String environmentName) {
        return new Diagnostics(all, environmentName);
    }

    public void add(Diagnostic diagnostic) {
        all.add(environment != null && diagnostic.environment() == null ? diagnostic.in(environment) : diagnostic);
    }

    public void addAll(Collection<Diagnostic> diagnostics) {
        diagnostics.forEach(this::add);
    }

    public void error(String id, SourceLocation at, String message, String hint) {
        add(Diagnostic.error(id, at, message, hint));
    }

    public void warning(String id, SourceLocation at, String message, String hint) {
        add(Diagnostic.warning(id, at, message, hint));
    }

    public void note(String id, SourceLocation at, String message, String hint) {
        add(new Diagnostic(id, Severity.NOTE, at, message, hint, null));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * Sorted, without exact repeats (two routes to the same mistake report it once). A cluster checked as an
     * environment of its own ({@link ClusterScope}) finds again what its environment finds: such a finding (same id,
     * severity, place and words but for the name) is reported once, for the environment; one only the cluster has is
     * reported about the environment, naming the cluster.
     */
    public List<Diagnostic> sorted() {
        Set<Diagnostic> known = new HashSet<>(all);
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : all) {
            Optional<ClusterScope> cluster = ClusterScope.of(d.environment());
            if (cluster.isEmpty()) {
                out.add(d);
            } else if (!known.contains(cluster.get().asEnvironments(d))) {
                out.add(cluster.get().naming(d));
            }
        }
        return out.stream().distinct().sorted().toList();
    }
}
