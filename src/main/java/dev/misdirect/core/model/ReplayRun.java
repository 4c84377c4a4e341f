package dev.misdirect.core.model;

import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One replay: the plan, how it was run, and everything recorded.
 *
 * @param planText    the plan in its text form
 * @param policy      the connection policy the requests travelled under
 * @param retry421    whether the client's 421 retry was on
 * @param http1       whether HTTP/1.1 was forced
 * @param labScenario the lab scenario it ran against, when any
 * @param fixed       whether the scenario's fixed variant was used
 * @param startedAt   wall-clock start
 * @param steps       one outcome per executed step
 * @param events      the recorded timeline events
 * @param findings    what the run showed
 * @param through     the proxy and DNS server the run used, when any (absent: direct connections and the system's
 *                    resolver or the lab's name map, or a document written before this was recorded)
 */
public record ReplayRun(String planText, ConnectionPolicy policy, boolean retry421, boolean http1, Optional<String> labScenario,
                        boolean fixed, Instant startedAt, List<StepOutcome> steps, List<TimelineEvent> events,
                        List<Finding> findings, Optional<MeasuredThrough> through) {
    public ReplayRun {
        java.util.Objects.requireNonNull(policy, "policy");
        through = through == null ? Optional.empty() : through; // absent from older session files
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        findings = List.copyOf(findings);
    }

    /** A run with nothing recorded about a proxy or a DNS server. */
    public ReplayRun(String planText, ConnectionPolicy policy, boolean retry421, boolean http1,
                     Optional<String> labScenario, boolean fixed, Instant startedAt, List<StepOutcome> steps,
                     List<TimelineEvent> events, List<Finding> findings) {
        this(planText, policy, retry421, http1, labScenario, fixed, startedAt, steps, events, findings, Optional.empty());
    }

    /** This run, saying it went through {@code through}'s proxy and DNS server. */
    public ReplayRun withThrough(Optional<MeasuredThrough> t) {
        return new ReplayRun(planText, policy, retry421, http1, labScenario, fixed, startedAt, steps, events, findings, t);
    }

    /**
     * False when the run comes from a capture that cannot show a 421 the client retried by itself (a HAR): its lack of
     * a 421 is then no evidence of none.
     */
    public boolean showsRetried421() {
        return findings.stream().noneMatch(f -> f.cause() == FindingCause.RETRIED_421_UNSEEN);
    }

    /**
     * Number of attempts the server answered with another site's page or no route instead of a 421 (known where the
     * server's view is: the lab's origins).
     */
    public long misroutedCount() {
        return steps.stream().flatMap(s -> s.attempts().stream())
                .filter(a -> a.server().map(dev.misdirect.core.timeline.ServerView::misrouted).orElse(false)).count();
    }

    /** The misrouted attempts in words ("1 misrouted: 404 from the wrong backend"); empty when none was. */
    public Optional<String> misrouteSummary() {
        return dev.misdirect.core.timeline.ServerView.misrouteSummary(steps.stream()
                .flatMap(s -> s.attempts().stream()).flatMap(a -> a.server().stream()).toList());
    }

    /** Number of responses with status 421 across all attempts. */
    public long misdirectedCount() {
        return steps.stream().flatMap(s -> s.attempts().stream()).filter(a -> a.status() == 421).count();
    }
}
