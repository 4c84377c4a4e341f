package dev.misdirect.core.report;

import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report shows: the session (already redacted when the report is redacted), the views derived from
 * its probe results, the lab scenario diagram when the session came from the lab, and the environment.
 *
 * @param session     the session
 * @param coverage    the SAN coverage matrix recomputed from the probe results
 * @param overlaps    the address overlap groups recomputed from the probe results
 * @param diagram     the lab scenario's diagram, when the session ran against a lab scenario
 * @param environment where and when the report was generated
 * @param redacted    whether secrets were removed (said in the report)
 */
public record ReportInput(Session session, CoverageMatrix coverage, List<OverlapGroup> overlaps,
                          Optional<ScenarioDiagram> diagram, ReportEnvironment environment, boolean redacted) {
    public ReportInput {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(diagram, "diagram");
        Objects.requireNonNull(environment, "environment");
        overlaps = List.copyOf(overlaps);
    }

    /** The session's findings followed by every replay's, each once. */
    public List<Finding> allFindings() {
        LinkedHashSet<Finding> all = new LinkedHashSet<>(session.findings());
        for (ReplayRun r : session.replays()) {
            all.addAll(r.findings());
        }
        return new ArrayList<>(all);
    }

    /** 421 responses across every replay, hidden ones included. */
    public long misdirectedCount() {
        return session.replays().stream().mapToLong(ReplayRun::misdirectedCount).sum();
    }

    /** 421 responses the client retried without telling its caller. */
    public long hiddenRetryCount() {
        return session.replays().stream().flatMap(r -> r.steps().stream()).flatMap(s -> s.attempts().stream())
                .filter(a -> a.hidden() && a.status() == 421).count();
    }
}
