package dev.misdirect.interop;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.replay.ServerLogSource;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.tls.ChainVerifier;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two names served by one real server on one loopback address and port, under one certificate covering both, and
 * the engine's view of them: the name map, the trusted test CA, probe, prediction and replay.
 *
 * @param id         what the pair shows ("tls-protocols", "client-verify", "control")
 * @param server     the running server
 * @param a          the name whose connection is opened first
 * @param b          the name whose request may travel on a's connection
 * @param mismatched true when the server's settings for a and b differ so that it refuses b on a's connection
 * @param visible    true when a handshake with each name shows the difference (false: only the configuration does)
 * @param ca         the CA that issued the shared certificate
 */
record ServedPair(String id, RealServer server, String a, String b, boolean mismatched, boolean visible,
                  X509Certificate ca) {

    /** Replay and probe limits: every call is bounded well below the test's own budget. */
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15));

    @Override
    public String toString() {
        return id + " (" + server.program() + ")";
    }

    String url(String host) {
        return "https://" + host + ":" + server.port + "/";
    }

    String key(String host) {
        return host + ":" + server.port;
    }

    Map<String, List<String>> nameMap() {
        return Map.of(a, List.of(server.address), b, List.of(server.address));
    }

    /** GET a, then GET b: b's request is the one a coalescing or IP-keyed client puts on a's connection. */
    ReplayPlan plan() {
        return ReplayPlan.parse("GET " + url(a) + " ; GET " + url(b));
    }

    /** Replays {@link #plan()} with the test CA trusted only, names from the map only, and the server's access log. */
    ReplayRun replay(ExecutorService executor, ConnectionPolicy policy, boolean retry421)
            throws InterruptedException, IOException {
        AtomicInteger sent = new AtomicInteger();
        return replay(executor, policy, retry421, server.serverLogFromNow(sent::get), sent);
    }

    /** Replays {@link #plan()} as a client alone sees it: no server view joined. */
    ReplayRun replayClientOnly(ExecutorService executor, ConnectionPolicy policy, boolean retry421)
            throws InterruptedException {
        return replay(executor, policy, retry421, ServerLogSource.none(), new AtomicInteger());
    }

    private ReplayRun replay(ExecutorService executor, ConnectionPolicy policy, boolean retry421, ServerLogSource log,
                             AtomicInteger sent) throws InterruptedException {
        ClientOptions client = ClientOptions.of(policy).withRetry421(retry421).withNames(nameMap())
                .withTrust(List.of(ca), false).withResolver(HostResolver.none()).withTimeouts(TIMEOUTS);
        ReplayOptions options = new ReplayOptions(client, Optional.empty(), false, log);
        return new ReplayEngine(executor).run(plan(), options, new ReplayProgress() {
            @Override
            public void event(TimelineEvent event) {
                if (event instanceof TimelineEvent.RequestSent) {
                    sent.incrementAndGet();
                }
            }
        });
    }

    /** Probes a and b (in that order) through the name map, trusting the test CA. */
    List<ProbeResult> probe(ExecutorService executor) throws InterruptedException {
        return probe(executor, false);
    }

    /** Probes a and b, with or without the TLS settings pass. */
    List<ProbeResult> probe(ExecutorService executor, boolean tlsSettings) throws InterruptedException {
        Prober prober = new Prober(executor, new MapResolver(nameMap(), "interop name map"),
                ChainVerifier.trusting(List.of(ca)));
        ProbeOptions options = ProbeOptions.defaults().withConnectTimeout(TIMEOUTS.connect())
                .withTlsTimeout(TIMEOUTS.connect()).withDnsTimeout(TIMEOUTS.connect()).withTlsSettings(tlsSettings);
        return prober.probe(List.of(Authority.of(a, server.port), Authority.of(b, server.port)), options);
    }

    /** The prediction of {@code policy} for b's request on a's connection. */
    PairDecision predict(List<ProbeResult> probes, ClientPolicy policy, PredictionInput input) {
        CoalescingPrediction prediction = new Predictor().predict(probes, input, Set.of(policy)).get(0);
        return prediction.pairs().stream().filter(p -> p.first().equals(key(a)) && p.second().equals(key(b)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + policy + " decision for " + b + " on " + a
                        + "'s connection in " + prediction.pairs()));
    }
}
