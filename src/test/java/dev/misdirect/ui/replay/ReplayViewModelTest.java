package dev.misdirect.ui.replay;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayViewModelTest {
    private final FakeTime time = new FakeTime();
    private final TaskRunner runner = new TaskRunner(Runnable::run, Runnable::run,
            new ErrorLog(Runnable::run, Clock.systemUTC()));

    private ReplayViewModel vm(Optional<WorkbenchServices.ReplayService> service) {
        return new ReplayViewModel(service, runner, Runnable::run, time, time);
    }

    @Test
    void a_run_shows_its_lanes_and_counts_the_hidden_421() {
        ReplayViewModel vm = vm(Optional.empty());
        vm.show(SampleWorkspace.replay());
        assertThat(vm.timelineProperty().get().lanes()).hasSize(2);
        assertThat(vm.headlineProperty().get())
                .isEqualTo("2 connections · 4 exchanges · ⚠ 1 × 421 (1 hidden by the client's retry)");
    }

    @Test
    void a_run_with_a_421_is_judged_bad_a_clean_run_ok_and_nothing_before_a_run() {
        ReplayViewModel vm = vm(Optional.empty());
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.NONE);
        ReplayRun broken = SampleWorkspace.replay();
        ReplayRun clean = new ReplayRun(broken.planText(), ConnectionPolicy.ISOLATED, true, false, Optional.empty(), false,
                broken.startedAt(), List.of(), broken.events().subList(0, 7), List.of()); // the first exchange: a 200

        vm.showComparison(broken, "Before", clean, "After");
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 × 421, 1 hidden retry"));
        assertThat(vm.afterVerdictProperty().get()).isEqualTo(VerdictText.ok("✔ no 421"));

        vm.clear();
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.NONE);
        assertThat(vm.afterVerdictProperty().get()).isEqualTo(VerdictText.NONE);
    }

    @Test
    void a_misrouted_run_is_judged_bad_by_what_was_misrouted_and_opens_on_that_exchange() {
        ReplayViewModel vm = vm(Optional.empty());
        vm.show(SampleWorkspace.misroutedReplay());
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 misrouted: 404 from the wrong backend"));
        assertThat(vm.headlineProperty().get())
                .isEqualTo("1 connection · 2 exchanges · ✘ 1 misrouted: 404 from the wrong backend");
        assertThat(vm.selectedBarProperty().get().exchangeId()).as("the misrouted exchange is selected").isEqualTo(2);
    }

    @Test
    void the_fix_of_a_misrouting_scenario_is_compared_by_its_misrouted_answers_not_by_421s() {
        ReplayViewModel vm = vm(Optional.empty());
        ReplayRun broken = SampleWorkspace.misroutedReplay();
        ReplayRun fixed = new ReplayRun(broken.planText(), ConnectionPolicy.COALESCING, true, false,
                broken.labScenario(), true, broken.startedAt(), List.of(), broken.events().subList(0, 6), List.of());

        vm.showComparison(broken, "Before", fixed, "After");
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 misrouted: 404 from the wrong backend"));
        assertThat(vm.afterVerdictProperty().get()).isEqualTo(VerdictText.ok("✔ nothing misrouted, no 421"));
        assertThat(vm.headlineProperty().get()).isEqualTo("The same plan twice: as broken (left, 1 misrouted: 404 from"
                + " the wrong backend) and with the fix (right, nothing misrouted)");
    }

    @Test
    void a_run_still_running_is_said_to_be_running_not_judged_no_421() {
        List<ReplayRun> finished = new ArrayList<>();
        dev.misdirect.ui.testing.ManualExecutor background = new dev.misdirect.ui.testing.ManualExecutor();
        TaskRunner manual = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, Clock.systemUTC()));
        ReplayRun broken = SampleWorkspace.replay();
        ReplayViewModel vm = new ReplayViewModel(Optional.of((request, events, cancel) -> {
            finished.add(broken);
            return broken;
        }), manual, Runnable::run, time, time);
        vm.planTextProperty().set(broken.planText());
        assertThat(vm.run()).isTrue();
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.unknown("… running"));
        assertThat(vm.headlineProperty().get()).startsWith("… running");

        vm.append(broken.events().subList(0, 7)); // a clean first exchange arrives while the run goes on
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.unknown("… running"));
        assertThat(vm.headlineProperty().get()).isEqualTo("… running · 1 connection · 1 exchange so far");

        background.runAll();
        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.bad("✘ 1 × 421, 1 hidden retry"));
    }

    @Test
    void a_cancelled_run_is_said_to_have_stopped_not_judged_no_421() {
        dev.misdirect.ui.testing.ManualExecutor background = new dev.misdirect.ui.testing.ManualExecutor();
        TaskRunner manual = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, Clock.systemUTC()));
        ReplayRun broken = SampleWorkspace.replay();
        ReplayViewModel vm = new ReplayViewModel(Optional.of((request, events, cancel) -> broken), manual,
                Runnable::run, time, time);
        vm.planTextProperty().set(broken.planText());
        vm.run();
        vm.append(broken.events().subList(0, 7));
        vm.cancel();
        background.runAll();

        assertThat(vm.verdictProperty().get()).isEqualTo(VerdictText.unknown("? stopped: no 421 so far"));
        assertThat(vm.headlineProperty().get()).startsWith("Stopped before the end");
    }

    @Test
    void a_har_run_without_a_421_says_it_cannot_show_one_instead_of_no_421() {
        ReplayViewModel vm = vm(Optional.empty());
        ReplayRun broken = SampleWorkspace.replay();
        ReplayRun har = new ReplayRun(broken.planText(), ConnectionPolicy.COALESCING, true, false, Optional.empty(), false,
                broken.startedAt(), List.of(), broken.events().subList(0, 7), List.of(new Finding(
                FindingCause.RETRIED_421_UNSEEN, Severity.INFO, "No retried 421 can show in this HAR",
                "A HAR holds no 421 that the browser retried by itself.", "", "", List.of())));
        vm.show(har);
        assertThat(vm.verdictProperty().get().verdict()).isEqualTo(dev.misdirect.ui.common.Verdict.NONE);
        assertThat(vm.verdictProperty().get().text()).startsWith("? no 421 seen");
        assertThat(vm.headlineProperty().get()).doesNotContain("✔");
    }

    @Test
    void after_try_the_fix_the_findings_keep_the_problem_and_never_say_nothing_to_fix_for_it() {
        ReplayViewModel vm = vm(Optional.empty());
        ReplayRun broken = SampleWorkspace.replay();
        Finding problem = new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM, "421 for b", "d", "e",
                "Give each tenant its own certificate.", List.of("b.tenants.lab.test:443"));
        Finding clean = new Finding(FindingCause.OTHER, Severity.INFO, "no 421 under policy isolated", "3 requests",
                "e", "Nothing to fix.", List.of());
        ReplayRun before = new ReplayRun(broken.planText(), ConnectionPolicy.COALESCING, true, false, Optional.empty(),
                false, broken.startedAt(), List.of(), broken.events(), List.of(problem));
        ReplayRun after = new ReplayRun(broken.planText(), ConnectionPolicy.ISOLATED, true, false, Optional.empty(),
                false, broken.startedAt(), List.of(), broken.events().subList(0, 7), List.of(clean));

        vm.showComparison(before, "Before", after, "After · same servers, isolated");
        assertThat(vm.findings()).first().isEqualTo(problem);
        assertThat(vm.findings()).extracting(Finding::fix).doesNotContain("Nothing to fix.");
        assertThat(vm.findings()).extracting(Finding::title)
                .contains("After · same servers, isolated: no 421 under policy isolated");
    }

    @Test
    void the_details_of_the_421_show_sni_a_against_authority_b_and_the_server_view() {
        ReplayViewModel vm = vm(Optional.empty());
        vm.show(SampleWorkspace.replay());
        ConnectionTimeline.Bar bar = vm.selectedBarProperty().get();
        assertThat(bar).as("the first 421 is selected when a run is shown").isNotNull();
        assertThat(bar.misdirected()).isTrue();
        assertThat(vm.connectionProperty().get()).contains("SNI a.tenants.lab.test");
        assertThat(vm.requestProperty().get()).contains("authority b.tenants.lab.test").contains("421 Misdirected Request");
        assertThat(vm.clientViewProperty().get()).contains("SNI and authority differ")
                .contains("retried as exchange x3 on connection #2 (status 200)");
        assertThat(vm.serverViewProperty().get()).contains("saw SNI a.tenants.lab.test, authority b.tenants.lab.test")
                .contains("answered 421");
    }

    @Test
    void selecting_a_plain_exchange_says_nothing_was_coalesced() {
        ReplayViewModel vm = vm(Optional.empty());
        vm.show(SampleWorkspace.replay());
        vm.selectedBarProperty().set(vm.timelineProperty().get().bars().get(0));
        assertThat(vm.clientViewProperty().get()).doesNotContain("differ").doesNotContain("hidden");
        assertThat(vm.requestProperty().get()).contains("status 200");
    }

    @Test
    void run_is_impossible_without_a_replay_engine() {
        ReplayViewModel vm = vm(Optional.empty());
        vm.planTextProperty().set("GET https://a.example/");
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.run()).isFalse();
    }

    @Test
    void a_run_streams_events_into_a_bounded_number_of_timeline_updates_then_shows_the_result() {
        ReplayRun sample = SampleWorkspace.replay();
        List<ConnectionTimeline> updates = new ArrayList<>();
        List<WorkbenchServices.ReplayRequest> requests = new ArrayList<>();
        WorkbenchServices.ReplayService engine = (request, events, cancel) -> {
            requests.add(request);
            for (int i = 0; i < 200; i++) { // a flood: the sample's events repeated, 1 ms apart
                for (TimelineEvent e : sample.events()) {
                    events.accept(e);
                }
                time.advance(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return sample;
        };
        ReplayViewModel vm = vm(Optional.of(engine));
        vm.timelineProperty().addListener((o, was, now) -> updates.add(now));
        vm.planTextProperty().set(sample.planText());
        vm.policyProperty().set(ConnectionPolicy.IP_KEYED);
        vm.retry421Property().set(false);

        assertThat(vm.run()).isTrue();
        time.advance(TimeUnit.MILLISECONDS.toNanos(100));

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.policy()).isEqualTo(ConnectionPolicy.IP_KEYED);
            assertThat(r.retry421()).isFalse();
        });
        // 200 ms of events at ≤ 20 updates per second, plus the clear, the flush after the run and the final result
        assertThat(updates.size()).isBetween(2, 8);
        assertThat(vm.lastRun()).contains(sample);
        assertThat(vm.timelineProperty().get().bars()).hasSize(4);
    }
}
