package dev.misdirect.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
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
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli would print, without building its command model (most of a --version run's time)
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The root command with every sub-command registered. */
    public static CommandLine commandLine() {
        return build(SUBCOMMANDS);
    }

    /**
     * The root command with the sub-commands these arguments need: only the one they name (building each
     * sub-command's model reflects over all its options, and loads the classes it uses), all for anything else
     * (help, a mistyped name).
     */
    public static CommandLine commandLine(String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return build(SUBCOMMANDS.stream().filter(c -> name(c).equals(a)).findFirst()
                        .map(List::<Class<?>>of).orElse(SUBCOMMANDS));
            }
        }
        return build(SUBCOMMANDS);
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(CommandLine.Command.class).name();
    }

    private static CommandLine build(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new MisdirectCommand());
        for (Class<?> sub : subcommands) {
            try {
                cl.addSubcommand(sub.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create the command " + sub.getName(), e);
            }
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

    /** The sub-commands, in the order `misdirect --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ProbeCommand.class, PredictCommand.class, LabCommand.class,
            ReplayCommand.class, ImportCommand.class, ReportCommand.class, CheckCommand.class);
}
