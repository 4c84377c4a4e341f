package dev.misdirect.ui.app;

import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.SessionDigest;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.TestEngine;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.WorkbenchServices.ReplayRequest;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LoadedLab;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench shows what the application layer finds: its services, over the same scenario, give the same
 * inspection and the same reproduced run as the use cases called directly.
 */
class WorkbenchAgreesWithTheEngineTest {
    @TempDir
    static Path home;
    private final Engine engine = TestEngine.engine();

    static List<String> scenarios() {
        return Scenarios.ids();
    }

    private static Labs labs(String dir) {
        return TestEngine.labs(home.resolve(dir));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void inspect_and_reproduce_on_the_workbench_give_the_engines_results(String id) throws Exception {
        LabController workbenchLab = new LabController(labs("workbench"));
        EngineServices workbench = new EngineServices(engine, workbenchLab);
        try (Labs labs = labs("engine")) {
            LoadedLab loaded = workbenchLab.start(id, false);
            Inspection shown = workbench.inspect(dev.misdirect.ui.common.SessionTarget.lab(id), loaded.authoritySet(),
                    false, (done, total, message) -> { }, new Cancellation());
            RunningLab lab = labs.start(id, false);
            Inspection found = engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults(),
                    ProbeListener.none()).result().get(60, TimeUnit.SECONDS);
            assertThat(SessionDigest.inspection(shown)).isEqualTo(SessionDigest.inspection(found));

            // "Reproduce the 421" replays the loaded plan with the gallery's policy and the client's retry on
            LabScenario s = workbenchLab.scenarios().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            ReplayRun replayed = workbench.replay(new ReplayRequest(ReplayPlan.parse(loaded.planText()),
                    s.reproducePolicy(), true, false, Optional.of(id), false), e -> { }, new Cancellation());
            ReplayRun reproduced = engine.reproduce(labs, id, ReplayProgress.none()).result().get(60, TimeUnit.SECONDS);
            assertThat(SessionDigest.replay(replayed)).isEqualTo(SessionDigest.replay(reproduced));
        } finally {
            workbenchLab.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void the_tls_settings_toggle_runs_the_engine_s_settings_pass_and_finds_the_names_that_differ() throws Exception {
        LabController workbenchLab = new LabController(labs("workbench-settings"));
        EngineServices workbench = new EngineServices(engine, workbenchLab);
        try {
            LoadedLab loaded = workbenchLab.start("vhost-tls-mismatch", false);
            Inspection without = workbench.inspect(dev.misdirect.ui.common.SessionTarget.lab("vhost-tls-mismatch"),
                    loaded.authoritySet(), false, (done, total, message) -> { }, new Cancellation());
            Inspection with = workbench.inspect(dev.misdirect.ui.common.SessionTarget.lab("vhost-tls-mismatch"),
                    loaded.authoritySet(), true, (done, total, message) -> { }, new Cancellation());
            assertThat(without.results()).allSatisfy(r -> assertThat(r.handshakes())
                    .allSatisfy(h -> assertThat(h.tlsSettings()).isEmpty()));
            assertThat(with.results()).allSatisfy(r -> assertThat(r.handshakes())
                    .allSatisfy(h -> assertThat(h.tlsSettings()).isPresent()));
            assertThat(with.findings()).anySatisfy(f -> assertThat(f.cause())
                    .isEqualTo(dev.misdirect.core.model.FindingCause.TLS_SETTINGS_DIFFER));
        } finally {
            workbenchLab.stop();
        }
    }
}
