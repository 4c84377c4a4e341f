package dev.misdirect.ui.app;

import java.util.Locale;
import java.util.Optional;

/**
 * Opens the workbench from {@code Main}: refuses with a clear reason when there is no display, so a headless
 * machine still gets a useful answer (and the CLI keeps working). {@code Main} prints the reason and exits.
 */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {
    }

    /** Blocks until the window closes; empty when it opened, otherwise why it could not. */
    public static Optional<String> launch(String[] args) {
        if (!displayAvailable()) {
            return Optional.of("cannot open the workbench: no display (DISPLAY is not set)."
                    + " The command line works without one: try 'misdirect --help'.");
        }
        try {
            javafx.application.Application.launch(WorkbenchApp.class, args);
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            return Optional.of("cannot open the workbench: " + e.getMessage());
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
