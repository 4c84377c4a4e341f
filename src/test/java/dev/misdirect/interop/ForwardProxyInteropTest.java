package dev.misdirect.interop;

import dev.misdirect.cli.Cli;
import dev.misdirect.cli.ExitCode;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.ForwardProxy;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Operation;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.TestEngine;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyProgress;
import dev.misdirect.interop.RequiresPrograms.Program;
import dev.misdirect.lab.RunningLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's tinyproxy as the forward proxy in front of the lab's {@code tenants-wildcard} scenario (one origin that
 * refuses cross-tenant requests with 421): probe, replay and verify through its {@code CONNECT} tunnels must find
 * what they find directly (certificates, SANs, ALPN, 421s, verdicts), and the proxy's log must show that they went
 * through it. A second tinyproxy asks for Basic credentials: the right ones open tunnels, none or wrong ones are
 * named in the proxy's own words, and the password is never printed.
 */
@RequiresPrograms(Program.TINYPROXY)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardProxyInteropTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    static Path home;

    private final Engine engine = TestEngine.engine();
    private final RealServers servers = new RealServers();
    private Labs labs;
    private RunningLab lab;
    private Tinyproxy open;
    private Tinyproxy guarded;

    @BeforeAll
    void start() throws Exception {
        labs = TestEngine.labs(home.resolve("ca"));
        lab = labs.start("tenants-wildcard", false);
        open = servers.started(Tinyproxy.start(List.of(lab.port()), Optional.empty()));
        guarded = servers.started(Tinyproxy.start(List.of(lab.port()), Optional.of(Map.entry(USER, PASSWORD))));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            servers.close();
        } finally {
            labs.close();
        }
    }

    private static <T> T await(Operation<T> op) throws Exception {
        return op.result().get(60, TimeUnit.SECONDS);
    }

    private Target direct() {
        return Target.lab(lab);
    }

    private Target through(Tinyproxy proxy, Optional<String> userInfo) {
        return Target.lab(lab).withProxy(Optional.of(ForwardProxy.parse(proxy.url(userInfo))));
    }

    private Inspection probe(Target target) throws Exception {
        return await(engine.probe(target, lab.authoritySet(), ProbeOptions.defaults(), ProbeListener.none()));
    }

    /** What a probe learned of each handshake that a proxy in between must not change. */
    private static List<String> facts(Inspection inspection) {
        return inspection.results().stream().flatMap(r -> r.handshakes().stream().map(h -> String.join(" | ",
                r.authority().key(), String.join(",", r.addresses()), h.endpoint().toString(), h.sniSent().orElse("-"),
                h.status().toString(), h.alpn().orElse("-"), h.tlsVersion().orElse("-"),
                h.leaf().map(l -> l.sha256Fingerprint() + " " + l.dnsNames()).orElse("-"), h.verdict().toString())))
                .toList();
    }

    private List<Integer> statuses(ReplayRun run) {
        return run.steps().stream().flatMap(s -> s.attempts().stream().map(a -> a.status())).toList();
    }

    private ReplayRun replay(Target target) throws Exception {
        return await(engine.replay(target, ReplayPlan.parse(lab.planText()),
                ClientOptions.of(ConnectionPolicy.COALESCING), ReplayProgress.none()));
    }

    @Test
    void a_probe_through_the_proxy_finds_the_certificates_sans_and_alpn_it_finds_directly() throws Exception {
        int before = open.tunnelsAskedFor().size();
        Inspection viaProxy = probe(through(open, Optional.empty()));

        assertThat(facts(viaProxy)).isEqualTo(facts(probe(direct())));
        assertThat(viaProxy.results()).allSatisfy(r -> assertThat(r.handshakes()).allSatisfy(h ->
                assertThat(h.message()).isEqualTo("handshake ok through the proxy " + open.url(Optional.empty()))));
        assertThat(open.tunnelsAskedFor().subList(before, open.tunnelsAskedFor().size()))
                .as("the lab's names are resolved here (its name map) and tunnelled to by address")
                .isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo("127.0.0.1:" + lab.port()));
        assertThat(viaProxy.results()).as("each result records the proxy, never a DNS server for the lab's names")
                .allSatisfy(r -> assertThat(r.through()).hasValueSatisfying(t -> {
                    assertThat(t.proxy()).contains(open.url(Optional.empty()).replace("http://", ""));
                    assertThat(t.dnsServer()).isEmpty();
                }));
    }

    @Test
    void a_replay_through_the_proxy_gets_the_421s_and_retries_it_gets_directly() throws Exception {
        ReplayRun direct = replay(direct());
        int before = open.tunnelsAskedFor().size();
        ReplayRun viaProxy = replay(through(open, Optional.empty()));

        assertThat(open.tunnelsAskedFor().size()).as("tunnels asked for").isGreaterThan(before);
        assertThat(statuses(direct)).contains(421);
        assertThat(statuses(viaProxy)).isEqualTo(statuses(direct));
        assertThat(viaProxy.steps()).extracting(StepOutcome::finalStatus)
                .isEqualTo(direct.steps().stream().map(StepOutcome::finalStatus).toList());
        assertThat(viaProxy.through()).as("the run records the proxy it went through, without credentials")
                .hasValueSatisfying(t -> assertThat(t.proxy()).contains(open.url(Optional.empty())
                        .replace("http://", "")));
        assertThat(direct.through()).isEmpty();
    }

    @Test
    void verify_through_the_proxy_gives_the_verdicts_it_gives_directly() throws Exception {
        List<String> direct = await(engine.verify(direct(), lab.authoritySet(), VerifyOptions.defaults(),
                VerifyProgress.none())).pairs().stream().map(p -> p.carrier() + ">" + p.passenger() + " " + p.verdict().id())
                .toList();
        int before = open.tunnelsAskedFor().size();
        List<PairVerification> viaProxy = await(engine.verify(through(open, Optional.empty()), lab.authoritySet(),
                VerifyOptions.defaults(), VerifyProgress.none())).pairs();

        assertThat(direct).isNotEmpty().allSatisfy(v -> assertThat(v).endsWith("refused-421"));
        assertThat(viaProxy).extracting(p -> p.carrier() + ">" + p.passenger() + " " + p.verdict().id())
                .isEqualTo(direct);
        assertThat(open.tunnelsAskedFor().size()).as("tunnels asked for").isGreaterThan(before);
    }

    @Test
    void a_proxy_that_asks_for_basic_credentials_opens_tunnels_with_them_and_says_it_asks_without_them()
            throws Exception {
        Inspection withCredentials = probe(through(guarded, Optional.of(USER + ":" + PASSWORD)));
        assertThat(facts(withCredentials)).isEqualTo(facts(probe(direct())));
        assertThat(statuses(replay(through(guarded, Optional.of(USER + ":" + PASSWORD))))).contains(421);

        Inspection unauthorised = probe(through(guarded, Optional.empty()));
        assertThat(unauthorised.findings()).anySatisfy(f -> assertThat(f.title())
                .startsWith("a.tenants.lab.test:" + lab.port() + ": the proxy opened no tunnel to"));
        Handshake refused = unauthorised.results().get(0).handshakes().get(0);
        assertThat(refused.status()).isEqualTo(HandshakeStatus.ERROR);
        assertThat(refused.message()).isEqualTo("the proxy " + guarded.url(Optional.empty()) + " refused CONNECT 127.0.0.1:"
                + lab.port() + ": 407 Proxy Authentication Required: it asks for credentials (give the proxy as"
                + " http://USER:PASSWORD@HOST:PORT)");
    }

    @Test
    void a_wrong_password_is_named_as_refused_credentials_in_probe_and_replay_and_is_never_printed() throws Exception {
        Target wrong = through(guarded, Optional.of(USER + ":wrong-" + PASSWORD));
        Handshake h = probe(wrong).results().get(0).handshakes().get(0);
        assertThat(h.status()).isEqualTo(HandshakeStatus.ERROR);
        // tinyproxy answers a missing credential 407 and a wrong one 401
        assertThat(h.message()).contains("refused CONNECT").contains("401").contains("it refused the credentials given")
                .as("neither the password nor the user name goes into the session").doesNotContain(PASSWORD)
                .doesNotContain(USER + "@").doesNotContain("user " + USER);
        ReplayRun run = replay(wrong);
        assertThat(run.steps()).allSatisfy(s -> assertThat(s.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("refused the credentials given").doesNotContain(PASSWORD).doesNotContain(USER + "@")));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String authority = "a.tenants.lab.test:" + lab.port() + " resolve=127.0.0.1";
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), "probe", authority,
                "--cacert", lab.caPemPath().toString(), "--proxy", guarded.url(Optional.of(USER + ":wrong-" + PASSWORD)));
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(out + "" + err).contains("refused the credentials given").doesNotContain(PASSWORD);
    }

    @Test
    void a_name_the_proxy_resolves_has_no_addresses_here_and_the_proxy_connects_to_it_by_name() throws Exception {
        String authority = "localhost:" + lab.port();
        Target system = Target.system().withAddedCas(List.of(lab.caCertificate()))
                .withProxy(Optional.of(ForwardProxy.parse(open.url(Optional.empty()))));
        int before = open.tunnelsAskedFor().size();
        Inspection inspection = await(engine.probe(system, AuthoritySet.of(List.of(AuthorityParser.parseLine(authority))),
                ProbeOptions.defaults(), ProbeListener.none()));

        ProbeResult r = inspection.results().get(0);
        assertThat(r.resolvedByProxy()).isTrue();
        assertThat(r.addresses()).isEmpty();
        assertThat(r.addressSource()).isEqualTo("resolved by the proxy");
        assertThat(r.handshakes()).singleElement().satisfies(h -> {
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.endpoint().toString()).isEqualTo(authority);
            assertThat(h.leaf()).isPresent();
        });
        assertThat(open.tunnelsAskedFor().subList(before, open.tunnelsAskedFor().size())).containsExactly(authority);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), "probe", authority, "--cacert",
                lab.caPemPath().toString(), "--proxy", open.url(Optional.empty()));
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("through the proxy " + open.url(Optional.empty()) + ": TCP ms is the"
                + " connection to the proxy and its CONNECT tunnel; names shown with their own name as ADDRESS were"
                + " resolved by the proxy");
    }

    @Test
    void a_replay_of_a_name_the_proxy_resolves_asks_the_proxy_for_it_by_name_and_names_a_refusal() throws Exception {
        String authority = "localhost:" + lab.port();
        ReplayPlan plan = ReplayPlan.parse("GET https://" + authority + "/");
        Target system = Target.system().withAddedCas(List.of(lab.caCertificate()));
        int before = open.tunnelsAskedFor().size();
        ReplayRun run = await(engine.replay(system.withProxy(Optional.of(ForwardProxy.parse(open.url(Optional.empty())))),
                plan, ClientOptions.of(ConnectionPolicy.ISOLATED), ReplayProgress.none()));

        assertThat(open.tunnelsAskedFor().subList(before, open.tunnelsAskedFor().size())).containsExactly(authority);
        // the lab's certificate does not cover localhost: the handshake through the tunnel says so
        assertThat(run.steps().get(0).error()).hasValueSatisfying(e -> assertThat(e).contains("localhost"));

        ReplayRun unauthorised = await(engine.replay(system.withProxy(Optional.of(ForwardProxy.parse(
                guarded.url(Optional.empty())))), plan, ClientOptions.of(ConnectionPolicy.ISOLATED), ReplayProgress.none()));
        assertThat(unauthorised.steps().get(0).error()).hasValueSatisfying(e -> assertThat(e)
                .contains("refused CONNECT " + authority + ": 407: it asks for credentials"));
        ReplayRun wrong = await(engine.replay(system.withProxy(Optional.of(ForwardProxy.parse(
                guarded.url(Optional.of(USER + ":wrong"))))), plan, ClientOptions.of(ConnectionPolicy.ISOLATED),
                ReplayProgress.none()));
        assertThat(wrong.steps().get(0).error()).hasValueSatisfying(e -> assertThat(e)
                .contains("refused CONNECT " + authority + ": 401: it refused the credentials given"));
    }
}
