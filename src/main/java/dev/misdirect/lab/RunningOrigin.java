package dev.misdirect.lab;

import dev.misdirect.core.model.Endpoint;

import java.util.List;

/**
 * An origin of a running lab.
 *
 * @param name        its name in the scenario
 * @param role        what it is in the story
 * @param endpoint    the loopback address and port it listens on
 * @param serverNames the names its vhosts serve
 */
public record RunningOrigin(String name, Scenario.Role role, Endpoint endpoint, List<String> serverNames) {
    public RunningOrigin {
        serverNames = List.copyOf(serverNames);
    }
}
