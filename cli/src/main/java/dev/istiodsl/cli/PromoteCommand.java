package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import dev.istiodsl.promote.Promoter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code istiodsl promote --from preprod --to prod}: {@code mvn istiodsl:promote} without Maven. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Rewrites the mesh file so one environment runs what the one before it runs, then compiles;"
                + " nothing is written when that fails.")
final class PromoteCommand extends CompilingCommand {

    @Option(names = "--from", required = true, paramLabel = "ENV",
            description = "The environment whose revisions and tags are promoted.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV",
            description = "The environment promoted: the one after --from in the promotion chain.")
    String to;

    @Option(names = "--tag", paramLabel = "TAG", description = "Promote only this tag (default: everything).")
    String tag;

    @Override
    int run(CompileRequest request) {
        Optional<String> oneTag = Optional.ofNullable(tag).map(String::strip).filter(t -> !t.isEmpty());
        Compiler.PromoteOutcome outcome = new Compiler().promote(request, new Promoter.Request(from.strip(),
                to.strip(), oneTag));
        outcome.plan().ifPresent(plan -> {
            plan.changes().forEach(change -> print(RunLog.info("promote " + to + ": " + change)));
            plan.leftAlone().forEach(alone -> print(RunLog.info("promote " + to + ": left alone: " + alone)));
        });
        int code = report(request, outcome.result());
        if (outcome.written()) {
            print(RunLog.info(request.projectDirectory().relativize(request.meshFile()) + " rewritten and compiled"
                    + " into " + request.outputDirectory() + ": review and commit both"));
        }
        return code;
    }
}
