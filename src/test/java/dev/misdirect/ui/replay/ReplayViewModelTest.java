package dev.misdirect.ui.replay;

import dev.misdirect.core.model.ConnectionPolicy;
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
