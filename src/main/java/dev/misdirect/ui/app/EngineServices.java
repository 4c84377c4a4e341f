package dev.misdirect.ui.app;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.FixComparison;
import dev.misdirect.core.session.Operation;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyPlan;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.LabService;
import dev.misdirect.ui.common.Progress;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.common.WorkbenchServices.ReplayRequest;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The workbench's side of the engine: its services call the application layer ({@link Engine}) with a
 * {@link Target} for what the session looks at, as each request names it: the session's lab scenario for a lab
 * session (started when it does not run), the system for every other session, whatever lab runs beside it
 * (the trust rule is the target's, the same as the command line's). Every call blocks the calling (worker) thread
 * and polls the {@link Cancellation} every {@value #POLL_MS} ms.
 */
final class EngineServices {
    static final long POLL_MS = 50;

    private final Engine engine;
    private final LabController lab;
    private final ProxySetting proxy = new ProxySetting();
    /** The label probes record when Inspect's field is empty: {@code -Dmisdirect.vantage=LABEL}, else none. */
    private final Optional<String> vantageLabel = Optional.ofNullable(System.getProperty("misdirect.vantage"));
    private final DnsSetting dns = new DnsSetting();
    /** The real network; kept, so its chain verifier (the JDK's trust store, read once) serves every run. */
    private final Target systemBase = Target.system();

    /**
     * @param pools the executors the engine runs on (probe, DNS, replay)
     * @param lab   the lab whose scenarios lab sessions probe and replay
     */
    EngineServices(EnginePools pools, LabController lab) {
        this(new Engine(pools), lab);
    }

    /** Over an engine made elsewhere (tests share one). */
    EngineServices(Engine engine, LabController lab) {
        this.engine = engine;
        this.lab = lab;
    }

    /**
     * Probes the set against the session's target and analyses it, the clients' view included; with
     * {@code tlsSettings} the settings pass too.
     */
    Inspection inspect(SessionTarget session, AuthoritySet set, boolean tlsSettings, Progress progress,
                       Cancellation cancel) {
        Target target = target(session.labScenario()).withVantageLabel(session.vantage().or(() -> vantageLabel));
        int total = set.authorities().size();
        progress.report(0, total, "Probing " + total + " authorities");
        Operation<Inspection> probe = engine.probe(target, set, ProbeOptions.defaults().withTlsSettings(tlsSettings),
                (result, done, all) -> progress.report(done, all, "Probed " + result.authority().key()
                        + " (" + done + " of " + all + ")"));
        Inspection inspected = await(probe, cancel);
        if (session.labScenario().isPresent() || !dns.altSvc() || cancel.isCancelled()) {
            return inspected;
        }
        progress.report(0, 0, "Asking each reachable name's Alt-Svc (one HEAD / per name)");
        ProbeOptions o = ProbeOptions.defaults();
        return engine.inspect(await(engine.altSvc(target, inspected.results(), new Timeouts(o.connectTimeout(),
                o.tlsTimeout(), o.connectTimeout().plus(o.tlsTimeout().multipliedBy(2)))), cancel))
                .withVantage(inspected.vantage());
    }

    /** The lab scenario's broken variant (started when it does not run) for a lab session, the system otherwise. */
    Target target(Optional<String> labScenario) {
        return labScenario.map(id -> Target.lab(lab.runningLab(id, false))).orElseGet(this::system);
    }

    /**
     * The real network, through the workbench's proxy when one is set (File › Proxy…), asking its DNS server when one
     * is set (File › DNS server…).
     */
    private Target system() {
        return proxy.apply(dns.apply(systemBase));
    }

    /** The DNS server that sessions on the real network ask, and whether Probe asks for Alt-Svc. */
    DnsSetting dnsSetting() {
        return dns;
    }

    /** The proxy that sessions on the real network go through. */
    ProxySetting proxySetting() {
        return proxy;
    }

    /** Every client policy's prediction. Pure. */
    List<CoalescingPrediction> predict(AuthoritySet set, List<ProbeResult> results) {
        return engine.predict(results);
    }

    /** Replays the request's plan; against the running lab (the fixed variant started when asked) when it names one. */
    ReplayRun replay(ReplayRequest request, Consumer<TimelineEvent> events, Cancellation cancel) {
        ClientOptions client = ClientOptions.of(request.policy()).withRetry421(request.retry421())
                .withHttp1(request.http1());
        Target target = request.labScenario().map(id -> Target.lab(lab.runningLab(id, request.fixed())))
                .orElseGet(this::system);
        Operation<ReplayRun> replay = engine.replay(target, request.plan(), client, new ReplayProgress() {
            @Override
            public void event(TimelineEvent event) {
                events.accept(event);
            }
        });
        return await(replay, cancel);
    }

    /** "Try the fix" on the lab's scenario through the engine's use case (which starts the fixed variant if needed). */
    WorkbenchServices.FixRun tryFix(String scenarioId, Progress progress, Cancellation cancel) {
        progress.report(0, 1, "Trying the fix for " + scenarioId + ": the broken run, then the fixed one");
        Operation<FixComparison> op;
        try {
            op = engine.tryFix(lab.labs(), scenarioId, ReplayProgress.none());
        } catch (LabStartException e) {
            throw new IllegalStateException("cannot start lab scenario " + scenarioId + ": " + e.getMessage(), e);
        }
        FixComparison c = await(op, cancel);
        return new WorkbenchServices.FixRun(c.before(), c.after());
    }

    /**
     * Verifies the request's pairs against the session's target: plans (probing every authority), sends, and judges
     * the probe results by the run, as {@code misdirect verify} does.
     */
    WorkbenchServices.Verified verify(WorkbenchServices.VerifyRequest request, Progress progress, Cancellation cancel) {
        Target target = target(request.target().labScenario());
        VerifyOptions options = VerifyOptions.defaults();
        int n = request.set().authorities().size();
        progress.report(0, 0, "Verifying: probing " + n + (n == 1 ? " authority" : " authorities"));
        VerifyPlan plan = await(engine.planVerification(target, request.set(), options, request.only()), cancel);
        if (cancel.isCancelled()) {
            throw new IllegalStateException("cancelled before any pair was sent");
        }
        int pairs = plan.pairs().size();
        progress.report(0, plan.requests().size(), "Verifying " + pairs + (pairs == 1 ? " pair" : " pairs"));
        VerifyRun run = await(engine.verify(target, plan, options, (done, total) -> progress.report(done, total,
                "Verifying " + pairs + (pairs == 1 ? " pair" : " pairs") + ": " + done + " of " + total
                        + " requests answered")), cancel);
        return judge(plan.probes(), run);
    }

    /** Probe results judged by a verify run: the measured findings and predictions. Pure. */
    WorkbenchServices.Verified judge(List<ProbeResult> probes, VerifyRun run) {
        return new WorkbenchServices.Verified(run, engine.verified(probes, run));
    }

    /** Waits for the result, cancelling the engine's work when the UI cancels or this thread is interrupted. */
    private static <T> T await(Operation<T> operation, Cancellation cancel) {
        Future<T> result = operation.result();
        Runnable engineCancel = operation.cancel();
        boolean cancelled = false;
        while (true) {
            if (!cancelled && cancel.isCancelled()) {
                engineCancel.run();
                cancelled = true; // the engine still completes with what it recorded
            }
            try {
                return result.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                engineCancel.run();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(String.valueOf(c.getMessage()), c);
            }
        }
    }

    /** The services record for the workbench, each blocking service guarded against the FX thread. */
    WorkbenchServices services(WorkbenchServices.AuthorityLineParser parser, LabService labService) {
        return new WorkbenchServices(parser,
                Optional.of(WorkbenchApp.guarded(WorkbenchServices.InspectionService.class, this::inspect)),
                Optional.of(this::predict),
                Optional.of(WorkbenchApp.guarded(WorkbenchServices.ReplayService.class, this::replay)),
                Optional.empty(), Optional.empty(),
                Optional.of(new GuardedLab(labService)),
                Optional.of(WorkbenchApp.guarded(WorkbenchServices.FixService.class, this::tryFix)),
                Optional.of(WorkbenchApp.guarded(WorkbenchServices.VerifyService.class,
                        new WorkbenchServices.VerifyService() {
                            @Override
                            public WorkbenchServices.Verified verify(WorkbenchServices.VerifyRequest request,
                                                                     Progress progress, Cancellation cancel) {
                                return EngineServices.this.verify(request, progress, cancel);
                            }

                            @Override
                            public WorkbenchServices.Verified judge(List<ProbeResult> probes, VerifyRun run) {
                                return EngineServices.this.judge(probes, run);
                            }
                        })));
    }

    /** The lab with its blocking methods (start, stop, running) refused on the FX thread; the rest passes. */
    private record GuardedLab(LabService lab) implements LabService {
        @Override
        public java.util.List<dev.misdirect.ui.common.LabScenario> scenarios() {
            return lab.scenarios();
        }

        @Override
        public dev.misdirect.ui.common.LoadedLab start(String scenarioId, boolean fixed) {
            return blocking().start(scenarioId, fixed);
        }

        @Override
        public void stop() {
            blocking().stop();
        }

        @Override
        public Optional<dev.misdirect.ui.common.LoadedLab> running() {
            return blocking().running();
        }

        @Override
        public AutoCloseable subscribe(Consumer<dev.misdirect.ui.common.ServedRow> listener) {
            return lab.subscribe(listener);
        }

        private LabService blocking() {
            return WorkbenchApp.guarded(LabService.class, lab);
        }
    }
}
