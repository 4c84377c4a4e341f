package dev.misdirect.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds and runs the command line. Only this package writes to stdout: results to {@code out}, reasons for
 * failures to {@code err}. Both pass through a {@link RedactingWriter}, so no command prints a credential unless it
 * was given {@code --no-redact}.
 */
public final class Cli {
    private Cli() {
    }

    /**
     * Runs with the process's stdout/stderr and returns the exit code. While it runs, {@code System.err} (where the
     * log goes) passes through the same redaction as the command's own messages; it is restored after.
     */
    public static int run(String... args) {
        PrintStream stderr = System.err;
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(stderr, true);
        if (versionOnly(args)) {
            return printVersion(out);
        }
        try {
            return run(out, err, redactedErr ->
                    System.setErr(new PrintStream(redactedErr.asOutputStream(), true, StandardCharsets.UTF_8)), args);
        } finally {
            System.err.flush();
            System.setErr(stderr);
        }
    }

    /** The option that makes a command keep credentials in everything it prints and writes. */
    static final String NO_REDACT = "--no-redact";

    /**
     * Runs with the given writers (tests capture them) and returns the exit code. Every line written to either
     * passes through {@link dev.misdirect.core.io.Redactor#secrets()} unless the command was given {@value #NO_REDACT}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return versionOnly(args) ? printVersion(out) : run(out, err, redactedErr -> { }, args);
    }

    /** Just {@code --version}: answered without building the command model (most of such a run's time). */
    private static boolean versionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** What picocli prints for {@code --version} (no credentials in it: nothing to redact). */
    private static int printVersion(PrintWriter out) {
        for (String line : new VersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static int run(PrintWriter out, PrintWriter err, Consumer<RedactingWriter> errReady, String... args) {
        CommandLine cl = commandLine(args);
        RedactingWriter redactedOut = new RedactingWriter(out);
        RedactingWriter redactedErr = new RedactingWriter(err);
        errReady.accept(redactedErr);
        PrintWriter o = new PrintWriter(redactedOut, true);
        PrintWriter e = new PrintWriter(redactedErr, true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setExecutionStrategy(parseResult -> {
            if (includesSecrets(parseResult)) {
                redactedOut.keepSecrets();
                redactedErr.keepSecrets();
                e.println("misdirect: " + NO_REDACT + ": the output keeps credentials; do not share it");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** Whether the command (or a sub-command) was given {@value #NO_REDACT}. */
    private static boolean includesSecrets(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(NO_REDACT)) {
                return true;
            }
        }
        return false;
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
