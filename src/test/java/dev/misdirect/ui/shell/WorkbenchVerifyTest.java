package dev.misdirect.ui.shell;

import dev.misdirect.core.coalesce.Measurements;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.app.SampleVerifyRun;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.Progress;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
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

/** The window's Verify action over a fake verify service, without a toolkit. */
class WorkbenchVerifyTest {
    private final ManualExecutor background = new ManualExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final List<WorkbenchServices.VerifyRequest> requests = new ArrayList<>();
    private final List<VerifyRun> judgedBy = new ArrayList<>();
    private final List<Cancellation> cancels = new ArrayList<>();

    private final WorkbenchServices.VerifyService fakeVerify = new WorkbenchServices.VerifyService() {
        @Override
        public WorkbenchServices.Verified verify(WorkbenchServices.VerifyRequest request, Progress progress,
                                                 Cancellation cancel) {
            requests.add(request);
            cancels.add(cancel);
            progress.report(3, 6, "Verifying 2 pairs: 3 of 6 requests answered");
            return judge(SampleWorkspace.inspection().results(), SampleVerifyRun.misrouted());
        }

        @Override
        public WorkbenchServices.Verified judge(List<ProbeResult> probes, VerifyRun run) {
            judgedBy.add(run);
            Inspection probed = SampleWorkspace.inspection();
            return new WorkbenchServices.Verified(run, new Inspection(probed.results(), probed.coverage(),
                    probed.overlaps(), probed.findings(), probed.vantage(),
                    Measurements.apply(SampleWorkspace.predictions(), run)));
        }
    };

    private WorkbenchViewModel vm(Optional<WorkbenchServices.VerifyService> verify) {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse,
                Optional.of((target, set, tlsSettings, progress, cancel) -> SampleWorkspace.inspection()),
                Optional.of((set, results) -> SampleWorkspace.predictions()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), verify);
        TaskRunner runner = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, clock));
        FakeTime time = new FakeTime();
        WorkbenchViewModel vm = new WorkbenchViewModel(services, runner, clock,
                new AuthoritySetViewModel(services.parser()), new InspectViewModel(), new CoalescingViewModel(),
                new FindingsViewModel(), new ReplayViewModel(Optional.empty(), runner, Runnable::run, time, time),
                new LabViewModel(Optional.empty(), runner, Runnable::run, time, time));
        vm.authorities().paste("a.tenants.lab.test resolve=127.0.0.11\nb.tenants.lab.test resolve=127.0.0.11");
        return vm;
    }

    @Test
    void verify_sends_the_sessions_target_and_authorities_and_adds_the_run_to_the_session() {
        WorkbenchViewModel vm = vm(Optional.of(fakeVerify));
        assertThat(vm.canVerifyProperty().get()).isTrue();

        assertThat(vm.verify()).isTrue();
        assertThat(vm.canVerifyProperty().get()).as("no second run while one runs").isFalse();
        background.runAll();

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo(SessionTarget.system());
            assertThat(r.set().authorities()).hasSize(2);
            assertThat(r.only()).as("every shared pair").isEmpty();
        });
        assertThat(vm.coalescing().latest()).contains(SampleVerifyRun.misrouted());
        assertThat(vm.session().verifications()).containsExactly(SampleVerifyRun.misrouted());
        assertThat(vm.session().predictions()).flatMap(p -> p.pairs()).anyMatch(d -> d.measured().isPresent());
        assertThat(vm.runner().messageProperty().get())
                .isEqualTo("Verified 2 pairs: 1 misrouted, 0 refused-421, 1 shared-ok, 0 untested");
    }

    @Test
    void a_cancelled_verify_adds_nothing_to_the_session() {
        WorkbenchViewModel vm = vm(Optional.of(fakeVerify));
        vm.verify();
        vm.cancel();
        background.runAll();

        assertThat(cancels).singleElement().satisfies(c -> assertThat(c.isCancelled()).isTrue());
        assertThat(vm.coalescing().latest()).isEmpty();
        assertThat(vm.session().verifications()).isEmpty();
        assertThat(vm.runner().messageProperty().get()).endsWith(": cancelled");
    }

    @Test
    void a_probe_after_a_verify_is_judged_by_the_sessions_latest_run() {
        WorkbenchViewModel vm = vm(Optional.of(fakeVerify));
        vm.verify();
        background.runAll();
        judgedBy.clear();

        vm.probe();
        background.runAll();

        assertThat(judgedBy).containsExactly(SampleVerifyRun.misrouted());
        assertThat(vm.coalescing().pairs()).anyMatch(r -> r.risk().equals("✘ measured misrouted"));
    }

    @Test
    void verify_is_unavailable_without_the_service_or_without_authorities() {
        assertThat(vm(Optional.empty()).canVerifyProperty().get()).isFalse();
        assertThat(vm(Optional.empty()).verify()).isFalse();
        WorkbenchViewModel empty = vm(Optional.of(fakeVerify));
        empty.newSession();
        assertThat(empty.canVerifyProperty().get()).isFalse();
        assertThat(empty.verifyOffered()).as("no offer, nothing to verify").isFalse();
    }

    @Test
    void a_new_session_forgets_the_verify_runs_of_the_one_before() {
        WorkbenchViewModel vm = vm(Optional.of(fakeVerify));
        vm.verify();
        background.runAll();
        vm.newSession();
        assertThat(vm.coalescing().latest()).isEmpty();
        assertThat(vm.session().verifications()).isEmpty();
    }
}
