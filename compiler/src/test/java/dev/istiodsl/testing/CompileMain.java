package dev.istiodsl.testing;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.diag.Diagnostic;

import java.nio.file.Path;

/**
 * {@code istiodsl:compile} as a process of its own, for tests that need a second JVM (another locale, two compiles at
 * once): {@code CompileMain PROJECT CACHE}, the mesh in {@code PROJECT/mesh.istiodsl}, the tree in
 * {@code PROJECT/deploy/istio}. Prints every diagnostic, one line each; exits 0 when nothing was an error, 1 otherwise.
 */
public final class CompileMain {

    private CompileMain() {
    }

    public static void main(String[] args) {
        Path project = Path.of(args[0]);
        CompileRequest request = new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                Path.of(args[1]), IstioctlOptions.defaults());
        CompileResult result = new Compiler().compile(request);
        result.diagnostics().forEach(d -> System.out.println(d));
        System.exit(result.diagnostics().stream().anyMatch(Diagnostic::isError) ? 1 : 0);
    }
}
