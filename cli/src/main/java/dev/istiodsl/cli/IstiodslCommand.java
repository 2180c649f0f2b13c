package dev.istiodsl.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code istiodsl}: the commands, their generated help, and the one place exceptions become exit codes. */
@Command(name = "istiodsl", mixinStandardHelpOptions = true, versionProvider = IstiodslCommand.Version.class,
        description = "Compiles .istiodsl files into a reviewable Istio tree, checks, diffs, promotes and formats them.",
        subcommands = {CompileCommand.class, ValidateCommand.class, VerifyCommand.class, DiffCommand.class,
                PromoteCommand.class, FmtCommand.class, LspCommand.class, AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing is an error", "1:errors found (or files not formatted)",
                "2:usage error", "3:internal error (one line, and the path of a log with the trace)"})
public final class IstiodslCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: compile, validate, verify,"
                + " diff, promote, fmt or lsp");
    }

    /** The command line with istiodsl's exit codes and its handling of bugs. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new IstiodslCommand());
        line.setExecutionExceptionHandler(IstiodslCommand::internalError);
        line.setParameterExceptionHandler(IstiodslCommand::usageError);
        line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return line;
    }

    /** A usage error: the message and where help is, not the whole help text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Runs the command line; even an {@link Error} out of a command becomes one line and a log file. */
    static int run(CommandLine line, String... args) {
        try {
            return line.execute(args);
        } catch (Error e) {
            return internalError(e, line, args);
        }
    }

    private static int internalError(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        return internalError(e, line, parsed.originalArgs().toArray(String[]::new));
    }

    /** Anything thrown out of a command is a bug or an I/O failure: one line, and the trace in a log file. */
    private static int internalError(Throwable e, CommandLine line, String[] args) {
        String what = e instanceof IOException || e instanceof UncheckedIOException ? "I/O failure" : "internal error";
        String where;
        try {
            Path log = Files.createTempFile("istiodsl-", ".log");
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            Files.writeString(log, "istiodsl " + new Version().getVersion()[0] + ": " + String.join(" ", args) + "\n" + trace, StandardCharsets.UTF_8);
            where = "the trace is in " + log;
        } catch (IOException | RuntimeException logFailed) {
            where = "no log could be written (" + logFailed.getMessage() + ")";
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
        line.getErr().println("istiodsl: " + what + ": " + message + "; " + where
                + (what.equals("internal error") ? " (a bug in istiodsl: please report it with that file)" : ""));
        line.getErr().flush();
        return ExitCodes.INTERNAL;
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = IstiodslCommand.class.getPackage().getImplementationVersion();
            return new String[] {version == null ? "development" : version};
        }
    }
}
