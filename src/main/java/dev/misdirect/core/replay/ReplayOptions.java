package dev.misdirect.core.replay;

import dev.misdirect.core.net.ClientOptions;

import java.util.Objects;
import java.util.Optional;

/**
 * How a plan is replayed.
 *
 * @param client      the connection policy, 421 retry, trust, names and timeouts
 * @param labScenario the lab scenario the run targets, recorded in the run
 * @param fixed       whether the scenario's fixed variant was running
 * @param serverLog   the servers' view, joined to the client's exchanges by client port and order
 */
public record ReplayOptions(ClientOptions client, Optional<String> labScenario, boolean fixed, ServerLogSource serverLog) {
    public ReplayOptions {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(labScenario, "labScenario");
        Objects.requireNonNull(serverLog, "serverLog");
    }

    /** Against real origins: no scenario, no server log. */
    public static ReplayOptions of(ClientOptions client) {
        return new ReplayOptions(client, Optional.empty(), false, ServerLogSource.none());
    }

    /** Against a lab scenario whose servers log what they saw. */
    public static ReplayOptions lab(ClientOptions client, String scenario, boolean fixed, ServerLogSource log) {
        return new ReplayOptions(client, Optional.of(scenario), fixed, log);
    }

    public ReplayOptions withClient(ClientOptions c) {
        return new ReplayOptions(c, labScenario, fixed, serverLog);
    }
}
