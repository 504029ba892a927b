package dev.tierpack.cli;

/** Exit statuses of every tierpack command (documented in README.md). */
public final class ExitCode {
    /** Everything done, nothing wrong found. */
    public static final int OK = 0;
    /** The command ran but found problems (corrupt or quarantined objects, failed verification). */
    public static final int PROBLEMS = 1;
    /** Bad usage or configuration: nothing was done. */
    public static final int USAGE = 2;
    /** The command could not complete (I/O failure, unreachable endpoint); safe to rerun. */
    public static final int FAILED = 3;

    private ExitCode() {}
}
