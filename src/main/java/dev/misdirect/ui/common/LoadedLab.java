package dev.misdirect.ui.common;

import dev.misdirect.core.model.AuthoritySet;

import java.util.List;

/**
 * A lab scenario running on loopback.
 *
 * @param scenarioId   the scenario
 * @param fixed        whether its fixed variant runs
 * @param port         the port every origin listens on
 * @param authoritySet its authorities on that port, resolved through the lab's name map
 * @param planText     the scenario's replay plan on that port
 * @param origins      one line per origin ("tenant-router 127.0.0.1:40123")
 */
public record LoadedLab(String scenarioId, boolean fixed, int port, AuthoritySet authoritySet, String planText,
                        List<String> origins) {
    public LoadedLab {
        origins = List.copyOf(origins);
    }
}
