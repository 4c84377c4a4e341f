package dev.misdirect.cli;

import dev.misdirect.core.report.ScenarioDiagram;

import java.util.Optional;

/** The diagram of a lab scenario by id, for reports of sessions that ran against the lab. */
final class LabDiagrams {
    private LabDiagrams() {
    }

    /** Empty until the lab's scenarios are available to the command line. */
    static Optional<ScenarioDiagram> diagram(String scenarioId) {
        return Optional.empty();
    }
}
