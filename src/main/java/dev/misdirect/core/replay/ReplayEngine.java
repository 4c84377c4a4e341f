package dev.misdirect.core.replay;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.net.CallOutcome;
import dev.misdirect.core.net.ReplayClient;
import dev.misdirect.core.net.ReplayRecorder;
import dev.misdirect.core.net.RequestSpec;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays plans for real and records them. Each run gets its own {@link ReplayClient} (fresh pools, so runs never
 * share connections) and recorder.
 *
 * <p>Threads: {@link #start} submits the run to the executor given at construction (the replay pool, owned by the
 * caller) and returns at once; a step with {@code concurrency > 1} sends its repeats from a pool of that size
 * created for the step and shut down after it. Every request has the client's timeouts, and the handle cancels.
 * Network failures never fail the run: they become step errors, timeline events and findings.
 */
public final class ReplayEngine {
    private final ExecutorService executor;
    private final Clock clock;

    /** @param executor runs replays (one task per run); owned by the caller */
    public ReplayEngine(ExecutorService executor) {
        this(executor, Clock.systemUTC());
    }

    public ReplayEngine(ExecutorService executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Starts replaying {@code plan}. Returns at once.
     *
     * @throws IllegalArgumentException when the options cannot make a client (bad name map entry, no trust)
     * @throws RejectedExecutionException when the executor refuses the run
     */
    public ReplayHandle start(ReplayPlan plan, ReplayOptions options, ReplayProgress progress) {
        ReplayHandle handle = new ReplayHandle();
        ReplayRecorder recorder = new ReplayRecorder(System::nanoTime, progress::event);
        ReplayClient client = new ReplayClient(options.client(), recorder);
        handle.onCancel(client::cancelAll);
        handle.task(executor.submit(() -> {
            try {
                handle.complete(execute(plan, options, progress, recorder, client, handle));
            } catch (Throwable t) {
                handle.fail(t);
            } finally {
                client.close();
            }
        }));
        return handle;
    }

    /** Replays {@code plan} and blocks until it is done (see {@link #start}). */
    public ReplayRun run(ReplayPlan plan, ReplayOptions options, ReplayProgress progress)
            throws InterruptedException {
        ReplayHandle handle = start(plan, options, progress);
        try {
            return handle.await();
        } catch (InterruptedException e) {
            handle.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("replay failed: " + e.getCause(), e.getCause());
        }
    }

    private ReplayRun execute(ReplayPlan plan, ReplayOptions options, ReplayProgress progress, ReplayRecorder recorder,
                              ReplayClient client, ReplayHandle handle) throws InterruptedException {
        var startedAt = clock.instant();
        int total = plan.requestCount();
        AtomicInteger done = new AtomicInteger();
        List<StepOutcome> outcomes = new ArrayList<>();
        int index = 0;
        for (ReplayPlan.Step step : plan.steps()) {
            if (handle.isCancelled()) {
                break;
            }
            int first = index;
            index += step.repeat();
            StepOutcome[] slots = new StepOutcome[step.repeat()];
            if (step.concurrency() <= 1 || step.repeat() == 1) {
                for (int r = 0; r < step.repeat() && !handle.isCancelled(); r++) {
                    slots[r] = send(client, step, first + r);
                    progress.requestDone(slots[r], done.incrementAndGet(), total);
                }
            } else {
                ExecutorService parallel = Executors.newFixedThreadPool(Math.min(step.concurrency(), step.repeat()),
                        r -> {
                            Thread t = new Thread(r, "misdirect-replay-parallel");
                            t.setDaemon(true);
                            return t;
                        });
                CountDownLatch latch = new CountDownLatch(step.repeat());
                try {
                    for (int r = 0; r < step.repeat(); r++) {
                        int slot = r;
                        parallel.execute(() -> {
                            try {
                                if (!handle.isCancelled()) {
                                    slots[slot] = send(client, step, first + slot);
                                    progress.requestDone(slots[slot], done.incrementAndGet(), total);
                                }
                            } finally {
                                latch.countDown();
                            }
                        });
                    }
                    latch.await();
                } finally {
                    parallel.shutdownNow();
                }
            }
            for (StepOutcome o : slots) {
                if (o != null) {
                    outcomes.add(o);
                }
            }
        }
        if (handle.isCancelled()) {
            recorder.emit(new TimelineEvent.Note(recorder.nowMicros(), TimelineEvent.UNKNOWN,
                    "run cancelled after " + done.get() + " of " + total + " requests"));
        }
        client.close();
        List<TimelineEvent> events = new ArrayList<>(recorder.events());
        outcomes = joinServerLog(outcomes, events, options.serverLog(), recorder);
        events = recorder.events();
        var c = options.client();
        return new ReplayRun(plan.toText(), c.policy(), c.retry421(), c.http1(), options.labScenario(),
                options.fixed(), startedAt, outcomes, events, ReplayFindings.of(outcomes, c.policy(), c.retry421()));
    }

    private static StepOutcome send(ReplayClient client, ReplayPlan.Step step, int index) {
        RequestSpec spec = new RequestSpec(index, step.method(), step.url(), step.headers(), step.body(), step.pin());
        CallOutcome out = client.send(spec);
        return new StepOutcome(index, step.method(), step.url().toString(), step.authorityKey(), out.finalStatus(),
                out.attempts(), out.error());
    }

    /**
     * Pairs each exchange with the server's record of it: the server log entries carrying the client port of the
     * exchange's connection, in order, matched to that connection's exchanges in the order they were sent.
     * Adds a {@code ServerObserved} event per matched exchange and the view to its attempt.
     */
    static List<StepOutcome> joinServerLog(List<StepOutcome> outcomes, List<TimelineEvent> events, ServerLogSource log,
                                           ReplayRecorder recorder) {
        List<ServerView> views = log.snapshot();
        if (views.isEmpty()) {
            return outcomes;
        }
        Map<Integer, Integer> localPortOf = new HashMap<>();
        Map<Integer, Long> responseAt = new HashMap<>();
        Map<Integer, List<TimelineEvent.RequestSent>> sentOn = new LinkedHashMap<>();
        for (TimelineEvent e : events) {
            if (e instanceof TimelineEvent.ConnectionOpened o) {
                localPortOf.put(o.connectionId(), o.localPort());
            } else if (e instanceof TimelineEvent.RequestSent r) {
                sentOn.computeIfAbsent(r.connectionId(), k -> new ArrayList<>()).add(r);
            } else if (e instanceof TimelineEvent.ResponseReceived r) {
                responseAt.put(r.exchangeId(), r.atMicros());
            }
        }
        Map<Integer, List<ServerView>> byPort = new HashMap<>();
        for (ServerView v : views) {
            byPort.computeIfAbsent(v.clientPort(), k -> new ArrayList<>()).add(v);
        }
        Map<Integer, ServerView> byExchange = new HashMap<>();
        sentOn.forEach((connectionId, sent) -> {
            Integer port = localPortOf.get(connectionId);
            List<ServerView> seen = port == null ? List.of() : byPort.getOrDefault(port, List.of());
            List<TimelineEvent.RequestSent> ordered = new ArrayList<>(sent);
            ordered.sort(Comparator.comparingInt(TimelineEvent.RequestSent::exchangeId));
            for (int i = 0; i < Math.min(ordered.size(), seen.size()); i++) {
                int exchange = ordered.get(i).exchangeId();
                byExchange.put(exchange, seen.get(i));
                recorder.emit(new TimelineEvent.ServerObserved(responseAt.getOrDefault(exchange,
                        ordered.get(i).atMicros()), exchange, seen.get(i)));
            }
        });
        List<StepOutcome> joined = new ArrayList<>();
        for (StepOutcome o : outcomes) {
            List<AttemptRecord> attempts = o.attempts().stream().map(a -> new AttemptRecord(a.exchangeId(),
                    a.connectionId(), a.sni(), a.authority(), a.status(), a.hidden(),
                    Optional.ofNullable(byExchange.get(a.exchangeId())).or(a::server))).toList();
            joined.add(new StepOutcome(o.step(), o.method(), o.url(), o.authority(), o.finalStatus(), attempts,
                    o.error()));
        }
        return joined;
    }
}
