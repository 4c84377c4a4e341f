package dev.misdirect.ui.common;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.report.ReportFormat;
import dev.misdirect.core.timeline.TimelineEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine as the workbench sees it: small interfaces over {@code core} records, wired in {@code ui.app}.
 * A service that is absent in this build is {@link Optional#empty()}; its actions are then disabled, not faked.
 * Every blocking method is called off the UI thread (the app wraps them with {@link OffFxThread}); failures are
 * thrown as runtime exceptions whose message names the authority and the reason.
 */
public record WorkbenchServices(AuthorityLineParser parser, Optional<InspectionService> inspection,
                                Optional<PredictionService> prediction, Optional<ReplayService> replay,
                                Optional<SessionStore> sessions, Optional<ReportExporter> reports,
                                Optional<LabService> lab, Optional<FixService> fix, Optional<VerifyService> verify) {

    /** The services without verification. */
    public WorkbenchServices(AuthorityLineParser parser, Optional<InspectionService> inspection,
                             Optional<PredictionService> prediction, Optional<ReplayService> replay,
                             Optional<SessionStore> sessions, Optional<ReportExporter> reports,
                             Optional<LabService> lab, Optional<FixService> fix) {
        this(parser, inspection, prediction, replay, sessions, reports, lab, fix, Optional.empty());
    }

    /** The services with a lab but no "Try the fix". */
    public WorkbenchServices(AuthorityLineParser parser, Optional<InspectionService> inspection,
                             Optional<PredictionService> prediction, Optional<ReplayService> replay,
                             Optional<SessionStore> sessions, Optional<ReportExporter> reports,
                             Optional<LabService> lab) {
        this(parser, inspection, prediction, replay, sessions, reports, lab, Optional.empty());
    }

    /** The services without a lab. */
    public WorkbenchServices(AuthorityLineParser parser, Optional<InspectionService> inspection,
                             Optional<PredictionService> prediction, Optional<ReplayService> replay,
                             Optional<SessionStore> sessions, Optional<ReportExporter> reports) {
        this(parser, inspection, prediction, replay, sessions, reports, Optional.empty());
    }

    /** Reads and writes session documents. Blocking file I/O. */
    public interface SessionStore {
        Session load(Path file);

        void save(Session session, Path file);
    }

    /**
     * Writes a report of a session in {@code format}, credentials redacted unless {@code includeSecrets}. Blocking
     * file I/O; the write is atomic.
     */
    @FunctionalInterface
    public interface ReportExporter {
        void export(Session session, ReportFormat format, Path file, boolean includeSecrets);
    }

    /** Parses authority lines ({@code host[:port] resolve=… sni=… host=… tag=…}); pure, any thread. */
    @FunctionalInterface
    public interface AuthorityLineParser {
        /** Good lines become authorities; bad lines become {@code problems()} with their line number and reason. */
        AuthoritySet parse(String text);
    }

    /**
     * Probes an authority set against the session's target (a lab scenario's name map and CA for a lab session only,
     * the real network otherwise) and analyses it (coverage matrix, overlaps, findings); with {@code tlsSettings}
     * also the TLS settings pass (each name's accepted versions, suites, ALPN and client-certificate mode). Blocking,
     * cancellable.
     */
    @FunctionalInterface
    public interface InspectionService {
        Inspection inspect(SessionTarget target, AuthoritySet set, boolean tlsSettings, Progress progress,
                           Cancellation cancel);
    }

    /** Predicts, per client policy, which authorities would share a connection. Pure, no I/O. */
    @FunctionalInterface
    public interface PredictionService {
        List<CoalescingPrediction> predict(AuthoritySet set, List<ProbeResult> results);
    }

    /** Runs a replay; streams each recorded event to {@code events} (any thread) as it happens. Blocking. */
    @FunctionalInterface
    public interface ReplayService {
        ReplayRun replay(ReplayRequest request, Consumer<TimelineEvent> events, Cancellation cancel);
    }

    /**
     * "Try the fix" on a lab scenario: the engine reproduces its 421, then replays the same plan with the fix it
     * decides from the scenario's data (its fixed servers, or one connection pool per authority). Blocking,
     * cancellable; a scenario that cannot start is thrown with its reason.
     */
    @FunctionalInterface
    public interface FixService {
        FixRun tryFix(String scenarioId, Progress progress, Cancellation cancel);
    }

    /**
     * Verifies shared pairs against the session's target (a lab session's scenario, the real network otherwise): B's
     * request on a connection opened for A, compared with B's own connection. Both methods are called off the UI
     * thread; {@link #verify} blocks, sends requests and is cancellable (the run then completes with the pairs it could
     * not judge untested).
     */
    public interface VerifyService {
        /** Probes the set, verifies the pairs the request names (every shared pair when none) and judges them. */
        Verified verify(VerifyRequest request, Progress progress, Cancellation cancel);

        /**
         * Probe results judged by an earlier run: the inspection with the run's findings, and the predictions with
         * every pair the run measured taking its verdict (the rest marked predicted). Pure.
         */
        Verified judge(java.util.List<ProbeResult> probes, VerifyRun run);
    }

    /**
     * What to verify.
     *
     * @param target the session's target (a lab session's scenario, the real network for the rest)
     * @param set    the authorities, all probed
     * @param only   the pairs to verify (a capture's coalesced, answered pairs); empty for every shared pair
     */
    public record VerifyRequest(SessionTarget target, AuthoritySet set, java.util.List<CoalescedPair> only) {
        public VerifyRequest {
            only = java.util.List.copyOf(only);
        }
    }

    /**
     * A verification and what it says.
     *
     * @param run        the verdicts
     * @param inspection the probe it planned from, with the measured findings and every client's prediction, the
     *                   measured pairs judged by the verdicts ({@link Inspection#predictions()})
     */
    public record Verified(VerifyRun run, Inspection inspection) {
        /** Every client's prediction, the measured pairs judged by the verdicts. */
        public java.util.List<CoalescingPrediction> predictions() {
            return inspection.predictions();
        }
    }

    /**
     * What "Try the fix" ran.
     *
     * @param before the broken run
     * @param after  the run with the fix; empty when it was cancelled before the fixed run started
     */
    public record FixRun(ReplayRun before, Optional<ReplayRun> after) {
    }

    /**
     * What to replay.
     *
     * @param plan        the requests, in order
     * @param policy      the connection policy they travel under
     * @param retry421    whether the client retries after a 421
     * @param http1       force HTTP/1.1
     * @param labScenario the lab scenario to run against, when any
     * @param fixed       use the scenario's fixed variant
     */
    public record ReplayRequest(ReplayPlan plan, ConnectionPolicy policy, boolean retry421, boolean http1,
                                Optional<String> labScenario, boolean fixed) {
    }
}
