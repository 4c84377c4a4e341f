package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.WorkbenchView;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * After the first window: warms the classes of the other screens on a background thread (loaded and linked, not
 * initialised) and, at the same time, builds the Replay screen ahead of use (its FXML loaded on a worker, bound and attached hidden
 * on the FX thread), so that the first "Reproduce the 421", which opens it, does not stall the window while the
 * screen is built. The other screens are still built when first shown (with their classes warm): kept out of the
 * scene until then, they cost nothing when the data behind them changes.
 */
final class ScreenPrebuild {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenPrebuild.class);

    /** The screen built ahead of use. */
    static final String SCREEN = "replay";

    private ScreenPrebuild() {
    }

    /** Starts the warm-up, then the build. UI thread. */
    static void start(WorkbenchView view, ClassLoader loader, Executor background) {
        ClassWarmup.start(ClassWarmup.SCREENS, loader, "misdirect-warmup-screens");
        // at once, beside the warm-up: the screen's parts go back a pulse at a time, and that takes a while
        view.prebuild(SCREEN, background, Platform::runLater).whenComplete((built, error) -> {
            if (error != null) {
                // not fatal: the screen is built when first shown, as without the prebuild
                LOG.warn("cannot build the {} screen ahead of use: {}", SCREEN, error.toString());
            }
        });
    }
}
