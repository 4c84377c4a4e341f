package dev.misdirect.cli;

import dev.misdirect.core.session.Target;
import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.lab.ServedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every lab scenario (both variants) under every policy with the 421 retry off and checks the outcome
 * against the scenario's declared expectation; and checks that the OkHttp prediction for the scenario's probe
 * says exactly what the coalescing replay did.
 */
class LabAgreementTest {
    private static Lab lab;
    private static ExecutorService executor;

    @BeforeAll
    static void setUp() {
        lab = new Lab(LabCa.open(LabCa.defaultDirectory()));
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        executor.shutdownNow();
    }

    static Stream<Arguments> scenarioVariants() {
        List<Arguments> all = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            all.add(Arguments.of(s.id(), false));
            all.add(Arguments.of(s.id(), true));
        }
        return all.stream();
    }

    static ReplayRun replay(RunningLab running, ConnectionPolicy policy, boolean retry) throws InterruptedException {
        ClientOptions client = ClientOptions.of(policy).withRetry421(retry);
        return new ReplayEngine(executor).run(ReplayPlan.parse(running.planText()), Target.lab(running).replayOptions(client),
                ReplayProgress.none());
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("scenarioVariants")
    void every_policy_sees_what_the_scenario_declares_and_the_servers_log_the_misrouted_answers(String id,
            boolean fixed) throws Exception {
        try (RunningLab running = lab.start(Scenarios.byId(id), fixed)) {
            for (ConnectionPolicy policy : ConnectionPolicy.values()) {
                Scenario.Expectation expected = running.variant().expectation(policy).orElseThrow();
                int logged = running.serverLog().entries().size();
                ReplayRun run = replay(running, policy, false);
                List<ServedRequest> served = running.serverLog().entries();
                assertThat(served.subList(logged, served.size()).stream().filter(running::reachedByClients)
                        .filter(ServedRequest::misrouted).count())
                        .as("%s %s misrouted: %s", id, policy, expected.explanation()).isEqualTo(expected.misrouted());
                assertThat(run.steps()).as("%s %s final statuses: %s", id, policy, expected.explanation())
                        .extracting(StepOutcome::finalStatus).containsExactlyElementsOf(expected.finalStatuses());
                assertThat(run.misdirectedCount()).as("%s %s 421 count: %s", id, policy, expected.explanation())
                        .isEqualTo(expected.misdirected());
            }
        }
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("scenarioVariants")
    void with_retry_on_a_421_on_a_borrowed_connection_is_hidden_and_retried_and_any_other_421_surfaces(String id,
            boolean fixed) throws Exception {
        try (RunningLab running = lab.start(Scenarios.byId(id), fixed)) {
            for (ConnectionPolicy policy : ConnectionPolicy.values()) {
                ReplayRun on = replay(running, policy, true);
                Set<Integer> retried = new java.util.HashSet<>();
                on.events().stream().filter(e -> e instanceof TimelineEvent.RetryScheduled)
                        .forEach(e -> retried.add(((TimelineEvent.RetryScheduled) e).exchangeId()));
                for (StepOutcome s : on.steps()) {
                    for (int i = 0; i < s.attempts().size(); i++) {
                        AttemptRecord a = s.attempts().get(i);
                        if (a.status() != 421) {
                            continue;
                        }
                        boolean borrowed = a.sni().map(sni -> !s.authority().startsWith(sni + ":")).orElse(false);
                        String what = id + " " + policy + " request " + (s.step() + 1) + " attempt " + (i + 1);
                        assertThat(a.hidden()).as(what).isEqualTo(borrowed);
                        assertThat(retried.contains(a.exchangeId())).as(what).isEqualTo(borrowed);
                        if (borrowed && i + 1 < s.attempts().size()) {
                            assertThat(s.attempts().get(i + 1).connectionId()).as(what).isNotEqualTo(a.connectionId());
                        } else if (borrowed) {
                            assertThat(s.error()).as(what + ": a retry without an exchange failed before sending")
                                    .isPresent();
                        } else {
                            assertThat(i).as(what + ": a surfaced 421 ends the request").isEqualTo(s.attempts().size() - 1);
                            assertThat(s.finalStatus()).as(what).isEqualTo(421);
                        }
                    }
                }
            }
        }
    }

    /**
     * Scenarios whose plan sends every request to the authorities' own addresses: the prediction models connections
     * to the probed addresses, while a plan that pins requests to one node (ingress-missing-san) asks another question.
     */
    static Stream<Arguments> unpinnedScenarioVariants() {
        return scenarioVariants().filter(a -> {
            Scenario s = Scenarios.byId((String) a.get()[0]);
            return !s.variant((Boolean) a.get()[1]).planTemplate().contains(" @");
        });
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("unpinnedScenarioVariants")
    void the_okhttp_prediction_equals_what_the_coalescing_replay_did(String id, boolean fixed) throws Exception {
        try (RunningLab running = lab.start(Scenarios.byId(id), fixed)) {
            ReplayPlan plan = ReplayPlan.parse(running.planText());
            ExecutorService probeExecutor = Prober.newExecutor(2);
            List<ProbeResult> probes;
            try {
                probes = new Prober(probeExecutor, new MapResolver(running.nameMap(), "lab name map"),
                        ChainVerifier.trusting(List.of(running.caCertificate())))
                        .probe(running.authoritySet().authorities(), ProbeOptions.defaults());
            } finally {
                probeExecutor.shutdownNow();
            }
            CoalescingPrediction okhttp = new Predictor().predict(probes, PredictionInput.defaults(),
                    Set.of(ClientPolicy.OKHTTP)).get(0);
            ReplayRun run = replay(running, ConnectionPolicy.COALESCING, false);

            String firstKey = plan.steps().get(0).authorityKey();
            int firstConnection = run.steps().get(0).attempts().get(0).connectionId();
            for (StepOutcome s : run.steps()) {
                if (s.authority().equals(firstKey) || s.attempts().isEmpty()) {
                    continue;
                }
                boolean replayShared = s.attempts().get(0).connectionId() == firstConnection;
                PairDecision predicted = okhttp.pairs().stream()
                        .filter(p -> p.first().equals(firstKey) && p.second().equals(s.authority()))
                        .findFirst().orElseThrow();
                assertThat(replayShared).as("%s: %s on %s's connection; prediction: %s", id, s.authority(), firstKey,
                        predicted.rule()).isEqualTo(predicted.shared());
            }
        }
    }

    static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
