package dev.istiodsl.cli;

/** The exit codes every command keeps to, so scripts and CI can tell a finding from a mistake from a bug. */
public final class ExitCodes {

    /** Nothing is an error. */
    public static final int CLEAN = 0;
    /** The sources have errors, the tree is stale, or files are not formatted. */
    public static final int ERRORS = 1;
    /** The command line itself is wrong: an unknown option, a missing file, a setting that cannot be read. */
    public static final int USAGE = 2;
    /** A bug or an I/O failure: one line on standard error, the trace in a log file it names. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
