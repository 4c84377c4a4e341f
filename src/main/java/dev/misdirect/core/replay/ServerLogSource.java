package dev.misdirect.core.replay;

import dev.misdirect.core.timeline.ServerView;

import java.util.List;

/**
 * The server side of a run (the lab's request log): what each origin saw, in the order it saw it. Read once after
 * the last request; must not block for long.
 */
@FunctionalInterface
public interface ServerLogSource {
    /** Every request the servers recorded so far, in arrival order. */
    List<ServerView> snapshot();

    /** No server view (runs against real origins). */
    static ServerLogSource none() {
        return List::of;
    }
}
