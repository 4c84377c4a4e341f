package dev.misdirect.core.replay;

import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.TimelineEvent;

/**
 * Told what a running replay does. Called on the replay's threads (the run thread and the client's threads), never
 * on a UI thread: implementations hand over to their own thread and must not block.
 */
public interface ReplayProgress {
    /** An event was recorded. */
    default void event(TimelineEvent event) {
    }

    /** A request of the plan finished (with all its attempts); {@code done} of {@code total} requests so far. */
    default void requestDone(StepOutcome outcome, int done, int total) {
    }

    /** Ignores everything. */
    static ReplayProgress none() {
        return new ReplayProgress() {
        };
    }
}
