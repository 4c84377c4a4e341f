package dev.misdirect.core.session;

import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.report.ScenarioDiagram;
import dev.misdirect.lab.Diagram;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;

import java.util.List;
import java.util.Optional;

/** The lab scenario diagram of a session that ran against the lab, in the report's terms. */
public final class LabDiagrams {
    private LabDiagrams() {
    }

    /**
     * The diagram of the session's lab scenario (the fixed variant when its latest lab replay used it), with the
     * port placeholder filled from the session's authorities; empty for sessions that are not from the lab or
     * name only scenarios this build does not know.
     */
    public static Optional<ScenarioDiagram> diagram(Session session) {
        // the session's scenario, else the first scenario a replay ran against, whichever this build knows
        Optional<Scenario> scenario = java.util.stream.Stream.concat(session.labScenario().stream(),
                        session.replays().stream().flatMap(r -> r.labScenario().stream()))
                .map(Scenarios::find).flatMap(Optional::stream).findFirst();
        if (scenario.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> id = Optional.of(scenario.get().id());
        boolean fixed = session.replays().stream().filter(r -> r.labScenario().equals(id))
                .reduce((first, second) -> second).map(ReplayRun::fixed).orElse(false);
        String port = session.authoritySet().authorities().stream().findFirst()
                .map(a -> Integer.toString(a.port())).orElse("PORT");
        Scenario s = scenario.get();
        Diagram d = s.variant(fixed).diagram();
        List<ScenarioDiagram.Box> boxes = d.boxes().stream()
                .map(b -> new ScenarioDiagram.Box(b.id(), b.label(), List.of(b.detail().replace(Scenario.PORT, port)),
                        b.column()))
                .toList();
        List<ScenarioDiagram.Arrow> arrows = d.arrows().stream()
                .map(a -> new ScenarioDiagram.Arrow(a.from(), a.to(), a.label().replace(Scenario.PORT, port),
                        a.outcome() != Diagram.Outcome.OK))
                .toList();
        return Optional.of(new ScenarioDiagram(s.id() + (fixed ? " (fixed)" : "") + ": " + s.title(), boxes, arrows));
    }
}
