package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import picocli.CommandLine.Command;

/** {@code istiodsl compile}: {@code mvn istiodsl:compile} without Maven. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Expands every revision, partitions, applies overlays, validates, and swaps the tree in when"
                + " nothing is an error.")
final class CompileCommand extends CompilingCommand {

    @Override
    int run(CompileRequest request) {
        CompileResult result = new Compiler().compile(request);
        result.summary().ifPresent(summary -> RunLog.compiled(request, summary).forEach(this::print));
        return report(request, result);
    }
}
