package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.RunLog;
import dev.istiodsl.compiler.Settings;
import dev.istiodsl.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What the compiling commands share, as the Maven goals share {@code AbstractIstiodslMojo}: the settings into a
 * request, the findings per environment (or the JSON report), the reports written, and the exit code.
 */
abstract class CompilingCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (options.skip) {
            err().println("istiodsl: skipped (--skip)");
            return ExitCodes.CLEAN;
        }
        CompileRequest request;
        try {
            request = options.settings(expands()).request();
        } catch (Settings.Invalid e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return run(request);
    }

    /** Whether the command expands the revisions: validate may check the DSL alone. */
    boolean expands() {
        return true;
    }

    /** The command itself: run the compiler, then {@link #report}. */
    abstract int run(CompileRequest request) throws Exception;

    /** Prints the findings (or the JSON report), writes the reports, and says whether anything is an error. */
    final int report(CompileRequest request, CompileResult result) {
        if (options.output == SettingsOptions.Output.json) {
            out().print(Reports.json(result));
            out().flush();
        } else {
            RunLog.findings(result).forEach(this::print);
        }
        if (options.reportDirectory != null && !options.reportDirectory.isBlank()) {
            Path directory = new Settings(Path.of("")).resolve(options.reportDirectory);
            Reports.write(directory, result).forEach(written -> print(RunLog.info("report " + written)));
        }
        print(RunLog.totals(request, result));
        if (result.hasErrors()) {
            err().println(RunLog.failure(request, result));
            return ExitCodes.ERRORS;
        }
        return ExitCodes.CLEAN;
    }

    /** A line of the run: on standard output, or on standard error when standard output carries the JSON report. */
    final void print(RunLog.Line line) {
        PrintWriter to = options.output == SettingsOptions.Output.json ? err() : out();
        to.println(line.text());
        to.flush();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
