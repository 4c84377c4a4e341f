package dev.misdirect.interop;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code verify} must say against real server programs: every ordered pair of names served on one loopback
 * address and port gets the verdict that the servers' own logs show they gave it. Each subclass starts one setup
 * ({@link #startSetup()}, registering what it starts with {@link #servers}); the verification runs once, through the
 * application layer as {@code misdirect verify --resolve ... --cacert ...} does (the system target, each name pinned to
 * the address, the test CA added), and {@link #stopAll()} stops everything whatever the tests did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class VerifyInteropContract {
    /** How long the whole verification may take: every request in it is bounded by {@link ServedPair#TIMEOUTS}. */
    static final int VERIFY_SECONDS = 60;

    /**
     * The names one setup serves on one loopback address and port under one certificate, and the verdict the setup
     * is built to give every ordered pair of them.
     */
    record Setup(String address, int port, List<String> names, X509Certificate ca, PairVerdict expected) {
    }

    /**
     * One request as the server side recorded it.
     *
     * @param clientPort the port of the client's connection (through a proxy: the port the proxy logged)
     * @param sni        the TLS server name of that connection
     * @param host       the Host / {@code :authority} host, without a port
     * @param status     what was answered
     * @param site       which server program, or behind a proxy which backend, answered
     */
    record Served(int clientPort, Optional<String> sni, String host, int status, String site) {
    }

    final RealServers servers = new RealServers();
    Setup setup;
    VerifyRun run;
    List<Served> served;
    private EnginePools pools;

    /** Starts the servers (the class's {@link RequiresPrograms} has checked they are installed). */
    abstract Setup startSetup() throws Exception;

    /** What the servers recorded of the requests of {@code run}, read when they have logged every one (bounded). */
    abstract List<Served> served(VerifyRun run) throws Exception;

    @BeforeAll
    void startAndVerify() throws Exception {
        setup = startSetup();
        pools = EnginePools.forCommand(4);
        Target target = Target.system().withAddedCas(List.of(setup.ca()));
        AuthoritySet set = AuthoritySet.of(setup.names().stream()
                .map(n -> Authority.of(n, setup.port()).withResolve(List.of(setup.address()))).toList());
        VerifyOptions options = VerifyOptions.defaults().withTimeouts(ServedPair.TIMEOUTS);
        run = new Engine(pools).verify(target, set, options, VerifyProgress.none()).result()
                .get(VERIFY_SECONDS, TimeUnit.SECONDS);
        served = served(run);
    }

    @AfterAll
    void stopAll() throws Exception {
        if (pools != null) {
            pools.close();
        }
        servers.close();
    }

    @Test
    void every_ordered_pair_gets_the_verdict_the_server_gave_its_request_on_the_other_names_connection() {
        int n = setup.names().size();
        assertThat(run.pairs()).as("every ordered pair of %s at %s", setup.names(), setup.address())
                .hasSize(n * (n - 1));
        for (PairVerification v : run.pairs()) {
            String what = v.passenger() + " on " + v.carrier() + "'s connection: " + v.reason();
            assertThat(v.address()).as(what).isEqualTo(setup.address());
            assertThat(v.verdict()).as(what).isEqualTo(whatTheServerDid(v)).isEqualTo(setup.expected());
        }
    }

    /**
     * The verdict the server's log gives the pair: its line for B's request on A's connection (that connection's client
     * port, SNI A, Host B) says 421, or the same status from the same site as B's own requests, or something else.
     */
    PairVerdict whatTheServerDid(PairVerification v) {
        String a = HostPort.hostOf(v.carrier());
        String b = HostPort.hostOf(v.passenger());
        PairAnswer carried = v.carried().orElseThrow(() -> new AssertionError(b + "'s request on " + a
                + "'s connection was not sent: " + v.reason()));
        Served onA = servedFor(carried, a, b);
        assertThat(onA.status()).as("%s on %s's connection: the server's status and the client's", b, a)
                .isEqualTo(carried.status());
        assertThat(v.own()).as(b + "'s own requests").hasSize(2);
        List<Served> own = v.own().stream().map(o -> servedFor(o, b, b)).toList();
        if (onA.status() == 421) {
            return PairVerdict.REFUSED_421;
        }
        boolean same = own.stream().allMatch(o -> o.status() == onA.status() && o.site().equals(onA.site()));
        return same ? PairVerdict.SHARED_OK : PairVerdict.MISROUTED;
    }

    private Served servedFor(PairAnswer answer, String sni, String host) {
        List<Served> lines = served.stream().filter(s -> s.clientPort() == answer.localPort()
                && s.sni().equals(Optional.of(sni)) && s.host().equals(host)).toList();
        assertThat(lines).as("the server's log lines for Host %s on the connection with SNI %s from port %d in %s",
                host, sni, answer.localPort(), served).isNotEmpty();
        return lines.get(0);
    }

    /** The requests {@code run} sent with this SNI, each once (B's own answers are shared by every pair B is in). */
    static long requestsWithSni(VerifyRun run, String sni) {
        Set<PairAnswer> answers = new LinkedHashSet<>();
        for (PairVerification v : run.pairs()) {
            v.carried().ifPresent(answers::add);
            answers.addAll(v.own());
        }
        return answers.stream().filter(a -> a.sni().equals(sni)).count();
    }

    /** The access log of a server this test started (Apache httpd, nginx) once it holds {@code requests} entries. */
    static List<Served> accessLog(RealServer server, long requests) throws Exception {
        server.awaitEntries((int) requests);
        return server.accessLog().stream().map(e -> new Served(e.clientPort(), e.sni(), HostPort.hostOf(e.host()),
                e.status(), server.origin())).toList();
    }
}
