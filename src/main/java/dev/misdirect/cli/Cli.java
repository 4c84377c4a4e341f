package dev.misdirect.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and runs the command line. Only this package writes to stdout: results to {@code out}, reasons for
 * failures to {@code err}.
 */
public final class Cli {
    private Cli() {
    }

    /** Runs with the process's stdout/stderr and returns the exit code. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return run(out, err, args);
    }

    /**
     * Runs with the given writers (tests capture them) and returns the exit code. Everything printed passes through
     * a {@link TerminalSafeWriter}. A JVM {@link Error} (out of memory, a stack overflow) ends in one line on
     * {@code err} and exit 3; its stack trace is printed only with {@code -vv}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(), out, err, args);
    }

    /** Runs {@code cl} (the root command, or another one in tests) as {@link #run(PrintWriter, PrintWriter, String...)}. */
    static int run(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        PrintWriter safeOut = new PrintWriter(new TerminalSafeWriter(out), true);
        PrintWriter safeErr = new PrintWriter(new TerminalSafeWriter(err), true);
        cl.setOut(safeOut);
        cl.setErr(safeErr);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return couldNotRun(safeErr, "out of memory (the input is too large for the Java heap; give -Xmx more)", e,
                    args);
        } catch (StackOverflowError e) {
            return couldNotRun(safeErr, "the input is nested too deeply (stack overflow)", e, args);
        } catch (Error e) {
            return couldNotRun(safeErr, "internal error: " + describe(e), e, args);
        } finally {
            safeOut.flush();
            safeErr.flush();
        }
    }

    private static int couldNotRun(PrintWriter err, String reason, Throwable t, String[] args) {
        err.println("misdirect: could not run: " + reason);
        if (logLevel(args).equals("debug")) {
            t.printStackTrace(err);
        }
        return ExitCode.CANNOT_RUN;
    }

    /** "message" when the throwable has one, else its simple class name. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** The SLF4J level the arguments ask for: warn by default, info with -v, debug with -vv (or -v -v). */
    public static String logLevel(String[] args) {
        int v = 0;
        for (String a : args) {
            if (a.equals("-vv") || a.equals("--verbose=2")) {
                v += 2;
            } else if (a.equals("-v") || a.equals("--verbose")) {
                v++;
            }
        }
        return v >= 2 ? "debug" : v == 1 ? "info" : "warn";
    }

    /** The root command with every sub-command registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MisdirectCommand());
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
        return withHandlers(cl);
    }

    /** {@code cl} with the exit codes and messages every command shares. */
    static CommandLine withHandlers(CommandLine cl) {
        // Plain help: picocli's ANSI styles would reach a terminal as escapes through the TerminalSafeWriter.
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = ex;
            if (cause instanceof BadInputException) {
                err.println("misdirect: " + cause.getMessage());
                return ExitCode.BAD_INPUT;
            }
            if (cause instanceof CannotRunException) {
                err.println("misdirect: " + cause.getMessage());
                return ExitCode.CANNOT_RUN;
            }
            // A bug's exception says nothing to the user; its class and stack are for -vv.
            err.println("misdirect: could not run: " + (cause instanceof java.io.UncheckedIOException
                    ? describe(cause) : "an internal error stopped the command (-vv shows where)"));
            if (logLevel(parseResult.originalArgs().toArray(String[]::new)).equals("debug")) {
                cause.printStackTrace(err);
            }
            return ExitCode.CANNOT_RUN;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("misdirect: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    /** Sub-command instances, in the order `misdirect --help` lists them. */
    static List<Object> subcommands() {
        List<Object> all = new ArrayList<>();
        all.add(new ProbeCommand());
        all.add(new PredictCommand());
        all.add(new LabCommand());
        all.add(new ReplayCommand());
        all.add(new ImportCommand());
        all.add(new ReportCommand());
        all.add(new CheckCommand());
        return all;
    }
}
