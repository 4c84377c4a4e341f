package dev.misdirect.ui.shell;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import dev.misdirect.ui.testing.FakeTime;
import dev.misdirect.ui.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WorkbenchViewModelTest {
    private final ManualExecutor background = new ManualExecutor();
    private final List<AuthoritySet> probed = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    private WorkbenchViewModel vm(Optional<WorkbenchServices.InspectionService> inspection) {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, inspection,
                Optional.of((set, results) -> SampleWorkspace.predictions()), Optional.empty(), Optional.empty(),
                Optional.empty());
        TaskRunner runner = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, clock));
        FakeTime time = new FakeTime();
        return new WorkbenchViewModel(services, runner, clock, new AuthoritySetViewModel(services.parser()),
                new InspectViewModel(), new CoalescingViewModel(), new FindingsViewModel(),
                new ReplayViewModel(Optional.empty(), runner, Runnable::run, time, time),
                new LabViewModel(Optional.empty(), runner, Runnable::run, time, time));
    }

    private final List<Boolean> settingsPasses = new java.util.ArrayList<>();
    private final WorkbenchServices.InspectionService fakeProbe = (target, set, tlsSettings, progress, cancel) -> {
        probed.add(set);
        settingsPasses.add(tlsSettings);
        progress.report(1, 1, "probed");
        return SampleWorkspace.inspection();
    };

    @Test
    void the_vantage_label_typed_on_inspect_goes_with_the_probe_to_the_engine() {
        List<dev.misdirect.ui.common.SessionTarget> targets = new ArrayList<>();
        WorkbenchViewModel vm = vm(Optional.of((target, set, tlsSettings, progress, cancel) -> {
            targets.add(target);
            return SampleWorkspace.inspection();
        }));
        vm.authorities().paste("a.tenants.lab.test resolve=127.0.0.11");
        vm.inspect().vantageLabelProperty().set(" eu-west ");

        assertThat(vm.probe()).isTrue();
        background.runAll();
        vm.inspect().vantageLabelProperty().set(" ");
        assertThat(vm.probe()).isTrue();
        background.runAll();

        assertThat(targets).extracting(dev.misdirect.ui.common.SessionTarget::vantage)
                .containsExactly(Optional.of("eu-west"), Optional.empty());
    }

    @Test
    void the_tls_settings_toggle_of_the_authorities_screen_asks_the_probe_for_the_settings_pass() {
        WorkbenchViewModel vm = vm(Optional.of(fakeProbe));
        vm.authorities().paste("a.tenants.lab.test resolve=127.0.0.11");
        vm.probe();
        background.runAll();
        vm.authorities().tlsSettingsProperty().set(true);
        vm.probe();
        background.runAll();
        assertThat(settingsPasses).containsExactly(false, true);
    }

    @Test
    void probe_sends_the_good_authorities_and_fills_every_screen() {
        WorkbenchViewModel vm = vm(Optional.of(fakeProbe));
        vm.authorities().paste("a.tenants.lab.test resolve=127.0.0.11\nbad line!\nb.tenants.lab.test resolve=127.0.0.11");
        assertThat(vm.canProbeProperty().get()).isTrue();

        assertThat(vm.probe()).isTrue();
        assertThat(vm.canProbeProperty().get()).as("no second probe while one runs").isFalse();
        background.runAll();

        assertThat(probed).singleElement().satisfies(s ->
                assertThat(s.authorities()).extracting(a -> a.key()).containsExactly("a.tenants.lab.test:443", "b.tenants.lab.test:443"));
        assertThat(vm.inspect().handshakes()).hasSize(6);
        assertThat(vm.coalescing().predictions()).hasSize(5);
        assertThat(vm.findings().visible()).hasSize(5);
        assertThat(vm.runner().messageProperty().get()).isEqualTo("Probing 2 authorities: done");
    }

    @Test
    void real_results_replace_the_sample_notice() {
        WorkbenchViewModel vm = vm(Optional.of(fakeProbe));
        vm.presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        assertThat(vm.dataNoticeProperty().get()).startsWith("Sample data");
        assertThat(vm.windowTitleProperty().get()).isEqualTo("Misdirect — " + SampleWorkspace.TITLE);
        vm.probe();
        background.runAll();
        assertThat(vm.dataNoticeProperty().get()).isEmpty();
    }

    @Test
    void probe_is_disabled_with_a_reason_when_the_build_has_no_probe_engine() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.authorities().paste("a.example.com");
        assertThat(vm.canProbeProperty().get()).isFalse();
        assertThat(vm.probe()).isFalse();
        assertThat(vm.probeUnavailableProperty().get()).contains("not part of this build");
    }

    @Test
    void selecting_a_finding_selects_its_authority_in_inspect_and_the_reverse_focuses_findings() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.present(SampleWorkspace.inspection(), SampleWorkspace.predictions());
        vm.findings().selectedProperty().set(SampleWorkspace.findings().get(2));
        assertThat(vm.inspect().selectedAuthorityProperty().get()).isEqualTo(SampleWorkspace.SHOP);

        vm.inspect().selectedAuthorityProperty().set(SampleWorkspace.B);
        assertThat(vm.findings().focusAuthorityProperty().get()).isEqualTo(SampleWorkspace.B);
        assertThat(vm.findings().visible().get(0).authorities()).contains(SampleWorkspace.B);
    }

    @Test
    void presenting_results_opens_on_the_authority_of_the_first_problem() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.present(SampleWorkspace.inspection(), SampleWorkspace.predictions());
        assertThat(vm.inspect().selectedAuthorityProperty().get()).isEqualTo(SampleWorkspace.B);
    }

    @Test
    void the_session_holds_the_authorities_results_predictions_and_last_replay() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.presentWithNotice(SampleWorkspace.NOTICE, "Tenants", SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        var s = vm.session();
        assertThat(s.title()).isEqualTo("Tenants");
        assertThat(s.authoritySet().authorities()).hasSize(5);
        assertThat(s.probes()).hasSize(5);
        assertThat(s.predictions()).hasSize(5);
        assertThat(s.replays()).singleElement().satisfies(r -> assertThat(r.policy()).isEqualTo(ConnectionPolicy.COALESCING));
        assertThat(s.createdAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_new_session_empties_every_screen() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.presentWithNotice(SampleWorkspace.NOTICE, "Tenants", SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        vm.newSession();
        assertThat(vm.authorities().rows()).isEmpty();
        assertThat(vm.inspect().handshakes()).isEmpty();
        assertThat(vm.coalescing().predictions()).isEmpty();
        assertThat(vm.findings().visible()).isEmpty();
        assertThat(vm.replayScreen().timelineProperty().get().lanes()).isEmpty();
        assertThat(vm.dataNoticeProperty().get()).isEmpty();
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Untitled");
    }

    @Test
    void the_recent_list_puts_the_newest_first_without_repeats_and_keeps_eight() {
        WorkbenchViewModel vm = vm(Optional.empty());
        for (int i = 0; i < 10; i++) {
            vm.remember(Path.of("s" + i + ".json"));
        }
        vm.remember(Path.of("s5.json"));
        assertThat(vm.recent()).hasSize(WorkbenchViewModel.MAX_RECENT);
        assertThat(vm.recent().get(0)).isEqualTo(Path.of("s5.json"));
        assertThat(vm.recent()).doesNotHaveDuplicates();
    }

    @Test
    void the_theme_toggles_between_light_and_dark() {
        WorkbenchViewModel vm = vm(Optional.empty());
        vm.toggleTheme();
        assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
        vm.toggleTheme();
        assertThat(vm.themeProperty().get()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void about_names_the_product_java_and_javafx_versions() {
        assertThat(vm(Optional.empty()).aboutText()).startsWith("Misdirect ").contains("\nJava ").contains("\nJavaFX ");
    }

    @Test
    void a_probe_without_predictions_still_fills_inspect() {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.of(fakeProbe),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        WorkbenchViewModel vm = runningAtOnce(services);
        vm.authorities().paste("a.example.com");
        vm.probe();
        Inspection shown = vm.inspect().inspectionProperty().get();
        assertThat(shown.results()).hasSize(5);
        assertThat(vm.coalescing().predictions()).isEmpty();
    }

    @Test
    void a_probe_shows_the_predictions_the_engine_s_inspection_holds_without_predicting_again() {
        Inspection sample = SampleWorkspace.inspection();
        Inspection withPredictions = new Inspection(sample.results(), sample.coverage(), sample.overlaps(),
                sample.findings(), Optional.empty(), SampleWorkspace.predictions());
        List<AuthoritySet> predicted = new ArrayList<>();
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse,
                Optional.of((target, set, tlsSettings, progress, cancel) -> withPredictions),
                Optional.of((set, results) -> {
                    predicted.add(set);
                    return List.of();
                }), Optional.empty(), Optional.empty(), Optional.empty());
        WorkbenchViewModel vm = runningAtOnce(services);
        vm.authorities().paste("a.example.com");

        assertThat(vm.probe()).isTrue();

        assertThat(vm.coalescing().predictions()).hasSize(SampleWorkspace.predictions().size());
        assertThat(predicted).as("the prediction service is not asked again").isEmpty();
    }

    /** A view-model over {@code services} whose operations run at once on the calling thread. */
    private WorkbenchViewModel runningAtOnce(WorkbenchServices services) {
        TaskRunner runner = new TaskRunner(Runnable::run, Runnable::run, new ErrorLog(Runnable::run, clock));
        FakeTime time = new FakeTime();
        return new WorkbenchViewModel(services, runner, clock, new AuthoritySetViewModel(services.parser()),
                new InspectViewModel(), new CoalescingViewModel(), new FindingsViewModel(),
                new ReplayViewModel(Optional.empty(), runner, Runnable::run, time, time),
                new LabViewModel(Optional.empty(), runner, Runnable::run, time, time));
    }
}
