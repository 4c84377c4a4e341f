package dev.misdirect.ui.shell;

import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.common.WorkbenchServices.ReplayRequest;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.lab.FakeLab;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import dev.misdirect.ui.testing.FakeTime;
import dev.misdirect.ui.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-start flow over a fake lab: load → probe, "Reproduce the 421", "Try the fix". */
class WorkbenchLabFlowTest {
    private final ManualExecutor background = new ManualExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final FakeLab lab = new FakeLab();
    private final List<AuthoritySet> probed = new ArrayList<>();
    private final List<SessionTarget> targets = new ArrayList<>();
    private final List<ReplayRequest> replayed = new ArrayList<>();
    private final List<String> fixesTried = new ArrayList<>();
    private boolean fixCancelledAfterBrokenRun;
    private final FakeTime time = new FakeTime();

    private static ReplayRun clean() {
        ReplayRun broken = SampleWorkspace.replay();
        return new ReplayRun(broken.planText(), ConnectionPolicy.COALESCING, true, false, Optional.empty(), true, broken.startedAt(),
                List.of(), broken.events().subList(0, 7), List.of());
    }

    private WorkbenchViewModel vm() {
        WorkbenchServices.InspectionService probe = (target, set, tlsSettings, progress, cancel) -> {
            probed.add(set);
            targets.add(target);
            return SampleWorkspace.inspection();
        };
        WorkbenchServices.ReplayService replay = (request, events, cancel) -> {
            replayed.add(request);
            return request.fixed() || request.policy() == ConnectionPolicy.ISOLATED ? clean() : SampleWorkspace.replay();
        };
        WorkbenchServices.FixService fix = (scenarioId, progress, cancel) -> {
            fixesTried.add(scenarioId);
            return new WorkbenchServices.FixRun(SampleWorkspace.replay(),
                    fixCancelledAfterBrokenRun ? Optional.empty() : Optional.of(clean()));
        };
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.of(probe),
                Optional.of((set, results) -> SampleWorkspace.predictions()), Optional.of(replay), Optional.empty(),
                Optional.empty(), Optional.of(lab), Optional.of(fix));
        TaskRunner runner = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, clock));
        return new WorkbenchViewModel(services, runner, clock, new AuthoritySetViewModel(services.parser()),
                new InspectViewModel(), new CoalescingViewModel(), new FindingsViewModel(),
                new ReplayViewModel(services.replay(), runner, Runnable::run, time, time),
                new LabViewModel(services.lab(), runner, Runnable::run, time, time));
    }

    private WorkbenchViewModel loaded() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.loadLab("tenants-wildcard")).isTrue();
        background.runAll(); // lab start, then the probe it queues
        background.runAll();
        return vm;
    }

    @Test
    void loading_a_scenario_fills_the_session_with_its_authorities_and_probes_them_at_once() {
        WorkbenchViewModel vm = loaded();
        assertThat(lab.calls).containsExactly("start tenants-wildcard");
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(probed).hasSize(1);
        assertThat(probed.get(0).authorities()).extracting(a -> a.key())
                .containsExactly("a.tenants.lab.test:4443", "b.tenants.lab.test:4443");
        assertThat(vm.inspect().inspectionProperty().get().results()).isNotEmpty();
        assertThat(vm.dataNoticeProperty().get()).contains(":4443").contains("Reproduce the 421");
        assertThat(vm.replayScreen().planTextProperty().get()).contains("b.tenants.lab.test:4443");
        assertThat(vm.canReproduceProperty().get()).isTrue();
    }

    @Test
    void reproduce_replays_the_lab_plan_coalescing_with_the_421_retry_and_asks_for_the_replay_screen() {
        WorkbenchViewModel vm = loaded();
        vm.replayScreen().configure(ConnectionPolicy.ISOLATED, false, true);
        assertThat(vm.reproduce()).isTrue();
        background.runAll();

        assertThat(replayed).containsExactly(new ReplayRequest(
                ReplayPlan.parse("GET https://a.tenants.lab.test:4443/ ; GET https://b.tenants.lab.test:4443/"),
                ConnectionPolicy.COALESCING, true, false,
                Optional.of("tenants-wildcard"), false));
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.REPLAY);
        assertThat(vm.replayScreen().verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 × 421, 1 hidden retry"));
    }

    @Test
    void try_the_fix_asks_the_engine_for_the_loaded_scenario_and_shows_both_runs_with_verdicts() {
        WorkbenchViewModel vm = loaded();
        assertThat(vm.tryFix()).isTrue();
        background.runAll();

        assertThat(fixesTried).containsExactly("tenants-wildcard");
        assertThat(replayed).as("the engine runs both replays, not the screen").isEmpty();
        ReplayViewModel replay = vm.replayScreen();
        assertThat(replay.comparingProperty().get()).isTrue();
        assertThat(replay.verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 × 421, 1 hidden retry"));
        assertThat(replay.afterVerdictProperty().get()).isEqualTo(VerdictText.ok("✔ no 421"));
        assertThat(replay.beforeTitleProperty().get()).isEqualTo("Before · coalescing, 421 retry on");
        assertThat(replay.afterTitleProperty().get()).isEqualTo("After · fixed servers, coalescing");
        assertThat(replay.afterTimelineProperty().get().misdirectedCount()).isZero();
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.REPLAY);
    }

    @Test
    void when_the_fix_is_per_authority_pools_the_after_run_is_titled_same_servers_isolated() {
        WorkbenchViewModel vm = vm();
        vm.loadLab("vhost-client-auth");
        background.runAll();
        background.runAll();
        assertThat(vm.tryFix()).isTrue();
        background.runAll();

        assertThat(fixesTried).containsExactly("vhost-client-auth");
        assertThat(vm.replayScreen().afterTitleProperty().get()).isEqualTo("After · same servers, isolated");
        assertThat(vm.replayScreen().afterVerdictProperty().get()).isEqualTo(VerdictText.ok("✔ no 421"));
    }

    @Test
    void try_the_fix_stopped_after_the_broken_run_shows_that_run_alone() {
        fixCancelledAfterBrokenRun = true;
        WorkbenchViewModel vm = loaded();
        assertThat(vm.tryFix()).isTrue();
        background.runAll();

        assertThat(vm.replayScreen().comparingProperty().get()).isFalse();
        assertThat(vm.replayScreen().verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 × 421, 1 hidden retry"));
    }

    @Test
    void a_new_run_leaves_the_side_by_side_view() {
        WorkbenchViewModel vm = loaded();
        vm.tryFix();
        background.runAll();
        assertThat(vm.reproduce()).isTrue();
        background.runAll();
        assertThat(vm.replayScreen().comparingProperty().get()).isFalse();
    }

    @Test
    void reproduce_before_a_scenario_is_loaded_loads_the_selected_one_as_a_session_then_replays_it() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.canReproduceProperty().get()).isTrue();
        assertThat(vm.reproduce()).isTrue();
        background.runAll(); // the lab start, then its probe, then the replay queued behind it
        background.runAll();
        background.runAll();

        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(probed).hasSize(1);
        assertThat(replayed).singleElement().satisfies(r ->
                assertThat(r.labScenario()).contains("tenants-wildcard"));
    }

    @Test
    void a_reproduce_cancelled_while_its_scenario_loads_leaves_no_replay_behind_for_the_next_load() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.reproduce()).isTrue();
        vm.cancel(); // while the lab starts
        background.runAll();
        background.runAll();
        assertThat(replayed).isEmpty();

        assertThat(vm.loadLab("tenants-wildcard")).isTrue(); // a later load by hand
        background.runAll();
        background.runAll();
        background.runAll();
        assertThat(probed).hasSize(1);
        assertThat(replayed).as("the cancelled Reproduce does not run after a later load").isEmpty();
    }

    @Test
    void a_reproduce_cancelled_while_its_new_session_is_probed_does_not_replay() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.reproduce()).isTrue();
        background.runOne(); // the lab starts and queues its probe
        assertThat(background.queued()).isEqualTo(1);
        vm.cancel(); // while the probe runs
        background.runAll();
        background.runAll();

        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(replayed).isEmpty();
        assertThat(vm.runner().runningProperty().get()).isFalse();
    }

    @Test
    void try_the_fix_cancelled_while_its_scenario_loads_does_not_run_later() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.tryFix()).isTrue();
        vm.cancel();
        background.runAll();
        vm.loadLab("tenants-wildcard");
        background.runAll();
        background.runAll();
        background.runAll();
        assertThat(fixesTried).isEmpty();
    }

    @Test
    void predict_in_the_scenario_s_session_probes_again_then_shows_the_coalescing_screen() {
        WorkbenchViewModel vm = loaded();
        assertThat(vm.predict()).isTrue();
        assertThat(vm.screenRequestProperty().get()).as("not before the probe is done").isNotEqualTo(Screen.COALESCING);
        background.runAll();
        assertThat(probed).hasSize(2);
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.COALESCING);
        assertThat(vm.coalescing().predictions()).isNotEmpty();
    }

    @Test
    void predict_before_the_scenario_is_loaded_loads_and_probes_it_then_shows_the_coalescing_screen() {
        WorkbenchViewModel vm = vm();
        assertThat(vm.predict()).isTrue();
        background.runAll();
        background.runAll();
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(probed).hasSize(1);
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.COALESCING);
        assertThat(replayed).isEmpty();
    }

    @Test
    void explain_selects_the_run_s_421_and_shows_replay_and_says_no_without_a_run() {
        WorkbenchViewModel vm = loaded();
        assertThat(vm.explain()).as("no run yet").isFalse();
        vm.reproduce();
        background.runAll();
        vm.replayScreen().selectedBarProperty().set(null);
        vm.showScreen(Screen.LAB);

        assertThat(vm.explain()).isTrue();
        assertThat(vm.replayScreen().selectedBarProperty().get().misdirected()).isTrue();
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.REPLAY);
    }

    @Test
    void reproduce_in_an_imported_session_asks_and_keeps_the_import_when_the_user_says_no() {
        WorkbenchViewModel vm = loaded();
        vm.show(imported(), SampleWorkspace.inspection(), SessionTarget.imported("NetLog capture.json"));
        List<String> asked = new ArrayList<>();
        vm.setMayReplace(() -> asked.add("replace?") && false);

        assertThat(vm.reproduce()).isFalse();
        assertThat(vm.tryFix()).isFalse();
        background.runAll();

        assertThat(asked).hasSize(2);
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Import of capture.json");
        assertThat(vm.targetProperty().get().kind()).isEqualTo(SessionTarget.Kind.IMPORT);
        assertThat(vm.replayScreen().runs()).containsExactly(imported().replays().get(0));
        assertThat(replayed).isEmpty();
        assertThat(fixesTried).isEmpty();
    }

    @Test
    void reproduce_in_an_imported_session_opens_the_scenario_as_a_new_session_once_the_user_agrees() {
        WorkbenchViewModel vm = loaded();
        vm.show(imported(), SampleWorkspace.inspection(), SessionTarget.imported("NetLog capture.json"));
        vm.setMayReplace(() -> true);

        assertThat(vm.reproduce()).isTrue();
        background.runAll();
        background.runAll();
        background.runAll();

        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(vm.targetProperty().get()).isEqualTo(SessionTarget.lab("tenants-wildcard"));
        assertThat(replayed).singleElement().satisfies(r ->
                assertThat(r.labScenario()).contains("tenants-wildcard"));
        assertThat(vm.replayScreen().runs()).as("the import's run is not mixed into the lab session")
                .doesNotContain(imported().replays().get(0));
    }

    @Test
    void a_lab_session_as_loaded_can_be_remade_but_not_once_it_has_a_run_or_edited_authorities() {
        WorkbenchViewModel vm = loaded();
        assertThat(vm.remakeable()).isTrue();
        vm.authorities().paste("extra.tenants.lab.test:4443");
        assertThat(vm.remakeable()).isFalse();

        WorkbenchViewModel other = loaded();
        other.reproduce();
        background.runAll();
        assertThat(other.remakeable()).isFalse();
        other.newSession();
        assertThat(other.remakeable()).isFalse();
    }

    @Test
    void loading_a_scenario_asks_before_it_replaces_the_session_and_keeps_it_on_no() {
        WorkbenchViewModel vm = vm();
        vm.setMayReplace(() -> false);
        assertThat(vm.loadLab("tenants-wildcard")).isFalse();
        background.runAll();
        assertThat(lab.calls).isEmpty();
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Untitled");
    }

    @Test
    void after_a_new_session_probes_and_replays_go_to_the_real_network_not_the_lab() {
        WorkbenchViewModel vm = loaded();
        vm.newSession();
        assertThat(vm.replayScreen().planTextProperty().get()).as("the lab's plan is not the new session's").isEmpty();
        vm.authorities().paste("localhost:1");
        assertThat(vm.probe()).isTrue();
        background.runAll();
        vm.replayScreen().planTextProperty().set("GET https://localhost:1/");
        assertThat(vm.runReplay()).isTrue();
        background.runAll();

        assertThat(targets).last().isEqualTo(SessionTarget.system());
        assertThat(replayed).singleElement().satisfies(r -> assertThat(r.labScenario()).isEmpty());
        assertThat(vm.session().labScenario()).isEmpty();
    }

    @Test
    void reproduce_runs_the_scenario_selected_in_the_lab_not_the_loaded_one() {
        WorkbenchViewModel vm = loaded();
        vm.lab().select("vhost-client-auth");
        assertThat(vm.reproduce()).isTrue();
        background.runAll();
        background.runAll();
        background.runAll();

        assertThat(lab.calls).containsExactly("start tenants-wildcard", "start vhost-client-auth");
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: vhost-client-auth");
        assertThat(replayed).singleElement().satisfies(r ->
                assertThat(r.labScenario()).contains("vhost-client-auth"));
    }

    @Test
    void restarting_the_lab_s_origins_keeps_the_session_s_runs() {
        WorkbenchViewModel vm = loaded();
        vm.reproduce();
        background.runAll();
        vm.lab().startStop();
        background.runAll();
        vm.lab().startStop();
        background.runAll();
        assertThat(vm.replayScreen().runs()).hasSize(1);
    }

    @Test
    void every_replay_run_of_the_session_is_saved_and_any_two_can_be_compared() {
        WorkbenchViewModel vm = loaded();
        vm.reproduce();
        background.runAll();
        vm.replayScreen().configure(ConnectionPolicy.ISOLATED, true, false);
        vm.runReplay();
        background.runAll();

        List<ReplayRun> saved = vm.session().replays();
        assertThat(saved).hasSize(2);
        assertThat(saved).extracting(r -> ConnectionTimeline.of(r.events()).misdirectedCount()).containsExactly(1L, 0L);

        vm.show(vm.session(), SampleWorkspace.inspection());
        ReplayViewModel replay = vm.replayScreen();
        assertThat(replay.runs()).hasSize(2);
        replay.compare(replay.runs().get(0), replay.runs().get(1));
        assertThat(replay.comparingProperty().get()).isTrue();
        assertThat(replay.beforeTitleProperty().get()).isEqualTo("Run 1 · coalescing, 421 retry on");
        assertThat(replay.afterTitleProperty().get()).startsWith("Run 2 · coalescing");
        assertThat(replay.headlineProperty().get()).startsWith("Two runs of this session: Run 1");
        assertThat(vm.session().replays()).as("comparing adds no run").hasSize(2);
    }

    private static Session imported() {
        return Session.of("Import of capture.json", SampleWorkspace.authoritySet(), Instant.parse("2026-11-27T09:00:00Z"))
                .withReplay(clean());
    }

    @Test
    void a_new_session_stops_replaying_against_the_lab() {
        WorkbenchViewModel vm = loaded();
        assertThat(vm.replayScreen().labScenario()).contains("tenants-wildcard");
        vm.newSession();
        assertThat(vm.replayScreen().labScenario()).isEmpty();
        assertThat(vm.replayScreen().labHintProperty().get()).isEmpty();
    }
}
