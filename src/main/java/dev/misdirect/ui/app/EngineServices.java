package dev.misdirect.ui.app;

import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.ConnectionPolicy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeHandle;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.probe.SystemResolver;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayHandle;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.ServedRequest;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.LabService;
import dev.misdirect.ui.common.Progress;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.common.WorkbenchServices.ReplayRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The engine services of the workbench over the real engine: probe + analysis, prediction and replay. When a lab
 * scenario runs (see {@link LabController}), probes and replays of it use the lab's name map as their only DNS and
 * trust the lab's CA; otherwise the system resolver and the JDK trust store. Every call blocks the calling (worker)
 * thread and polls the {@link Cancellation} every {@value #POLL_MS} ms.
 */
final class EngineServices {
    static final long POLL_MS = 50;

    private final ExecutorService probePool;
    private final ExecutorService dnsPool;
    private final ExecutorService replayPool;
    private final LabController lab;
    private final Predictor predictor = new Predictor();
    private volatile ChainVerifier jdkVerifier;

    /**
     * @param probePool  runs probe connections
     * @param dnsPool    runs system DNS lookups
     * @param replayPool runs replays
     * @param lab        the lab whose running scenario probes and replays use
     */
    EngineServices(ExecutorService probePool, ExecutorService dnsPool, ExecutorService replayPool, LabController lab) {
        this.probePool = probePool;
        this.dnsPool = dnsPool;
        this.replayPool = replayPool;
        this.lab = lab;
    }

    /** Probes the set and analyses it. */
    Inspection inspect(AuthoritySet set, Progress progress, Cancellation cancel) {
        Optional<RunningLab> running = lab.current();
        Resolver resolver = running.<Resolver>map(r -> new MapResolver(r.nameMap(), "lab name map"))
                .orElseGet(() -> new SystemResolver(dnsPool));
        ChainVerifier verifier = running.map(r -> ChainVerifier.withJdkTrustStore(List.of(r.caCertificate())))
                .orElseGet(this::jdkVerifier);
        Prober prober = new Prober(probePool, resolver, verifier);
        int total = set.authorities().size();
        progress.report(0, total, "Probing " + total + " authorities");
        ProbeHandle handle = prober.start(set.authorities(), ProbeOptions.defaults(),
                (result, done, all) -> progress.report(done, all, "Probed " + result.authority().key()
                        + " (" + done + " of " + all + ")"));
        List<ProbeResult> results = await(handle.results(), handle::cancel, cancel);
        Inspection analysed = Analysis.analyse(results);
        // the clients' view belongs with the probe's: one finding per pair a client would share
        List<dev.misdirect.core.model.Finding> all = new ArrayList<>(analysed.findings());
        all.addAll(predictor.findings(predictor.predictAll(results)));
        return new Inspection(analysed.results(), analysed.coverage(), analysed.overlaps(), all);
    }

    /** Every client policy's prediction. Pure. */
    List<CoalescingPrediction> predict(AuthoritySet set, List<ProbeResult> results) {
        return predictor.predictAll(results);
    }

    /** Replays the request's plan; against the running lab (the fixed variant started when asked) when it names one. */
    ReplayRun replay(ReplayRequest request, Consumer<TimelineEvent> events, Cancellation cancel) {
        ConnectionPolicy policy = ConnectionPolicy.fromId(request.policy()).orElseThrow(() ->
                new IllegalArgumentException("policy '" + request.policy() + "' is not one of " + ConnectionPolicy.ids()));
        ReplayPlan plan = ReplayPlan.parse(request.planText());
        ClientOptions client = ClientOptions.of(policy).withRetry421(request.retry421()).withHttp1(request.http1());
        ReplayOptions options;
        if (request.labScenario().isPresent()) {
            RunningLab r = lab.runningLab(request.labScenario().get(), request.fixed());
            ClientOptions c = client.withNames(r.nameMap()).withTrust(List.of(r.caCertificate()), false)
                    .withResolver(HostResolver.none());
            options = ReplayOptions.lab(c, r.scenario().id(), r.fixed(),
                    () -> new ArrayList<>(r.serverLog().entries().stream().map(ServedRequest::toServerView).toList()));
        } else {
            options = ReplayOptions.of(client);
        }
        ReplayHandle handle = new ReplayEngine(replayPool).start(plan, options, new ReplayProgress() {
            @Override
            public void event(TimelineEvent event) {
                events.accept(event);
            }
        });
        return await(handle.result(), handle::cancel, cancel);
    }

    private ChainVerifier jdkVerifier() {
        ChainVerifier v = jdkVerifier;
        if (v == null) {
            v = ChainVerifier.withJdkTrustStore(List.of());
            jdkVerifier = v;
        }
        return v;
    }

    /** Waits for the result, cancelling the engine's work when the UI cancels or this thread is interrupted. */
    private static <T> T await(Future<T> result, Runnable engineCancel, Cancellation cancel) {
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
                Optional.of(new GuardedLab(labService)));
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
