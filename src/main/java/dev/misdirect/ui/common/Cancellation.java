package dev.misdirect.ui.common;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cancel flag shared between a view-model and the service call it started. Thread-safe. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
