package dev.misdirect.core.session;

import dev.misdirect.core.check.CheckCannotRunException;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.Checker;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.check.ExpectationsException;
import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.Measurements;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.MeasuredThrough;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.PairClient;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.probe.ProbeHandle;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayHandle;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.vantage.MergeException;
import dev.misdirect.core.vantage.SessionMerge;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The use cases of Misdirect, the same for every face: probe, predict, verify, replay, reproduce, try the fix,
 * check and merge.
 * Inputs and results are typed (a {@link ReplayPlan}, a {@link ConnectionPolicy}, an {@link Inspection}); a
 * {@link Target} says what they run against. Thread-safe: any thread may call any method; long use cases return an
 * {@link Operation} at once and run on the {@link EnginePools} given here.
 */
public final class Engine {
    private final EnginePools pools;
    private final Clock clock;
    private final Predictor predictor = new Predictor();

    /** The engine over these pools, with the system clock. */
    public Engine(EnginePools pools) {
        this(pools, Clock.systemUTC());
    }

    /** The engine over these pools; {@code clock} stamps replays and checks. */
    public Engine(EnginePools pools, Clock clock) {
        this.pools = Objects.requireNonNull(pools, "pools");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Probes every authority of {@code set} (DNS, TCP, TLS on each address) and analyses the results: the SAN
     * coverage matrix, the addresses names share, the probe's findings and, beside them, one finding per pair a
     * known client would share a connection for (pairs that read alike but for their names in one finding). {@code listener} hears each finished authority on a probe thread.
     * Cancelling records pending handshakes as cancelled; the inspection still completes.
     */
    public Operation<Inspection> probe(Target target, AuthoritySet set, ProbeOptions options, ProbeListener listener) {
        Resolver resolver = target.resolver(pools.dns());
        Prober prober = target.prober(pools);
        Instant at = clock.instant();
        ProbeHandle handle = prober.start(set.authorities(), target.probeOptions(options), listener);
        Optional<MeasuredThrough> through = target.measuredThrough();
        return new Operation<>(handle.results().thenApply(probed -> {
            List<ProbeResult> results = through.isEmpty() ? probed
                    : probed.stream().map(r -> r.withThrough(through)).toList();
            return inspect(results).withVantage(Optional.of(
                    Vantages.of(target, results, resolver, prober.localAddresses(), at)));
        }), handle::cancel);
    }

    /**
     * The analysis of probe results, with the clients' view (every known client's prediction, and a finding per pair
     * one would share): what {@link #probe} completes with, for results that were probed before (a session opened
     * from a file). Pure.
     */
    public Inspection inspect(List<ProbeResult> results) {
        Inspection analysed = Analysis.analyse(results);
        List<CoalescingPrediction> predictions = predictor.predictAll(results);
        List<Finding> all = new ArrayList<>(analysed.findings());
        all.addAll(predictor.findings(predictions));
        return new Inspection(analysed.results(), analysed.coverage(), analysed.overlaps(), all, Optional.empty(),
                predictions);
    }

    /** Every known client's prediction for these probe results. Pure. */
    public List<CoalescingPrediction> predict(List<ProbeResult> results) {
        return predictor.predictAll(results);
    }

    /** The chosen clients' predictions, with what only the user knows ({@code input}: ORIGIN frames, pins...). Pure. */
    public List<CoalescingPrediction> predict(List<ProbeResult> results, PredictionInput input, Set<ClientPolicy> clients) {
        return predictor.predict(results, input, clients);
    }

    /**
     * The predictions with every shared pair {@code run} measured judged by the measurement (its risk words then
     * come from what the server did), the rest marked predicted. Pure.
     */
    public List<CoalescingPrediction> measured(List<CoalescingPrediction> predictions, VerifyRun run) {
        return Measurements.apply(predictions, run);
    }

    /**
     * The analysis of a verified session: the probe's analysis, every client's prediction judged by what {@code run}
     * measured ({@link Inspection#predictions()}), and the findings: the probe's, the clients' view judged by the
     * measurement, and one per pair that was misrouted, refused or not measured. Pure.
     */
    public Inspection verified(List<ProbeResult> probes, VerifyRun run) {
        Inspection analysed = Analysis.analyse(probes);
        List<CoalescingPrediction> judged = measured(predictor.predictAll(probes), run);
        List<Finding> all = new ArrayList<>(analysed.findings());
        all.addAll(predictor.findings(judged));
        all.addAll(VerifyFindings.of(run));
        return new Inspection(analysed.results(), analysed.coverage(), analysed.overlaps(), all, Optional.empty(),
                judged);
    }

    /**
     * One finding per pair the predictions say a client would share a connection for; pairs whose findings read alike
     * but for their names in one finding. Pure.
     */
    public List<Finding> findings(List<CoalescingPrediction> predictions) {
        return predictor.findings(predictions);
    }

    /**
     * Asks each probed authority for its {@code Alt-Svc} header ({@code probe --alt-svc}): one {@code HEAD /} on its own
     * connection (SNI and {@code :authority} its own) to the address of its first completed handshake, with no
     * credential of any kind, under the target's trust rule. Completes with {@code results}, each answered one carrying
     * its {@link AltSvc}; an authority without a completed handshake, that sends no SNI, or that a forward proxy
     * resolved (no address is known here), is left as it was. Runs on
     * the replay pool; every request is bounded by {@code timeouts}. Cancelling cancels the requests in flight (their
     * answers say "cancelled").
     */
    public Operation<List<ProbeResult>> altSvc(Target target, List<ProbeResult> results, Timeouts timeouts) {
        PairClient client = new PairClient("HEAD", "/", target.anchors(), target.trustsSystemRoots(), timeouts, 8, 0,
                List.of("alt-svc"), target.proxy());
        List<CompletableFuture<ProbeResult>> asked = new ArrayList<>();
        CompletableFuture<List<ProbeResult>> result = CompletableFuture.supplyAsync(() -> {
            for (ProbeResult r : results) {
                Optional<Handshake> h = r.handshakes().stream().filter(Handshake::completed).findFirst();
                Optional<String> sni = r.authority().effectiveSni();
                // a name the proxy resolved has no address here to send the HEAD to: left as it was (not asked)
                if (h.isEmpty() || sni.isEmpty() || r.resolvedByProxy()) {
                    asked.add(CompletableFuture.completedFuture(r));
                    continue;
                }
                String request = "HEAD / to " + h.get().endpoint();
                try {
                    asked.add(client.send(new PairClient.Exchange(sni.get(), r.authority().hostHeader(),
                            h.get().endpoint().address(), h.get().endpoint().port())).thenApply(answer ->
                            r.withAltSvc(Optional.of(new AltSvc(Optional.ofNullable(answer.headers().get("alt-svc")),
                                    request + answer.protocol().map(p -> " (" + p + ")").orElse(""), answer.status(),
                                    answer.error())))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    client.cancelAll();
                    asked.add(CompletableFuture.completedFuture(r.withAltSvc(Optional.of(new AltSvc(Optional.empty(),
                            request, 0, Optional.of("cancelled"))))));
                }
            }
            return asked.stream().map(CompletableFuture::join).toList();
        }, pools.replay()).whenComplete((done, failure) -> client.close());
        return new Operation<>(result, client::cancelAll);
    }

    /**
     * Replays {@code plan} against the target with {@code client}'s policy, 421 retry, protocol and timeouts (the
     * target decides names, trust and credentials). {@code progress} hears each recorded event on a replay thread.
     */
    public Operation<ReplayRun> replay(Target target, ReplayPlan plan, ClientOptions client, ReplayProgress progress) {
        ReplayHandle handle = new ReplayEngine(pools.replay(), clock).start(plan, target.replayOptions(client), progress);
        Optional<MeasuredThrough> through = target.measuredThrough();
        return new Operation<>(through.isEmpty() ? handle.result()
                : handle.result().thenApply(run -> run.withThrough(through)), handle::cancel);
    }

    /**
     * Plans a verification of every shared pair of {@code set}: probes every authority (DNS, TCP and TLS only, no HTTP
     * request) and decides, from the addresses they share and every client's prediction, which pairs are verified and
     * which requests that takes within {@code options}' budget ({@link VerifyPlan}). What {@code --dry-run} shows.
     */
    public Operation<VerifyPlan> planVerification(Target target, AuthoritySet set, VerifyOptions options) {
        return planVerification(target, set, options, List.of());
    }

    /**
     * {@link #planVerification(Target, AuthoritySet, VerifyOptions)} restricted to the pairs {@code only} names (every
     * shared pair when it is empty): the pairs a capture showed coalesced and answered ({@link CapturedCoalescing}),
     * verified even when the addresses resolved now no longer overlap. Every authority of {@code set} is probed.
     */
    public Operation<VerifyPlan> planVerification(Target target, AuthoritySet set, VerifyOptions options,
                                                  List<dev.misdirect.core.model.CoalescedPair> only) {
        ProbeOptions probeOptions = ProbeOptions.defaults().withConnectTimeout(options.timeouts().connect())
                .withTlsTimeout(options.timeouts().connect());
        // the probe results and one prediction are all a plan needs: not the inspection's analysis and findings
        Prober prober = target.prober(pools);
        ProbeHandle handle = prober.start(set.authorities(), target.probeOptions(probeOptions), ProbeListener.none());
        return new Operation<>(handle.results().thenApply(results -> VerifyPlan.of(results, predict(results),
                options.budget(), only)), handle::cancel);
    }

    /**
     * Verifies every shared pair of {@code set}: {@link #planVerification plans}, then sends each passenger B's request
     * on a connection opened for carrier A (SNI A, {@code :authority} B) and the same request twice on B's own
     * connection to the same address, and judges each pair ({@link dev.misdirect.core.model.PairVerdict}). One
     * connection per carrier SNI and address carries all its passengers as HTTP/2 streams. Only GET or HEAD, no
     * credential of any kind (no header, no client certificate), within the budget and the rate limit.
     * {@code progress} hears each answer on an HTTP client thread. Cancelling stops sending and cancels the requests
     * in flight; the run still completes, the pairs it could not judge untested.
     */
    public Operation<VerifyRun> verify(Target target, AuthoritySet set, VerifyOptions options, VerifyProgress progress) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Runnable> current = new AtomicReference<>(() -> { });
        Operation<VerifyPlan> planned = planVerification(target, set, options);
        current.set(planned.cancel());
        CompletableFuture<VerifyRun> result = planned.result().thenApplyAsync(plan ->
                send(target, plan, options, progress, cancelled, current), pools.replay());
        return new Operation<>(result, () -> {
            cancelled.set(true);
            current.get().run();
        });
    }

    /**
     * Verifies the pairs of a plan made before by {@link #planVerification} (the one a dry run showed), as
     * {@link #verify(Target, AuthoritySet, VerifyOptions, VerifyProgress)} does after planning.
     */
    public Operation<VerifyRun> verify(Target target, VerifyPlan plan, VerifyOptions options, VerifyProgress progress) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Runnable> current = new AtomicReference<>(() -> { });
        CompletableFuture<VerifyRun> result = CompletableFuture.supplyAsync(() ->
                send(target, plan, options, progress, cancelled, current), pools.replay());
        return new Operation<>(result, () -> {
            cancelled.set(true);
            current.get().run();
        });
    }

    /** Sends a plan and judges it, on the calling thread; {@code current} learns how to cancel what is in flight. */
    private VerifyRun send(Target target, VerifyPlan plan, VerifyOptions options, VerifyProgress progress,
                           AtomicBoolean cancelled, AtomicReference<Runnable> current) {
        PairClient client = new PairClient(options.method(), options.path(), target.anchors(),
                target.trustsSystemRoots(), options.timeouts(), options.maxInFlight(), options.requestsPerSecond(),
                PairAnswer.IDENTIFYING_HEADERS, target.proxy());
        current.set(client::cancelAll);
        if (cancelled.get()) {
            client.cancelAll();
        }
        try (client) {
            VerifyRun run = new Verification(plan, client, cancelled, progress).run(options, target, clock);
            // the egress of the connections that carried the requests; the names were resolved by the plan's probe
            return run.withVantage(Vantages.of(target, plan.probes(), target.resolver(pools.dns()),
                    client.localAddresses(), run.startedAt()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Where a run against {@code target} that records no connection facts happens (a replay): the target's label,
     * this machine's host name, the resolver, the time from this engine's clock, and an egress "unknown" (a replay's
     * connections do not record their local address). May block on the first call while the host name is read.
     */
    public Vantage vantage(Target target) {
        return Vantages.of(target, List.of(), target.resolver(pools.dns()), List.of(), clock.instant());
    }

    /**
     * Merges session documents from several vantage points into one ({@link SessionMerge#merge}): each vantage's
     * probes and verifications kept apart, and a finding per difference between them. Pure; stamped with this
     * engine's clock.
     *
     * @throws MergeException naming the document and the reason, when there are fewer than two documents or one has
     *                        nothing measured
     */
    public Session merge(List<SessionMerge.Source> sources) throws MergeException {
        return SessionMerge.merge(sources, clock.instant());
    }

    /**
     * Reproduces a lab scenario's 421: its default plan on its broken variant, under the policy its
     * {@link Playbook} names, with the client's 421 retry on (so the hidden 421 and the retry both show). Starts the
     * scenario when it does not run yet (blocking).
     *
     * @throws IllegalArgumentException when there is no such scenario
     * @throws LabStartException        when the lab cannot start
     */
    public Operation<ReplayRun> reproduce(Labs labs, String scenarioId, ReplayProgress progress)
            throws LabStartException {
        RunningLab broken = labs.start(scenarioId, false);
        Playbook playbook = Playbook.of(broken.scenario());
        return replay(Target.lab(broken), ReplayPlan.parse(broken.planText()),
                ClientOptions.of(playbook.reproducePolicy()).withRetry421(true), progress);
    }

    /**
     * Tries a lab scenario's fix: {@link #reproduce}, then the same plan with the {@link Playbook}'s fix (the fixed
     * variant, started beside the broken one, or one pool per authority). Cancelling during the first run skips
     * the second.
     *
     * @throws IllegalArgumentException when there is no such scenario
     * @throws LabStartException        when the broken variant cannot start (the fixed one failing to start
     *                                  completes the operation exceptionally)
     */
    public Operation<FixComparison> tryFix(Labs labs, String scenarioId, ReplayProgress progress)
            throws LabStartException {
        Scenario scenario = Labs.scenario(scenarioId);
        Playbook playbook = Playbook.of(scenario);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Runnable> current = new AtomicReference<>(() -> { });
        Operation<ReplayRun> before = reproduce(labs, scenarioId, progress);
        current.set(before.cancel());
        CompletableFuture<FixComparison> result = before.result().thenComposeAsync(b -> {
            if (cancelled.get()) {
                return CompletableFuture.completedFuture(new FixComparison(scenarioId, playbook, b, Optional.empty()));
            }
            RunningLab lab;
            try {
                lab = labs.start(scenarioId, playbook.fix().fixedVariant());
            } catch (LabStartException e) {
                throw new CompletionException(e);
            }
            Operation<ReplayRun> after = replay(Target.lab(lab), ReplayPlan.parse(lab.planText()),
                    ClientOptions.of(playbook.fix().policy()).withRetry421(true), progress);
            current.set(after.cancel());
            if (cancelled.get()) {
                after.stop();
            }
            return after.result().thenApply(a -> new FixComparison(scenarioId, playbook, b, Optional.of(a)));
        }, pools.replay());
        return new Operation<>(result, () -> {
            cancelled.set(true);
            current.get().run();
        });
    }

    /**
     * The expectations a check holds a target to: for a lab target without a file, the scenario's own expectations
     * of a healthy deployment; otherwise the file's ({@code text}, named {@code source} in errors), placed onto the
     * lab's origins for a lab target.
     *
     * @throws ExpectationsException    naming the line and the reason, when the file is bad
     * @throws IllegalArgumentException when a system target has no file
     */
    public static Expectations expectations(Target target, Optional<String> text, String source)
            throws ExpectationsException {
        Optional<RunningLab> lab = target.lab();
        if (text.isEmpty()) {
            return LabExpectations.healthy(lab.orElseThrow(() ->
                    new IllegalArgumentException("a check of real origins needs an expectations file")));
        }
        UnaryOperator<dev.misdirect.core.model.Authority> placement = lab.map(LabExpectations::placement)
                .orElse(UnaryOperator.identity());
        return Expectations.parse(text.get(), source, placement);
    }

    /**
     * Checks {@code expectations} against the target: probes each authority, replays GETs under the coalescing
     * policies, and judges every expectation. {@code timeout} bounds each connect, handshake and read (a call gets
     * three times that). Blocks the calling thread.
     *
     * @throws CheckCannotRunException when nothing at all could be checked (no authority reachable)
     * @throws InterruptedException    when the calling thread is interrupted
     */
    public CheckReport check(Target target, Expectations expectations, Duration timeout)
            throws InterruptedException, CheckCannotRunException {
        return check(target, expectations, timeout, false);
    }

    /**
     * {@link #check(Target, Expectations, Duration)}, with every shared pair of the file's authorities verified first
     * when {@code verify} is set or an expectation needs it ({@code no-misroute}): {@code no-misroute} and
     * {@code no-421-when-coalesced} are then judged by what the servers answered on each other's connections, and
     * the verify run is kept in the report's session.
     */
    public CheckReport check(Target target, Expectations expectations, Duration timeout, boolean verify)
            throws InterruptedException, CheckCannotRunException {
        Optional<VerifyRun> verified = Optional.empty();
        if (verify || expectations.needVerify()) {
            AuthoritySet set = AuthoritySet.of(expectations.authorities().stream()
                    .map(dev.misdirect.core.check.AuthorityExpectations::authority).toList());
            Operation<VerifyRun> op = verify(target, set, VerifyOptions.defaults()
                    .withTimeouts(new Timeouts(timeout, timeout, timeout.multipliedBy(3))), VerifyProgress.none());
            try {
                verified = Optional.of(op.result().get());
            } catch (InterruptedException e) {
                op.stop();
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new CheckCannotRunException("the pairs could not be verified: " + e.getCause().getMessage());
            }
        }
        ProbeOptions probeOptions = target.probeOptions(ProbeOptions.defaults().withConnectTimeout(timeout)
                .withTlsTimeout(timeout).withDnsTimeout(timeout));
        ClientOptions client = ClientOptions.of(ConnectionPolicy.ISOLATED)
                .withTimeouts(new Timeouts(timeout, timeout, timeout.multipliedBy(3)));
        Resolver resolver = target.resolver(pools.dns());
        Prober prober = target.prober(pools);
        Checker checker = new Checker(prober, probeOptions, new ReplayEngine(pools.replay(), clock),
                target.replayOptions(client), clock);
        Instant at = clock.instant();
        CheckReport report = checker.check(expectations, verified);
        return new CheckReport(report.source(), report.results(), report.session().withVantage(Optional.of(
                Vantages.of(target, report.session().probes(), resolver, prober.localAddresses(), at))));
    }
}
