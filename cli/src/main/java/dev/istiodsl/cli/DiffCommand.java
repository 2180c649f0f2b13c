package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.RunLog;
import dev.istiodsl.compiler.Settings;
import dev.istiodsl.diff.TreeDiff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code istiodsl diff}: {@code mvn istiodsl:diff} without Maven. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compiles in memory and compares with the tree committed at a git ref; writes a Markdown"
                + " report for the pull request.")
final class DiffCommand extends CompilingCommand {

    @Option(names = "--diff.base", paramLabel = "REF", defaultValue = "HEAD",
            description = "The commit to compare with (default: ${DEFAULT-VALUE}; origin/main in CI).")
    String base;

    @Option(names = "--diff.revisions", paramLabel = "A,B",
            description = "Compare revision A with revision B of one environment instead of comparing with git.")
    String revisions;

    @Option(names = "--diff.environment", paramLabel = "ENV",
            description = "With --diff.revisions: the environment (default: the first that runs both).")
    String environment;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "target/istiodsl/report.md",
            description = "The Markdown report; empty to write none (default: ${DEFAULT-VALUE}).")
    String markdown;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Colour in the output (default: ${DEFAULT-VALUE}).")
    String color;

    @Override
    int run(CompileRequest request) {
        Compiler.DiffOutcome outcome;
        try {
            outcome = new Compiler().diff(request, base, revisions, environment);
        } catch (Settings.Invalid e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (outcome.diff().isPresent()) {
            TreeDiff diff = outcome.diff().get();
            RunLog.diff(diff, RunLog.colour(color)).forEach(this::print);
            if (markdown != null && !markdown.isBlank()) {
                Path file = new Settings(Path.of("")).resolve(markdown);
                print(RunLog.info("report " + RunLog.writeDiffReport(file, diff, outcome.result(),
                        request.reportBudget())));
            }
        }
        return report(request, outcome.result());
    }
}
