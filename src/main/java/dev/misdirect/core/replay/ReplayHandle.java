package dev.misdirect.core.replay;

import dev.misdirect.core.model.ReplayRun;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replay in progress. Thread-safe. Cancelling stops sending new requests and cancels those in flight; the run
 * still completes with what was recorded until then (cancelled requests carry the error "cancelled").
 */
public final class ReplayHandle {
    private final CompletableFuture<ReplayRun> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Runnable onCancel = () -> { };
    private volatile Future<?> task;

    ReplayHandle() {
    }

    void onCancel(Runnable action) {
        this.onCancel = action;
        if (cancelled.get()) {
            action.run();
        }
    }

    void task(Future<?> f) {
        this.task = f;
    }

    void complete(ReplayRun run) {
        result.complete(run);
    }

    void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    /** Stops the run. Returns at once; idempotent. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            onCancel.run();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** True until the run has completed (normally, cancelled or failed). */
    public boolean isRunning() {
        return !result.isDone();
    }

    /** Completes with the run; fails only on an internal error (network failures are part of the run). */
    public CompletableFuture<ReplayRun> result() {
        return result;
    }

    /** Blocks until the run completes. */
    public ReplayRun await() throws InterruptedException, ExecutionException {
        return result.get();
    }

    /** Blocks at most {@code timeout}; on timeout the run is cancelled and the exception thrown. */
    public ReplayRun await(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return result.get(timeout, unit);
        } catch (TimeoutException e) {
            cancel();
            Future<?> f = task;
            if (f != null) {
                f.cancel(true);
            }
            throw e;
        }
    }
}
