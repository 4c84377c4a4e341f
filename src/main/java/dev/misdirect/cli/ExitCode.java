package dev.misdirect.cli;

/** Exit codes shared by every command (DESIGN.md §6). */
public final class ExitCode {
    /** The command ran. Findings and 421s are results, not errors. */
    public static final int OK = 0;
    /** {@code check} found an expectation that does not hold. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad input; the reason was printed. */
    public static final int BAD_INPUT = 2;
    /** The command could not run (nothing reachable, a port taken, no display). */
    public static final int CANNOT_RUN = 3;

    private ExitCode() {
    }
}
