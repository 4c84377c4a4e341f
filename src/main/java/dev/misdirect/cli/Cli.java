package dev.misdirect.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds and runs the command line. Only this package writes to stdout: results to {@code out}, reasons for
 * failures to {@code err}. Everything printed passes through the redaction of credentials (unless
 * {@value #NO_REDACT}) and then a {@link TerminalSafeWriter}.
 */
public final class Cli {
    private Cli() {
    }

    /** The option that makes a command keep credentials in everything it prints and writes. */
    static final String NO_REDACT = "--no-redact";

    /** The sub-commands, in the order `misdirect --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ProbeCommand.class, PredictCommand.class, VerifyCommand.class,
            LabCommand.class, ReplayCommand.class, ImportCommand.class, ReportCommand.class, CheckCommand.class,
            MergeCommand.class, ServeCommand.class);

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
            return run(commandLine(args), out, err, redactedErr ->
                    System.setErr(new PrintStream(redactedErr.asOutputStream(), true, StandardCharsets.UTF_8)), args);
        } finally {
            System.err.flush();
            System.setErr(stderr);
        }
    }

    /**
     * Runs with the given writers (tests capture them) and returns the exit code. Every line written to either
     * passes through {@link dev.misdirect.core.io.Redactor#secrets()} unless the command was given {@value #NO_REDACT},
     * then through a {@link TerminalSafeWriter}. A JVM {@link Error} (out of memory, a stack overflow) ends in one line
     * on {@code err} and exit 3; its stack trace is printed only with {@code -vv}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return versionOnly(args) ? printVersion(out) : run(commandLine(args), out, err, args);
    }

    /** Runs {@code cl} (the root command, or another one in tests) as {@link #run(PrintWriter, PrintWriter, String...)}. */
    static int run(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        return run(cl, out, err, redactedErr -> { }, args);
    }

    private static int run(CommandLine cl, PrintWriter out, PrintWriter err, Consumer<RedactingWriter> errReady,
                           String... args) {
        RedactingWriter redactedOut = new RedactingWriter(new TerminalSafeWriter(out));
        RedactingWriter redactedErr = new RedactingWriter(new TerminalSafeWriter(err));
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
        } catch (OutOfMemoryError x) {
            return couldNotRun(e, "out of memory (the input is too large for the Java heap; give -Xmx more)", x, args);
        } catch (StackOverflowError x) {
            return couldNotRun(e, "the input is nested too deeply (stack overflow)", x, args);
        } catch (Error x) {
            return couldNotRun(e, "internal error: " + describe(x), x, args);
        } finally {
            o.flush();
            e.flush();
        }
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

    /** Whether the command (or a sub-command) was given {@value #NO_REDACT}. */
    private static boolean includesSecrets(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(NO_REDACT)) {
                return true;
            }
        }
        return false;
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
}
