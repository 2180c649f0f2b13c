package dev.istiodsl.compiler;

import dev.istiodsl.bind.Binder;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.source.SourceSet;

/**
 * The compiler's one face: a request in, a result out. Stages are composed here per goal; none of them prints,
 * exits or throws for a user mistake.
 */
public final class Compiler {

    /** Parses and binds the mesh: every syntax and binding problem, all at once. */
    public CompileResult validate(CompileRequest request) {
        Diagnostics diagnostics = new Diagnostics();
        SourceSet sources = new SourceSet();
        var mesh = new Binder(request.projectDirectory(), sources, diagnostics).bind(request.meshFile());
        boolean failed = diagnostics.hasErrors();
        return new CompileResult(failed ? java.util.Optional.empty() : mesh, diagnostics.sorted(), sources);
    }
}
