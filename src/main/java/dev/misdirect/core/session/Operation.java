package dev.misdirect.core.session;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A use case that runs in the background.
 *
 * @param result completes with the use case's result; an operation that is cancelled still completes, with what
 *               was recorded until then (cancelled steps are marked so in the result). It completes exceptionally
 *               only when the use case could not run at all (a lab that cannot start, a bad expectation).
 * @param cancel asks the operation to stop; returns at once, idempotent, any thread
 * @param <T>    the result type
 */
public record Operation<T>(CompletableFuture<T> result, Runnable cancel) {
    public Operation {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(cancel, "cancel");
    }

    /** Asks the operation to stop (see {@link #cancel}). */
    public void stop() {
        cancel.run();
    }
}
