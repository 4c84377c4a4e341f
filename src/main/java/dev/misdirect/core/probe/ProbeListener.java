package dev.misdirect.core.probe;

import dev.misdirect.core.model.ProbeResult;

/**
 * Hears about a probe's progress. Called on a probe thread (never the caller's, never a UI thread), one call
 * at a time per probe; must return quickly and must not throw (a throwing listener is ignored for the rest
 * of that result). UIs hop to their own thread and batch.
 */
@FunctionalInterface
public interface ProbeListener {

    /** One authority is finished (probed, failed or cancelled): {@code done} of {@code total} are. */
    void onResult(ProbeResult result, int done, int total);

    /** A listener that ignores everything. */
    static ProbeListener none() {
        return (r, d, t) -> {
        };
    }
}
