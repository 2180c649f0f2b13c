package dev.istiodsl.cli;

import dev.istiodsl.compiler.Formatting;
import dev.istiodsl.compiler.RunLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code istiodsl fmt [--check] FILES...}: {@code mvn istiodsl:format} without Maven. */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Rewrites .istiodsl files in the canonical layout (see the README's Formatting section);"
                + " with --check, only names the files that are not, and fails.")
final class FmtCommand implements Callable<Integer> {

    @Option(names = {"--check", "--format.check"},
            description = "Write nothing; exit 1 when a file is not formatted (for CI).")
    boolean check;

    @Parameters(paramLabel = "FILES", arity = "0..*",
            description = ".istiodsl files, or folders to format every .istiodsl file under (default: the working"
                    + " directory; target/, node_modules/ and hidden folders are skipped).")
    List<Path> files = List.of(Path.of("."));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "istiodsl fmt: " + file
                        + " does not exist");
            }
        }
        Formatting.Outcome outcome = Formatting.format(files, Path.of(""), check);
        PrintWriter out = spec.commandLine().getOut();
        RunLog.findings(outcome.result()).forEach(line -> out.println(line.text()));
        for (String file : outcome.unformatted()) {
            out.println(check ? "istiodsl: not formatted: " + file : "istiodsl: formatted " + file);
        }
        if (outcome.result().hasErrors()) {
            out.println("istiodsl: files with syntax errors were left as they are");
        }
        if (check && !outcome.unformatted().isEmpty()) {
            out.println("istiodsl: " + outcome.unformatted().size() + " file" + (outcome.unformatted().size() == 1
                    ? " is" : "s are") + " not formatted: run istiodsl fmt");
        }
        out.flush();
        return outcome.result().hasErrors() || check && !outcome.unformatted().isEmpty() ? ExitCodes.ERRORS
                : ExitCodes.CLEAN;
    }
}
