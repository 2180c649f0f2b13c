package dev.istiodsl.cli;

/** {@code java -jar istiodsl.jar ...}: runs the command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // JGit logs through SLF4J; with no logger bound, SLF4J would warn about it on every run.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(IstiodslCommand.run(IstiodslCommand.commandLine(), args));
    }
}
