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

    /** Runs with the given writers (tests capture them) and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The root command with every sub-command registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MisdirectCommand());
        for (Object sub : subcommands()) {
            cl.addSubcommand(sub);
        }
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
            err.println("misdirect: could not run: " + cause);
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
        return all;
    }
}
