package dev.misdirect.core.session;

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

/** Every lab scenario through the application layer: probe, reproduce, try the fix, check. */
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
}
