package dev.misdirect.ui.lab;

import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LoadedLab;
import dev.misdirect.ui.common.ServedRow;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.testing.FakeTime;
import dev.misdirect.ui.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LabViewModelTest {
    private final ManualExecutor background = new ManualExecutor();
    private final FakeTime time = new FakeTime();
    private final TaskRunner runner = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, Clock.systemUTC()));
    private final FakeLab lab = new FakeLab();

    private LabViewModel vm() {
        return new LabViewModel(Optional.of(lab), runner, Runnable::run, time, time);
    }

    @Test
    void the_gallery_lists_every_scenario_and_selects_the_first_with_its_diagram() {
        LabViewModel vm = vm();
        assertThat(vm.scenarios()).extracting(LabScenario::id).containsExactly("tenants-wildcard", "vhost-client-auth");
        assertThat(vm.selectedProperty().get().id()).isEqualTo("tenants-wildcard");
        assertThat(vm.diagramProperty().get().arrows()).extracting(LabDiagram.Arrow::outcome)
                .containsExactly(LabDiagram.Outcome.MISDIRECTED);
    }

    @Test
    void the_diagram_follows_the_selection_and_the_fixed_variant_toggle() {
        LabViewModel vm = vm();
        vm.showFixedProperty().set(true);
        assertThat(vm.diagramProperty().get().arrows()).extracting(LabDiagram.Arrow::outcome)
                .containsExactly(LabDiagram.Outcome.OK);
        assertThat(vm.select("vhost-client-auth")).isTrue();
        assertThat(vm.diagramProperty().get()).isEqualTo(vm.scenario("vhost-client-auth").orElseThrow().fixedDiagram());
        assertThat(vm.select("no-such-scenario")).isFalse();
    }

    @Test
    void load_starts_the_origins_off_the_ui_thread_then_hands_the_lab_to_the_session() {
        LabViewModel vm = vm();
        List<LoadedLab> handed = new ArrayList<>();
        vm.setOnLoaded(handed::add);

        assertThat(vm.load()).isTrue();
        assertThat(lab.calls).as("nothing starts before the background task runs").isEmpty();
        assertThat(vm.canLoadProperty().get()).as("no second load while one runs").isFalse();
        background.runAll();

        assertThat(lab.calls).containsExactly("start tenants-wildcard");
        assertThat(handed).extracting(LoadedLab::port).containsExactly(4443);
        assertThat(vm.originsRunningProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).contains("tenants-wildcard running on loopback port 4443");
        assertThat(vm.loadedScenario().map(LabScenario::id)).contains("tenants-wildcard");
    }

    @Test
    void start_stop_stops_the_running_origins_and_starts_them_again() {
        LabViewModel vm = vm();
        assertThat(vm.startStop()).as("nothing loaded, nothing to stop").isFalse();
        vm.load();
        background.runAll();

        assertThat(vm.startStop()).isTrue();
        background.runAll();
        assertThat(vm.originsRunningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("stopped");

        assertThat(vm.startStop()).isTrue();
        background.runAll();
        assertThat(vm.originsRunningProperty().get()).isTrue();
        assertThat(lab.calls).containsExactly("start tenants-wildcard", "stop", "start tenants-wildcard");
    }

    @Test
    void a_flood_of_server_log_rows_reaches_the_table_in_batches_of_at_most_one_per_50_ms() {
        LabViewModel vm = vm();
        int[] updates = {0};
        vm.serverLog().addListener((javafx.collections.ListChangeListener<ServedRow>) c -> updates[0]++);
        for (int i = 0; i < 1000; i++) {
            lab.serve(i % 2 == 0 ? 200 : 421);
            if (i % 100 == 99) {
                time.advance(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        time.advance(TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(vm.serverLog()).hasSize(1000);
        assertThat(vm.serverLog()).filteredOn(r -> r.status() == 421).hasSize(500);
        // 100 ms of events at ≤ 20 updates per second: the first at once, then one per 50 ms
        assertThat(updates[0]).isBetween(1, 4);
    }

    @Test
    void without_a_lab_the_screen_offers_nothing_to_run() {
        LabViewModel vm = new LabViewModel(Optional.empty(), runner, Runnable::run, time, time);
        assertThat(vm.scenarios()).isEmpty();
        assertThat(vm.load()).isFalse();
        assertThat(vm.canLoadProperty().get()).isFalse();
    }

    @Test
    void the_guided_path_marks_steps_done_current_and_next_and_starts_again_for_another_scenario() {
        LabViewModel vm = vm();
        assertThat(vm.stepState(LabViewModel.GuideStep.STORY)).isEqualTo(LabViewModel.StepState.CURRENT);
        assertThat(vm.stepState(LabViewModel.GuideStep.PREDICT)).isEqualTo(LabViewModel.StepState.NEXT);

        vm.stepDone(LabViewModel.GuideStep.STORY);
        vm.stepDone(LabViewModel.GuideStep.PREDICT);
        assertThat(vm.stepState(LabViewModel.GuideStep.PREDICT)).isEqualTo(LabViewModel.StepState.DONE);
        assertThat(vm.stepState(LabViewModel.GuideStep.REPRODUCE)).isEqualTo(LabViewModel.StepState.CURRENT);
        vm.stepDone(LabViewModel.GuideStep.STORY); // going back to a done step keeps the path where it was
        assertThat(vm.stepState(LabViewModel.GuideStep.REPRODUCE)).isEqualTo(LabViewModel.StepState.CURRENT);

        vm.select("vhost-client-auth");
        assertThat(vm.guideReachedProperty().get()).isZero();
        assertThat(vm.stepState(LabViewModel.GuideStep.STORY)).isEqualTo(LabViewModel.StepState.CURRENT);
    }

    @Test
    void the_steps_name_a_misroute_for_a_scenario_whose_diagram_misroutes_and_a_421_otherwise() {
        dev.misdirect.ui.common.LabScenario tenants = FakeLab.scenario("tenants-wildcard", true);
        dev.misdirect.ui.common.LabDiagram d = tenants.diagram();
        dev.misdirect.ui.common.LabDiagram misrouting = new dev.misdirect.ui.common.LabDiagram(d.boxes(),
                java.util.List.of(new dev.misdirect.ui.common.LabDiagram.Arrow("client", "o", ":authority b",
                        dev.misdirect.ui.common.LabDiagram.Outcome.MISROUTED)));
        dev.misdirect.ui.common.LabScenario passthrough = new dev.misdirect.ui.common.LabScenario("sni-passthrough",
                "t", "n", "f", misrouting, d, tenants.reproducePolicy(), tenants.tryFix());
        assertThat(tenants.misroutes()).isFalse();
        assertThat(passthrough.misroutes()).isTrue();
        assertThat(passthrough.problem()).isEqualTo("the misroute");
        assertThat(LabViewModel.GuideStep.WHY.hint(passthrough)).contains("misrouted request").doesNotContain("421");
        assertThat(LabViewModel.GuideStep.WHY.hint(tenants)).contains("Select the 421");
    }
}
