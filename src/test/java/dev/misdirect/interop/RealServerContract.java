package dev.misdirect.interop;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.io.ImportKind;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.io.ServerLogJoin;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine must see against a real server program: for each pair of names sharing one certificate on one
 * IP:port, the replay policies get what the server really answers, the server's own access log agrees with every
 * recorded attempt, and the probe-based prediction of the 421 risk agrees with the server. Subclasses start the
 * servers once per class ({@link #startPairs()}, registering each with {@link #started}); {@link #stopAll()} stops
 * them, whatever the tests did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class RealServerContract {
    /** The clients whose connection the replay's {@code coalescing} and {@code ip-keyed} policies model. */
    static final List<ClientPolicy> SHARING = List.of(ClientPolicy.OKHTTP, ClientPolicy.IP_KEYED);

    /** The id of pairs whose b verifies client certificates and a does not. */
    static final String CLIENT_VERIFY = "client-verify";

    ExecutorService executor;
    List<ServedPair> pairs = List.of();
    private final RealServers servers = new RealServers();

    /** Starts the servers (the class's {@link RequiresPrograms} has checked they are installed) and names the pairs. */
    abstract List<ServedPair> startPairs() throws Exception;

    /** Registers a directory that {@link #stopAll()} deletes after the servers are stopped. */
    Path temporary(Path dir) {
        return servers.temporary(dir);
    }

    /** Registers a started server so that {@link #stopAll()} stops it whatever happens. */
    <S extends RealServer> S started(S server) {
        return servers.started(server);
    }

    @BeforeAll
    void startAll() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        pairs = startPairs();
    }

    @AfterAll
    void stopAll() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
        }
        servers.close();
    }

    Stream<ServedPair> mismatchedPairs() {
        return pairs.stream().filter(ServedPair::mismatched);
    }

    Stream<ServedPair> controlPairs() {
        return pairs.stream().filter(p -> !p.mismatched());
    }

    Stream<ServedPair> allPairs() {
        return pairs.stream();
    }

    static Stream<ConnectionPolicy> sharingPolicies() {
        return Stream.of(ConnectionPolicy.COALESCING, ConnectionPolicy.IP_KEYED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatchedPairs")
    void coalescing_and_ip_keyed_without_retry_send_b_on_a_connection_and_the_server_answers_421(ServedPair pair)
            throws Exception {
        for (ConnectionPolicy policy : sharingPolicies().toList()) {
            ReplayRun run = pair.replay(executor, policy, false);
            String what = pair + " " + policy + " retry off";
            assertThat(run.steps()).as(what).extracting(StepOutcome::finalStatus).containsExactly(200, 421);
            AttemptRecord onA = run.steps().get(0).attempts().get(0);
            assertThat(run.steps().get(1).attempts()).as(what).singleElement().satisfies(b -> {
                assertThat(b.connectionId()).as(what + ": b on a's connection").isEqualTo(onA.connectionId());
                assertThat(b.sni()).as(what).contains(pair.a());
                assertThat(b.hidden()).as(what + ": nothing retried, nothing hidden").isFalse();
            });
            assertServerLogAgrees(pair, run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatchedPairs")
    void the_real_servers_error_log_imported_beside_the_replay_shows_its_421_for_b_on_a_connection(ServedPair pair)
            throws Exception {
        ReplayRun run = pair.replayClientOnly(executor, ConnectionPolicy.IP_KEYED, false);
        AttemptRecord refused = run.steps().get(1).attempts().get(0);
        assertThat(refused.status()).as(pair.toString()).isEqualTo(421);
        assertThat(refused.server()).as(pair + ": a client alone has no server view").isEmpty();
        Path log = pair.server().awaitErrorLog(pair.b());

        Importers importers = new Importers();
        ImportKind kind = importers.detect(log);
        ServerLogJoin.Joined joined = ServerLogJoin.join(run, importers.serverLog(log));

        assertThat(kind.serverLog()).as(kind.label()).isTrue();
        assertThat(kind.label().split(" ")[0]).isEqualTo(pair.server().program().split(" ")[0]);
        assertThat(joined.run().steps().get(1).attempts()).singleElement().satisfies(b -> {
            ServerView seen = b.server().orElseThrow(() -> new AssertionError(pair + ": no line of " + log.getFileName()
                    + " joined to b's 421 (" + joined.unmatched() + ")"));
            assertThat(seen.sni()).as(pair + " SNI").contains(pair.a());
            // nginx logs the Host header as sent (with the port), Apache the host name
            assertThat(seen.authority()).as(pair + " Host").matches(java.util.regex.Pattern.quote(pair.b()) + "(:\\d+)?");
            assertThat(seen.status()).isEqualTo(421);
            assertThat(seen.origin()).contains("error.log line ");
        });
        assertThat(joined.run().steps().get(0).attempts().get(0).server()).as("a's 200 is no error").isEmpty();
        assertThat(joined.run().events()).anySatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(TimelineEvent.ServerObserved.class,
                        o -> assertThat(o.exchangeId()).isEqualTo(refused.exchangeId())));
        assertThat(joined.run().findings()).anySatisfy(f -> assertThat(f.title())
                .endsWith("refused with 421 Misdirected Request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatchedPairs")
    void with_retry_on_the_421_is_recorded_as_hidden_and_b_gets_200_on_its_own_connection(ServedPair pair)
            throws Exception {
        for (ConnectionPolicy policy : sharingPolicies().toList()) {
            ReplayRun run = pair.replay(executor, policy, true);
            String what = pair + " " + policy + " retry on";
            assertThat(run.steps()).as(what).extracting(StepOutcome::finalStatus).containsExactly(200, 200);
            List<AttemptRecord> b = run.steps().get(1).attempts();
            assertThat(b).as(what).hasSize(2);
            assertThat(b.get(0).status()).as(what).isEqualTo(421);
            assertThat(b.get(0).hidden()).as(what + ": the 421 is hidden").isTrue();
            assertThat(b.get(0).sni()).as(what).contains(pair.a());
            assertThat(b.get(1).status()).as(what).isEqualTo(200);
            assertThat(b.get(1).connectionId()).as(what + ": retried on another connection")
                    .isNotEqualTo(b.get(0).connectionId());
            assertThat(b.get(1).sni()).as(what).contains(pair.b());
            assertThat(run.events()).as(what).anySatisfy(e -> assertThat(e)
                    .isInstanceOfSatisfying(TimelineEvent.Misdirected.class, m -> {
                        assertThat(m.hiddenByClient()).isTrue();
                        assertThat(m.exchangeId()).isEqualTo(b.get(0).exchangeId());
                    }));
            assertServerLogAgrees(pair, run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlPairs")
    void control_coalescing_and_ip_keyed_send_b_on_a_connection_and_the_server_answers_200(ServedPair pair)
            throws Exception {
        for (ConnectionPolicy policy : sharingPolicies().toList()) {
            for (boolean retry : new boolean[] {false, true}) {
                ReplayRun run = pair.replay(executor, policy, retry);
                String what = pair + " " + policy + " retry " + retry;
                assertThat(run.steps()).as(what).extracting(StepOutcome::finalStatus).containsExactly(200, 200);
                assertThat(run.misdirectedCount()).as(what).isZero();
                assertThat(run.steps().get(1).attempts()).as(what).singleElement().satisfies(b -> {
                    assertThat(b.connectionId()).as(what + ": b on a's connection")
                            .isEqualTo(run.steps().get(0).attempts().get(0).connectionId());
                    assertThat(b.sni()).as(what).contains(pair.a());
                });
                assertServerLogAgrees(pair, run);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allPairs")
    void isolated_sends_each_name_on_its_own_connection_and_gets_200(ServedPair pair) throws Exception {
        for (boolean retry : new boolean[] {false, true}) {
            ReplayRun run = pair.replay(executor, ConnectionPolicy.ISOLATED, retry);
            String what = pair + " isolated retry " + retry;
            assertThat(run.steps()).as(what).extracting(StepOutcome::finalStatus).containsExactly(200, 200);
            assertThat(run.misdirectedCount()).as(what).isZero();
            AttemptRecord a = run.steps().get(0).attempts().get(0);
            AttemptRecord b = run.steps().get(1).attempts().get(0);
            assertThat(b.connectionId()).as(what).isNotEqualTo(a.connectionId());
            assertThat(a.sni()).as(what).contains(pair.a());
            assertThat(b.sni()).as(what).contains(pair.b());
            assertServerLogAgrees(pair, run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allPairs")
    void the_predicted_421_risk_of_b_on_a_connection_agrees_with_what_the_server_answered(ServedPair pair)
            throws Exception {
        List<ProbeResult> probes = probe(pair);
        PredictionInput noClientCert = PredictionInput.defaults().withClientCertificate(false);
        ReplayRun ipKeyed = pair.replay(executor, ConnectionPolicy.IP_KEYED, false);
        int served = ipKeyed.steps().get(1).finalStatus();
        assertThat(served).as(pair + ": what the server answered for b on a's connection").isIn(200, 421);
        for (ClientPolicy client : SHARING) {
            PairDecision d = pair.predict(probes, client, noClientCert);
            String what = pair + " " + client.id() + ": " + d.rule() + " / " + d.riskReason();
            assertThat(d.shared()).as(what).isTrue();
            if (served == 421 && pair.visible()) {
                assertThat(d.risk()).as(what + " (the server answered 421)").isEqualTo(MisdirectRisk.LIKELY);
            } else if (served == 421) {
                // one handshake per name looks the same for both: the prediction cannot say more than POSSIBLE,
                // and must name the configured settings a handshake does not show
                assertThat(d.risk()).as(what + " (the server answered 421)").isEqualTo(MisdirectRisk.POSSIBLE);
                assertThat(d.riskReason()).as(what).contains("unless the two vhosts differ in settings a handshake "
                        + "does not show");
            } else {
                assertThat(d.risk()).as(what + " (the server answered 200)").isEqualTo(MisdirectRisk.POSSIBLE);
            }
        }
        assertThat(served == 421).as(pair + ": the pair was set up to be refused").isEqualTo(pair.mismatched());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allPairs")
    void probe_and_prediction_report_a_client_certificate_request_on_b_only_where_the_server_makes_one(ServedPair pair)
            throws Exception {
        List<ProbeResult> probes = probe(pair);
        boolean bAsks = pair.id().equals(CLIENT_VERIFY);
        Handshake a = probes.get(0).handshakes().get(0);
        Handshake b = probes.get(1).handshakes().get(0);
        assertThat(a.clientCertRequested()).as(pair + ": " + pair.a() + " asks for a client certificate").isFalse();
        assertThat(b.clientCertRequested()).as(pair + ": " + pair.b() + " asks for a client certificate")
                .isEqualTo(bAsks);
        Inspection inspection = Analysis.analyse(probes);
        List<Finding> clientCert = inspection.findings().stream()
                .filter(f -> f.cause() == FindingCause.CLIENT_CERT_DIFFERS).toList();
        PairDecision predicted = pair.predict(probes, ClientPolicy.OKHTTP,
                PredictionInput.defaults().withClientCertificate(false));
        if (bAsks) {
            assertThat(clientCert).as(pair + " probe findings").singleElement().satisfies(f -> {
                // headless Chromium does reuse a's connection for b here (ChromiumInteropTest, nginx client-verify)
                assertThat(f.title()).as(pair + " finding").contains(" asks for a client certificate and ")
                        .contains("a browser reuses a connection to").contains("answer 421");
                assertThat(f.title().indexOf(pair.b())).as(f.title()).isLessThan(f.title().indexOf(pair.a()));
                assertThat(f.authorities()).containsExactlyInAnyOrder(pair.key(pair.a()), pair.key(pair.b()));
            });
            assertThat(predicted.riskReason()).as(pair + " predicted risk")
                    .contains(pair.key(pair.b()) + " asks for a client certificate");
        } else {
            assertThat(clientCert).as(pair + " probe findings").isEmpty();
            assertThat(predicted.riskReason()).as(pair + " predicted risk").doesNotContain("client certificate");
        }
    }

    List<ProbeResult> probe(ServedPair pair) throws InterruptedException {
        ExecutorService probes = Prober.newExecutor(2);
        try {
            List<ProbeResult> results = pair.probe(probes);
            assertThat(results).as(pair + " probe").allSatisfy(r -> assertThat(r.handshakes())
                    .as(r.authority() + " handshakes").isNotEmpty().allSatisfy(h -> assertThat(h.completed())
                            .as(r.authority() + ": " + h.message()).isTrue()));
            return results;
        } finally {
            probes.shutdownNow();
        }
    }

    /**
     * Every attempt of the run is in the server's own access log (joined by client port and order): the server saw
     * the same SNI, the same Host and answered the same status as the client recorded.
     */
    static void assertServerLogAgrees(ServedPair pair, ReplayRun run) {
        for (StepOutcome s : run.steps()) {
            for (AttemptRecord a : s.attempts()) {
                String what = pair + " " + run.policy() + " step " + (s.step() + 1) + " exchange " + a.exchangeId();
                Optional<ServerView> seen = a.server();
                assertThat(seen).as(what + ": in the server's access log").isPresent();
                assertThat(seen.get().sni()).as(what + " SNI").isEqualTo(a.sni());
                assertThat(seen.get().authority()).as(what + " Host").isEqualTo(a.authority());
                assertThat(seen.get().status()).as(what + " status").isEqualTo(a.status());
                assertThat(seen.get().alpn()).as(what + " protocol").isEqualTo("h2");
            }
        }
    }
}
