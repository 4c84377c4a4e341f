package dev.misdirect.ui.common;

import javafx.beans.binding.BooleanExpression;

/**
 * What a screen may ask of the window: the lab's actions that span screens, and showing another screen. The
 * window's view-model implements it; a screen never reaches the window or another screen itself. UI thread only.
 */
public interface WorkbenchActions {
    /** True when a lab scenario is loaded, its origins run and nothing else runs. */
    BooleanExpression canReproduceProperty();

    /**
     * Replays the loaded lab scenario with the policy that gets its 421 and shows the Replay screen; false when it
     * cannot start.
     */
    boolean reproduce();

    /**
     * Replays the loaded lab scenario as broken and with its fix, side by side on the Replay screen; false when it
     * cannot start.
     */
    boolean tryFix();

    /** True when the session has authorities, this build can verify, and nothing else runs. */
    BooleanExpression canVerifyProperty();

    /**
     * Verifies every shared pair of the session's authorities against its target (off the UI thread, with progress
     * and cancel) and adds the run to the session; false when it cannot start.
     */
    boolean verify();

    /**
     * Verifies exactly the pairs an import showed coalesced and answered, against the real network; false when there
     * are none or it cannot start.
     */
    boolean verifyOffered();

    /**
     * Probes the scenario selected in the Lab in its own session (loading it as a new session first when needed, which
     * probes it) and shows the Coalescing screen: which clients would share a connection between its names. False
     * when it cannot start.
     */
    boolean predict();

    /**
     * Selects the exchange the latest run is about, its 421, or in a run without one its misrouted exchange, and
     * shows its four columns (request, connection, client view, server view) on the Replay screen. False when the
     * session has no run with either.
     */
    boolean explain();

    /** Brings {@code screen} to the front. */
    void showScreen(Screen screen);
}
