package dev.misdirect.core.probe;

import dev.misdirect.core.model.ProbeResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running probe. Thread-safe.
 */
public interface ProbeHandle {

    /**
     * Completes with one result per authority, in input order, once every authority is finished. Never completes
     * exceptionally: failures and cancellation are recorded in the results.
     */
    CompletableFuture<List<ProbeResult>> results();

    /**
     * Stops the probe: pending authorities and handshakes in flight are recorded as {@code CANCELLED} (open
     * sockets are closed), finished ones keep their results. Returns at once; idempotent.
     */
    void cancel();

    /** True after {@link #cancel()}. */
    boolean isCancelled();

    /** True until every authority is finished. */
    boolean isRunning();

    /** Authorities finished so far. */
    int done();

    /** Authorities in this probe. */
    int total();
}
