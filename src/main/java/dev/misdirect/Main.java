package dev.misdirect;

import dev.misdirect.cli.Cli;
import dev.misdirect.core.tls.EcArithmetic;
import dev.misdirect.ui.app.WorkbenchLauncher;

/**
 * Entry point. With arguments it runs the command line ({@code misdirect probe ...}); with none it opens the
 * workbench. Deliberately not a JavaFX {@code Application}, so the jar starts from a plain class path. Either way
 * the JDK's TLS gets BouncyCastle's elliptic-curve arithmetic first ({@link EcArithmetic}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(args);
        if (args.length == 0) {
            EcArithmetic.installInBackground(); // beside the window's start-up; its first handshake comes much later
            System.exit(WorkbenchLauncher.launch(args));
        }
        EcArithmetic.install();
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
