package dev.istiodsl.testing;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.report.Reports;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code istiodsl:compile} as a process of its own, for tests that need a second JVM (another locale or umask, two
 * compiles at once): {@code CompileMain PROJECT CACHE [LOCK-WAIT-SECONDS]}, the mesh in {@code PROJECT/mesh.istiodsl},
 * the tree in {@code PROJECT/deploy/istio}, the reports in {@code PROJECT/target/istiodsl} as the plugin writes them.
 * Prints every diagnostic, one line each, then {@code stage NAME MILLIS} per stage ({@code lock} when it waited for
 * another run); exits 0 when nothing was an error, 1 otherwise.
 */
public final class CompileMain {

    private CompileMain() {
    }

    public static void main(String[] args) {
        Path project = Path.of(args[0]);
        CompileRequest request = new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                Path.of(args[1]), IstioctlOptions.defaults());
        if (args.length > 2) {
            request = request.withLockWait(Duration.ofSeconds(Long.parseLong(args[2])));
        }
        CompileResult result = new Compiler().compile(request);
        Reports.write(project.resolve("target/istiodsl"), result);
        result.diagnostics().forEach(d -> System.out.println(d));
        result.summary().ifPresent(summary -> summary.stageMillis().forEach(stage -> System.out.println("stage "
                + stage.getKey() + " " + stage.getValue())));
        System.exit(result.diagnostics().stream().anyMatch(Diagnostic::isError) ? 1 : 0);
    }
}
