package dev.misdirect.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one long operation at a time off the UI thread and exposes what the status bar shows: running, progress
 * (-1 while unknown) and a message. Progress reports from the worker are coalesced: at most one UI update is queued
 * at any moment, the newest report wins. Failures go to the {@link ErrorLog}; the message shows only the summary.
 * Properties change on the UI executor only.
 */
public final class TaskRunner {

    /** The work: runs on the background executor, may block, must poll {@code cancel}. */
    @FunctionalInterface
    public interface Work<R> {
        R run(Progress progress, Cancellation cancel);
    }

    private final Executor background;
    private final Executor ui;
    private final ErrorLog errors;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "Ready");
    private Cancellation current;
    private boolean lastCancelled;

    public TaskRunner(Executor background, Executor ui, ErrorLog errors) {
        this.background = background;
        this.ui = ui;
        this.errors = errors;
    }

    /**
     * Starts {@code work} unless something is already running (then returns false). Call on the UI thread.
     *
     * @param context   what is being done, in words ("Probing 6 authorities")
     * @param onSuccess receives the result on the UI thread (not called when cancelled)
     */
    public <R> boolean start(String context, Work<R> work, Consumer<R> onSuccess) {
        return start(context, work, onSuccess, entry -> { });
    }

    /**
     * As {@link #start(String, Work, Consumer)}, and tells {@code onFailure} (on the UI thread) when the work fails,
     * e.g. to explain the failure in a dialog. A failure after cancel counts as the cancel, not as a failure.
     */
    public <R> boolean start(String context, Work<R> work, Consumer<R> onSuccess, Consumer<ErrorLog.Entry> onFailure) {
        if (running.get()) {
            return false;
        }
        Cancellation cancel = new Cancellation();
        current = cancel;
        running.set(true);
        progress.set(-1);
        message.set(context + " …");
        AtomicReference<Runnable> latest = new AtomicReference<>();
        AtomicBoolean queued = new AtomicBoolean();
        Progress reporter = (done, total, text) -> {
            latest.set(() -> {
                progress.set(total > 0 ? (double) done / total : -1);
                message.set(text);
            });
            if (queued.compareAndSet(false, true)) {
                ui.execute(() -> {
                    queued.set(false);
                    Runnable r = latest.getAndSet(null);
                    if (r != null && current == cancel && running.get()) {
                        r.run();
                    }
                });
            }
        };
        background.execute(() -> {
            try {
                R result = work.run(reporter, cancel);
                ui.execute(() -> finish(cancel, cancel.isCancelled() ? context + ": cancelled" : context + ": done",
                        () -> {
                            if (!cancel.isCancelled()) {
                                onSuccess.accept(result);
                            }
                        }));
            } catch (RuntimeException e) {
                if (cancel.isCancelled()) {
                    ui.execute(() -> finish(cancel, context + ": cancelled", () -> { }));
                    return;
                }
                ErrorLog.Entry entry = errors.report(context, e);
                ui.execute(() -> finish(cancel, entry.summary(), () -> onFailure.accept(entry)));
            }
        });
        return true;
    }

    private void finish(Cancellation cancel, String text, Runnable then) {
        if (current != cancel) {
            return;
        }
        current = null;
        lastCancelled = cancel.isCancelled();
        running.set(false);
        progress.set(0);
        message.set(text);
        then.run(); // last, so that it may say something else or start the next operation
    }

    /** Asks the running operation to stop; its result is dropped. Call on the UI thread. */
    public void cancel() {
        if (current != null) {
            current.cancel();
            message.set("Cancelling …");
        }
    }

    /**
     * Whether the operation that ended last was cancelled; read it when {@link #runningProperty()} turns false to
     * drop what was waiting for that operation's result.
     */
    public boolean lastCancelled() {
        return lastCancelled;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Shows a message in the status line (UI thread). */
    public void say(String text) {
        message.set(text);
    }
}
