package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.DiagnosticRenderer;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.source.SourceSet;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run: the bound model when there was no error, every diagnostic sorted, and the sources read (so
 * diagnostics can be shown with their source line). Diagnostics leave the compiler here, and so pass through the
 * sources' {@link dev.istiodsl.diag.Redaction}: none holds a Secret value the run met, whatever stage wrote it.
 */
public record CompileResult(Optional<Mesh> mesh, List<Diagnostic> diagnostics, SourceSet sources,
        Optional<CompileSummary> summary) {

    public CompileResult {
        diagnostics = List.copyOf(sources == null ? diagnostics : sources.redaction().mask(diagnostics));
    }

    public CompileResult(Optional<Mesh> mesh, List<Diagnostic> diagnostics, SourceSet sources) {
        this(mesh, diagnostics, sources, Optional.empty());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }

    /** A diagnostic as people read it: the source line, a caret under the column, the hint. */
    public String render(Diagnostic diagnostic) {
        return DiagnosticRenderer.forPeople(diagnostic, sources.lineLookup());
    }
}
