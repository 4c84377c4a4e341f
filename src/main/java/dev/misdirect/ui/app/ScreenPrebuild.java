package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.WorkbenchView;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * After the first window: warms the classes of the other screens on a background thread (loaded and linked, not
 * initialised) and builds the other screens ahead of use, one after another and only while no task runs (each one's
 * FXML loaded on a worker, then bound and attached hidden on the FX thread and styled and laid out a part per pulse),
 * so that the first "Reproduce the 421" (which opens the Replay screen) or the first visit to a screen does not stall
 * the window while the screen is built. Replay comes first, then Authorities, where a user enters their own set, then
 * the screens that show a probe's results. Their big lists hold no items while hidden ({@code WhileShown}), so a
 * hidden screen costs little when the data behind it changes.
 */
final class ScreenPrebuild {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenPrebuild.class);

    /** The screens built ahead of use, in this order. */
    static final List<String> SCREENS = List.of("replay", "authorities", "findings", "coalescing", "lab");

    private ScreenPrebuild() {
    }

    /** Starts the warm-up, then the builds. UI thread. */
    static void start(WorkbenchView view, ClassLoader loader, Executor background) {
        ClassWarmup.start(ClassWarmup.SCREENS, loader, "misdirect-warmup-screens");
        // at once, beside the warm-up: the screens' parts go back a pulse at a time, and that takes a while
        view.prebuildInTurn(SCREENS, background, Platform::runLater).whenComplete((failed, error) -> {
            if (error != null || !failed.isEmpty()) {
                // not fatal: such a screen is built when first shown, as without the prebuild
                LOG.warn("cannot build screens ahead of use: {}", error != null ? error.toString() : failed);
            }
        });
    }
}
