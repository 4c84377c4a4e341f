package dev.misdirect.ui.common;

import java.util.concurrent.Executor;

/**
 * The executor that runs work on the UI thread. The app hands view-models {@link #fx()} ({@code Platform::runLater});
 * tests hand them {@link #direct()}, so view-models never call {@code Platform} and run without a toolkit.
 */
public final class UiExecutor {
    private UiExecutor() {
    }

    /** Runs each task on the JavaFX application thread, later. */
    public static Executor fx() {
        return javafx.application.Platform::runLater;
    }

    /** Runs each task at once on the calling thread (tests, and already-on-the-UI-thread callers). */
    public static Executor direct() {
        return Runnable::run;
    }
}
