package dev.misdirect.ui.common;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded lab as the workbench sees it: the scenarios as data, and starting/stopping their origins on loopback.
 * {@link #scenarios()} is pure; {@link #start} and {@link #stop} block (milliseconds to a second) and are called off
 * the UI thread. Failures are thrown as runtime exceptions whose message names the scenario and the reason.
 */
public interface LabService {
    /** Every scenario, in gallery order. Pure, any thread. */
    List<LabScenario> scenarios();

    /**
     * Starts the scenario (its fixed variant when {@code fixed}) unless it already runs, and returns it. Starting
     * another scenario's broken variant stops every lab that ran before. Blocking.
     */
    LoadedLab start(String scenarioId, boolean fixed);

    /** Stops every running lab. Blocking; idempotent. */
    void stop();

    /** The broken variant that runs now, when any. Any thread. */
    Optional<LoadedLab> running();

    /**
     * Hears every request any running lab serves, on the lab's server threads (hand over, do not block). The
     * subscription outlives restarts of the lab; closing it stops the deliveries.
     */
    AutoCloseable subscribe(Consumer<ServedRow> listener);
}
