package dev.misdirect.ui.app;

import dev.misdirect.cli.ExitCode;

import java.util.Locale;

/**
 * Opens the workbench from {@code Main}: refuses with exit code 3 and a clear message when there is no display,
 * so a headless machine still gets a useful answer (and the CLI keeps working).
 */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {
    }

    /** Blocks until the window closes; returns the process exit code. */
    public static int launch(String[] args) {
        if (!displayAvailable()) {
            System.err.println("misdirect: cannot open the workbench: no display (DISPLAY is not set)."
                    + " The command line works without one: try 'misdirect --help'.");
            return ExitCode.CANNOT_RUN;
        }
        try {
            javafx.application.Application.launch(WorkbenchApp.class, args);
            return ExitCode.OK;
        } catch (RuntimeException | Error e) {
            System.err.println("misdirect: cannot open the workbench: " + e.getMessage());
            return ExitCode.CANNOT_RUN;
        }
    }

    static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") && !os.contains("bsd")) {
            return true; // Windows and macOS always have a window server for a desktop session
        }
        if ("Monocle".equals(System.getProperty("glass.platform"))) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
