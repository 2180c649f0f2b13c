package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import picocli.CommandLine.Command;

/** {@code istiodsl verify}: {@code mvn istiodsl:verify} without Maven. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Fails when the tree on disk is not what the sources compile to (stale, or edited by hand).")
final class VerifyCommand extends CompilingCommand {

    @Override
    int run(CompileRequest request) {
        CompileResult result = new Compiler().verify(request);
        result.summary().ifPresent(summary -> print(RunLog.verified(summary)));
        int code = report(request, result);
        if (code == ExitCodes.CLEAN) {
            print(RunLog.info(request.outputDirectory() + " is what the sources compile to"));
        }
        return code;
    }
}
