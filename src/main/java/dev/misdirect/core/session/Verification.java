package dev.misdirect.core.session;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.net.PairClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link VerifyPlan} with a {@link PairClient}: first the opening request on every authority's own connection
 * (each opens its connection), then, all at once, the second own-connection requests and every carried request as
 * streams on the connections already open (none on a connection whose opening request failed). Blocks the calling thread until every answer is in.
 */
final class Verification {
    private final VerifyPlan plan;
    private final PairClient client;
    private final AtomicBoolean cancelled;
    private final VerifyProgress progress;
    private final AtomicInteger done = new AtomicInteger();
    /** The opening request of each connection (SNI, address, port): it tells whether the connection works. */
    private final Map<String, CompletableFuture<PairAnswer>> openings = new HashMap<>();
    private int sent;

    Verification(VerifyPlan plan, PairClient client, AtomicBoolean cancelled, VerifyProgress progress) {
        this.plan = plan;
        this.client = client;
        this.cancelled = cancelled;
        this.progress = progress;
    }

    /** Sends the plan and judges every pair; {@code options} and {@code target} are recorded in the run. */
    VerifyRun run(VerifyOptions options, Target target, Clock clock) throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<String, CompletableFuture<PairAnswer>> answers = new HashMap<>();
        List<VerifyPlan.Request> first = plan.requests().stream()
                .filter(r -> r.purpose() == VerifyPlan.Purpose.OWN_FIRST).toList();
        sendAll(first, answers);
        await(answers.values());
        List<VerifyPlan.Request> rest = new ArrayList<>();
        for (VerifyPlan.Request r : plan.requests()) {
            if (r.purpose() == VerifyPlan.Purpose.OWN_FIRST) {
                continue;
            }
            // a connection whose opening request failed carries nothing more: its own second request and its
            // passengers are not sent, and they are untested
            CompletableFuture<PairAnswer> opening = openings.get(connection(r.sni(), r.address(), r.port()));
            if (opening == null || !opening.join().answered()) {
                continue;
            }
            rest.add(r);
        }
        sendAll(rest, answers);
        await(answers.values());
        List<PairVerification> judged = new ArrayList<>();
        for (VerifyPlan.Pair p : plan.pairs()) {
            String aSni = VerifyPlan.sniOf(p.carrier());
            String bSni = VerifyPlan.sniOf(p.passenger());
            Optional<PairAnswer> carrierOwn = Optional.ofNullable(openings.get(connection(aSni, p.address(),
                    p.carrier().port()))).map(CompletableFuture::join);
            Optional<PairAnswer> carried = answer(answers, key(aSni, p.passenger().hostHeader(), p.address(),
                    p.carrier().port(), VerifyPlan.Purpose.CARRIED));
            List<PairAnswer> own = new ArrayList<>();
            for (VerifyPlan.Purpose purpose : List.of(VerifyPlan.Purpose.OWN_FIRST, VerifyPlan.Purpose.OWN_SECOND)) {
                answer(answers, key(bSni, p.passenger().hostHeader(), p.address(), p.passenger().port(), purpose))
                        .ifPresent(own::add);
            }
            judged.add(PairJudge.judge(p, carrierOwn, carried, own, carried.isEmpty() && cancelled.get()
                    ? Optional.of("cancelled before it was sent") : Optional.empty()));
        }
        for (VerifyPlan.Pair p : plan.overBudget()) {
            judged.add(PairJudge.judge(p, Optional.empty(), Optional.empty(), List.of(), Optional.of(
                    "the budget of " + options.budget() + " requests was reached")));
        }
        judged.sort(Comparator.comparingInt((PairVerification v) -> -v.verdict().badness()));
        return new VerifyRun(options.method(), options.path(), options.budget(), sent, target.labScenario(),
                target.fixed(), started, (System.nanoTime() - t0) / 1_000, cancelled.get(), judged);
    }

    private void sendAll(List<VerifyPlan.Request> requests, Map<String, CompletableFuture<PairAnswer>> answers)
            throws InterruptedException {
        int total = plan.requests().size();
        for (VerifyPlan.Request r : requests) {
            if (cancelled.get()) {
                return;
            }
            CompletableFuture<PairAnswer> f = client.send(new PairClient.Exchange(r.sni(), r.authority(), r.address(),
                    r.port()));
            sent++;
            f.thenRun(() -> progress.answered(done.incrementAndGet(), total));
            answers.put(key(r.sni(), r.authority(), r.address(), r.port(), r.purpose()), f);
            if (r.purpose() == VerifyPlan.Purpose.OWN_FIRST) {
                openings.putIfAbsent(connection(r.sni(), r.address(), r.port()), f);
            }
        }
    }

    private static void await(java.util.Collection<CompletableFuture<PairAnswer>> all) throws InterruptedException {
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pair request failed unexpectedly", e.getCause());
        }
    }

    private static Optional<PairAnswer> answer(Map<String, CompletableFuture<PairAnswer>> answers, String key) {
        return Optional.ofNullable(answers.get(key)).map(CompletableFuture::join);
    }

    private static String connection(String sni, String address, int port) {
        return sni + " " + address + " " + port;
    }

    private static String key(String sni, String authority, String address, int port, VerifyPlan.Purpose purpose) {
        return sni + " " + authority + " " + address + " " + port + " " + purpose;
    }
}
