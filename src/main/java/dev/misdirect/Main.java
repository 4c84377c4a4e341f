package dev.misdirect;

import dev.misdirect.cli.Cli;
import dev.misdirect.cli.ExitCode;
import dev.misdirect.cli.VersionProvider;
import dev.misdirect.ui.app.WorkbenchLauncher;

import java.util.Optional;

/**
 * Entry point. With arguments it runs the command line ({@code misdirect probe ...}); with none it opens the
 * workbench. Deliberately not a JavaFX {@code Application}, so the jar starts from a plain class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // answered before the command line's classes load: a script's version check costs a JVM start, no more
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            System.exit(0);
        }
        configureLogging(args);
        if (args.length == 0) {
            Optional<String> problem = WorkbenchLauncher.launch(args);
            problem.ifPresent(p -> System.err.println("misdirect: " + p));
            System.exit(problem.isPresent() ? ExitCode.CANNOT_RUN : ExitCode.OK);
        }
        System.exit(Cli.run(args));
    }

    /** Sets the SLF4J level before the first logger exists: warn by default, -v info, -vv debug. */
    static void configureLogging(String[] args) {
        String level = Cli.logLevel(args);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
    }
}
