package dev.misdirect.core.session;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.lab.Misdirection;
import dev.misdirect.lab.ServedRequest;
import org.junit.jupiter.params.provider.Arguments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every lab scenario through the application layer: probe, reproduce, try the fix, check, verify. */
class EngineTest {
    @TempDir
    static Path home;
    private final Engine engine = TestEngine.engine();
    private Labs labs;

    @AfterEach
    void stopLabs() {
        if (labs != null) {
            labs.close();
        }
    }

    private Labs labs() {
        labs = TestEngine.labs(home.resolve("ca"));
        return labs;
    }

    static List<String> scenarios() {
        return Scenarios.ids();
    }

    private static <T> T await(Operation<T> op) throws Exception {
        return op.result().get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void reproducing_a_scenario_gets_the_421s_its_playbook_policy_declares(String id) throws Exception {
        Scenario s = Scenarios.byId(id);
        Playbook playbook = Playbook.of(s);
        ReplayRun run = await(engine.reproduce(labs(), id, ReplayProgress.none()));

        assertThat(run.policy()).isEqualTo(playbook.reproducePolicy());
        assertThat(run.retry421()).isTrue();
        assertThat(run.labScenario()).contains(id);
        // with the retry on, each step's first attempt is what the scenario declares (its retry-off final status)
        Scenario.Expectation declared = s.broken().expectation(playbook.reproducePolicy()).orElseThrow();
        assertThat(run.steps()).extracting(step -> step.attempts().get(0).status())
                .isEqualTo(declared.finalStatuses());
        assertThat(run.misdirectedCount()).isGreaterThanOrEqualTo(declared.misdirected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void trying_the_fix_runs_broken_then_fixed_and_the_fix_removes_every_421(String id) throws Exception {
        FixComparison c = await(engine.tryFix(labs(), id, ReplayProgress.none()));

        assertThat(c.before().fixed()).isFalse();
        assertThat(c.after()).isPresent();
        assertThat(c.after().get().fixed()).isEqualTo(c.playbook().fix().fixedVariant());
        assertThat(c.after().get().policy()).isEqualTo(c.playbook().fix().policy());
        assertThat(c.after().get().misdirectedCount()).as("after the fix").isZero();
        // a broken scenario gets its 421 before the fix; the control scenario has none to remove
        boolean declares421 = Scenarios.byId(id).broken().expectation(c.playbook().reproducePolicy())
                .orElseThrow().misdirected() > 0;
        assertThat(c.fixRemoves421()).as("before %s", c.before().misdirectedCount()).isEqualTo(declares421);
        // a scenario that misroutes instead of answering 421 gets its misrouted answers before the fix, none after
        Scenario.Expectation declared = Scenarios.byId(id).broken().expectation(c.playbook().reproducePolicy()).orElseThrow();
        assertThat(c.before().misroutedCount()).as("misrouted before the fix").isEqualTo(declared.misrouted());
        assertThat(c.after().get().misroutedCount()).as("misrouted after the fix").isZero();
        assertThat(c.fixRemovesTheProblem()).isEqualTo(!declared.clean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void probing_a_scenario_gives_the_analysis_of_its_results_with_the_clients_view(String id) throws Exception {
        RunningLab lab = labs().start(id, false);
        Inspection i = await(engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults(),
                ProbeListener.none()));

        assertThat(i.results()).hasSize(lab.authoritySet().authorities().size());
        assertThat(i.results()).allSatisfy(r -> assertThat(r.addresses()).isNotEmpty());
        // the probe's own analysis and the predictor's view come back together, as every face shows them
        assertThat(engine.inspect(i.results()).findings()).isEqualTo(i.findings());
        // and it holds every client's prediction, the one its findings come from, so no face predicts again
        assertThat(i.predictions()).isEqualTo(engine.predict(i.results()));
        assertThat(i.predictions()).isNotEmpty();
    }

    static Stream<Arguments> variantsOfEveryScenario() {
        return Scenarios.ids().stream().flatMap(id -> Stream.of(Arguments.of(id, false), Arguments.of(id, true)));
    }

    @ParameterizedTest(name = "{0}, fixed={1}")
    @MethodSource("variantsOfEveryScenario")
    void the_settings_pass_finds_a_difference_exactly_where_the_scenarios_vhosts_on_one_origin_accept_different_versions(
            String id, boolean fixed) throws Exception {
        RunningLab lab = labs().start(id, fixed);
        Inspection i = await(engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults()
                .withTlsSettings(true), ProbeListener.none()));
        boolean declared = Scenarios.byId(id).variant(fixed).origins().stream()
                .anyMatch(o -> o.vhosts().stream().map(Scenario.VirtualHost::tlsProtocols).distinct().count() > 1);

        assertThat(i.results()).allSatisfy(r -> assertThat(r.handshakes()).allSatisfy(h ->
                assertThat(h.tlsSettings()).as("%s on %s: %s", r.authority().key(), h.endpoint(), h.message()).isPresent()));
        assertThat(i.findings()).filteredOn(f -> f.cause() == FindingCause.TLS_SETTINGS_DIFFER
                && f.title().contains("differ in TLS settings")).as("settings findings").hasSize(declared ? 1 : 0);
    }

    @Test
    void in_the_vhost_tls_mismatch_lab_a_accepts_tls12_and_tls13_and_b_only_tls13_which_apache_refuses_when_coalesced()
            throws Exception {
        RunningLab lab = labs().start("vhost-tls-mismatch", false);
        Inspection i = await(engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults()
                .withTlsSettings(true), ProbeListener.none()));
        Map<String, dev.misdirect.core.model.TlsSettings> byHost = new HashMap<>();
        i.results().forEach(r -> byHost.put(r.authority().host(),
                r.handshakes().get(0).tlsSettings().orElseThrow()));

        var a = byHost.get("a.vhost.lab.test");
        var b = byHost.get("b.vhost.lab.test");
        assertThat(a.acceptedVersions()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(b.acceptedVersions()).containsExactly("TLSv1.3");
        assertThat(a.acceptedCipherSuites()).isNotEmpty().allMatch(c -> c.contains("_ECDSA_"));
        assertThat(b.testedCipherSuites()).as("no TLS 1.2 to ask about").isEmpty();
        assertThat(List.of(a, b)).allSatisfy(t -> {
            assertThat(t.acceptedAlpn()).containsExactly("h2", "http/1.1");
            assertThat(t.clientCertificate()).isEqualTo(dev.misdirect.core.model.ClientCertMode.NONE);
        });
        assertThat(i.findings()).filteredOn(f -> f.cause() == FindingCause.TLS_SETTINGS_DIFFER).singleElement()
                .satisfies(f -> {
                    assertThat(f.title()).contains("a.vhost.lab.test", "b.vhost.lab.test", "127.0.0.1:",
                            "accepted versions", "Apache answers 421");
                    assertThat(f.details()).containsPattern("b\\.vhost\\.lab\\.test:\\d+ TLSv1\\.3\\.");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void the_fixed_variant_meets_the_scenarios_own_healthy_expectations(String id) throws Exception {
        RunningLab lab = labs().start(id, true);
        Target target = Target.lab(lab);
        CheckReport report = engine.check(target, Engine.expectations(target, Optional.empty(), "lab"),
                Duration.ofSeconds(10));

        assertThat(report.results()).isNotEmpty();
        assertThat(report.allPassed()).as(String.join("\n", SessionDigest.check(report))).isTrue();
    }

    @Test
    void a_lab_target_trusts_its_own_ca_and_not_the_public_roots_a_system_target_trusts() throws Exception {
        RunningLab lab = labs().start("tenants-wildcard", false);
        assertThat(Target.lab(lab).trustsSystemRoots()).isFalse();
        assertThat(Target.lab(lab).verifier().anchorCount()).isEqualTo(1);
        assertThat(Target.lab(lab).withAddedCas(List.of(lab.caCertificate())).anchors()).hasSize(2);
        assertThat(Target.system().trustsSystemRoots()).isTrue();
        assertThat(Target.system().verifier().anchorCount()).isGreaterThan(1);
    }

    @Test
    void a_replay_of_the_lab_resolves_only_through_its_name_map_and_is_joined_to_its_server_log() throws Exception {
        RunningLab lab = labs().start("tenants-wildcard", false);
        ReplayRun run = await(engine.replay(Target.lab(lab), ReplayPlan.parse(lab.planText()),
                ClientOptions.of(ConnectionPolicy.ISOLATED), ReplayProgress.none()));

        assertThat(run.misdirectedCount()).isZero();
        assertThat(run.steps()).allSatisfy(s -> assertThat(s.attempts()).allSatisfy(a ->
                assertThat(a.server()).as("the lab's view of exchange %s", a.exchangeId()).isPresent()));
        ReplayRun outside = await(engine.replay(Target.lab(lab), ReplayPlan.parse("GET https://outside.example/"),
                ClientOptions.of(ConnectionPolicy.ISOLATED), ReplayProgress.none()));
        assertThat(outside.steps().get(0).finalStatus()).as("a name the lab does not map is never looked up").isZero();
    }

    @Test
    void cancelling_try_the_fix_during_the_broken_run_skips_the_fixed_run() throws Exception {
        Operation<FixComparison> op = engine.tryFix(labs(), "tenants-wildcard", ReplayProgress.none());
        op.stop();
        FixComparison c = await(op);
        assertThat(c.after()).isEmpty();
        assertThat(c.fixRemoves421()).isFalse();
    }

    @Test
    void an_unknown_scenario_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> engine.reproduce(labs(), "nope", ReplayProgress.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope' is not a lab scenario; known: ")
                .hasMessageContaining("tenants-wildcard");
    }

    @Test
    void a_check_of_real_origins_needs_an_expectations_file() {
        assertThatThrownBy(() -> Engine.expectations(Target.system(), Optional.empty(), "none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectations file");
    }

    @Test
    void the_inspection_includes_a_finding_per_pair_a_client_would_share() throws Exception {
        RunningLab lab = labs().start("tenants-wildcard", false);
        Inspection i = await(engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults(),
                ProbeListener.none()));
        assertThat(i.findings()).extracting(f -> f.cause()).contains(FindingCause.COALESCING_PREDICTED);
    }

    /** Verify against every lab scenario: each verdict is what the lab's servers did. */
    @Nested
    class Verify {
        private RunningLab start(String id, boolean fixed) throws Exception {
            return (labs != null ? labs : labs()).start(id, fixed);
        }

        static Stream<Arguments> variants() {
            return Scenarios.ids().stream().flatMap(id -> Stream.of(Arguments.of(id, false), Arguments.of(id, true)));
        }

        private VerifyRun verify(RunningLab lab, VerifyOptions options) throws Exception {
            return engine.verify(Target.lab(lab), lab.authoritySet(), options, VerifyProgress.none()).result()
                    .get(60, TimeUnit.SECONDS);
        }

        @ParameterizedTest(name = "{0} fixed={1}")
        @MethodSource("variants")
        void every_verdict_is_what_the_lab_servers_logged_and_each_carrier_used_one_connection(String id, boolean fixed)
                throws Exception {
            RunningLab lab = start(id, fixed);
            VerifyRun run = verify(lab, VerifyOptions.defaults());

            List<ServedRequest> log = lab.serverLog().entries().stream().filter(lab::reachedByClients).toList();
            for (PairVerification v : run.pairs()) {
                assertThat(v.verdict()).as("%s: %s", v.carrier() + " carrying " + v.passenger() + " @" + v.address(),
                        v.reason()).isEqualTo(whatTheServerDid(v, log));
            }
            // one connection per SNI and server: every request with one SNI reached its server from one client port
            Map<String, Set<Integer>> ports = new HashMap<>();
            log.forEach(e -> ports.computeIfAbsent(e.origin() + " " + e.sni().orElse("-"), k -> new HashSet<>())
                    .add(e.clientPort()));
            assertThat(ports).allSatisfy((connection, clientPorts) -> assertThat(clientPorts).as(connection).hasSize(1));
            // every request sent reached a server, but the one opening each connection whose handshake failed (a
            // certificate lacking the name), after which that connection carries nothing
            long failed = run.pairs().stream().flatMap(p -> Stream.concat(p.own().stream(), p.carried().stream()))
                    .filter(answer -> !answer.answered()).map(answer -> answer.sni() + " " + answer.authority()).distinct()
                    .count();
            assertThat(run.requestsSent()).isEqualTo(log.size() + failed);
            assertThat(run.labScenario()).contains(id);
            assertThat(run.fixed()).isEqualTo(fixed);
        }

        /**
         * The verdict the server log supports, read independently of the client's answers: untested when B's own
         * connection was not answered twice without 421 or the carried request never arrived; refused-421 when the server
         * refused it; shared-ok when it answered the status and site it answers on B's own connection; misrouted otherwise.
         */
        private static PairVerdict whatTheServerDid(PairVerification v, List<ServedRequest> log) {
            String b = Misdirection.hostOf(v.passenger());
            String a = Misdirection.hostOf(v.carrier());
            List<ServedRequest> own = new ArrayList<>();
            for (PairAnswer o : v.own()) {
                log.stream().filter(e -> e.clientPort() == o.localPort() && e.sni().equals(Optional.of(b))
                        && Misdirection.hostOf(e.authority()).equals(b)).forEach(own::add);
            }
            Optional<ServedRequest> carried = v.carried().flatMap(c -> log.stream()
                    .filter(e -> e.clientPort() == c.localPort() && e.sni().equals(Optional.of(a))
                            && Misdirection.hostOf(e.authority()).equals(b)).findFirst());
            if (own.size() < 2 || own.stream().anyMatch(e -> e.status() == 421) || carried.isEmpty()) {
                return PairVerdict.UNTESTED;
            }
            if (carried.get().status() == 421) {
                return PairVerdict.REFUSED_421;
            }
            boolean same = carried.get().status() == own.get(0).status() && carried.get().site().equals(own.get(0).site());
            return same ? PairVerdict.SHARED_OK : PairVerdict.MISROUTED;
        }

        @ParameterizedTest(name = "{0} fixed={1}: {2}")
        @org.junit.jupiter.params.provider.CsvSource({
                "tenants-wildcard,     false, refused-421 refused-421",
                "tenants-wildcard,     true,  ''",
                "vhost-tls-mismatch,   false, refused-421 refused-421",
                "vhost-tls-mismatch,   true,  shared-ok shared-ok",
                "ingress-missing-san,  false, shared-ok shared-ok untested untested",
                "ingress-missing-san,  true,  shared-ok shared-ok shared-ok shared-ok",
                "ip-keyed-proxy,       false, shared-ok untested",
                "ip-keyed-proxy,       true,  shared-ok shared-ok",
                "vhost-client-auth,    false, refused-421 shared-ok",
                "vhost-client-auth,    true,  refused-421 shared-ok",
                "sni-passthrough,      false, misrouted misrouted",
                "sni-passthrough,      true,  misrouted misrouted",
                "default-vhost,        false, misrouted misrouted",
                "default-vhost,        true,  shared-ok shared-ok",
                "proxy-without-sni,    false, untested untested",
                "proxy-without-sni,    true,  shared-ok shared-ok",
                "healthy-separate-ips, false, ''",
        })
        void each_scenario_gets_the_verdicts_its_cause_explains(String id, boolean fixed, String verdicts) throws Exception {
            VerifyRun run = verify(start(id, fixed), VerifyOptions.defaults());
            assertThat(run.pairs().stream().map(p -> p.verdict().id()).sorted().toList())
                    .isEqualTo(verdicts.isEmpty() ? List.of() : List.of(verdicts.split(" ")));
        }

        @Test
        void a_misrouted_pair_names_what_differed_and_a_refused_one_says_which_clients_retry() throws Exception {
            VerifyRun misrouted = verify(start("sni-passthrough", false), VerifyOptions.defaults());
            PairVerification p = misrouted.pairs().get(0);
            assertThat(p.differences()).contains("status 404 instead of 200");
            assertThat(p.reason()).contains("Nothing retries it");
            assertThat(p.coalescedBy()).contains("okhttp", "chromium-h2", "ip-keyed");

            VerifyRun wrongPage = verify(start("default-vhost", false), VerifyOptions.defaults());
            assertThat(wrongPage.pairs().get(0).differences()).singleElement().asString().startsWith("another body");

            VerifyRun refused = verify(start("tenants-wildcard", false), VerifyOptions.defaults());
            assertThat(refused.pairs().get(0).reason()).contains("421").contains("retry").contains("surface");
            assertThat(refused.pairs().get(0).carried().orElseThrow().protocol()).contains("h2");
        }

        @Test
        void head_requests_compare_status_and_headers_without_a_body() throws Exception {
            VerifyRun run = verify(start("default-vhost", true), VerifyOptions.defaults().withMethod("HEAD"));
            assertThat(run.pairs()).extracting(PairVerification::verdict).containsOnly(PairVerdict.SHARED_OK);
            assertThat(run.pairs()).allSatisfy(p -> assertThat(p.carried().orElseThrow().bodySha256()).isEmpty());
        }

        @Test
        void pairs_beyond_the_budget_are_untested_and_nothing_beyond_it_is_sent() throws Exception {
            RunningLab lab = start("vhost-tls-mismatch", false);
            // the first pair costs its carried request and two requests on each authority's own connection: 5
            VerifyRun run = verify(lab, VerifyOptions.defaults().withBudget(5));

            assertThat(run.requestsSent()).isEqualTo(5);
            assertThat(lab.serverLog().entries()).hasSize(5);
            assertThat(run.count(PairVerdict.UNTESTED)).isEqualTo(1);
            assertThat(run.pairs()).filteredOn(p -> p.verdict() == PairVerdict.UNTESTED).singleElement()
                    .satisfies(p -> assertThat(p.reason()).contains("budget of 5 requests"));
        }

        @Test
        void the_plan_lists_every_request_before_any_is_sent() throws Exception {
            RunningLab lab = start("ingress-missing-san", false);
            VerifyPlan plan = engine.planVerification(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults())
                    .result().get(60, TimeUnit.SECONDS);

            assertThat(lab.serverLog().entries()).as("planning sends no HTTP request").isEmpty();
            assertThat(plan.pairs()).hasSize(4);
            assertThat(plan.requests()).hasSize(2 * 4 + 4);
            assertThat(plan.requests()).filteredOn(r -> r.purpose() == VerifyPlan.Purpose.CARRIED)
                    .allSatisfy(r -> assertThat(r.sni()).isNotEqualTo(Misdirection.hostOf(r.authority())));
        }

        @Test
        void a_cancelled_verification_still_completes_with_every_pair_judged() throws Exception {
            RunningLab lab = start("tenants-wildcard", false);
            Operation<VerifyRun> op = engine.verify(Target.lab(lab), lab.authoritySet(),
                    VerifyOptions.defaults().withRate(2), VerifyProgress.none());
            op.stop();
            VerifyRun run = op.result().get(60, TimeUnit.SECONDS);
            assertThat(run.cancelled()).isTrue();
            assertThat(run.pairs()).allSatisfy(p -> {
                assertThat(p.verdict()).isEqualTo(PairVerdict.UNTESTED);
                assertThat(p.reason()).contains("cancelled");
            });
        }
    }
}
