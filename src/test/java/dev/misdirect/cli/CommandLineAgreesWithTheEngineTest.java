package dev.misdirect.cli;

import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Playbook;
import dev.misdirect.core.session.SessionDigest;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.TestEngine;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyProgress;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line prints what the application layer finds: the same scenario through both gives the same session. */
class CommandLineAgreesWithTheEngineTest {
    @TempDir
    static Path home;
    private final Engine engine = TestEngine.engine();

    static List<String> scenarios() {
        return Scenarios.ids();
    }

    private static Session cli(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(err.toString()).isIn(ExitCode.OK, ExitCode.CHECK_FAILED);
        return new SessionCodec().parse(out.toString(), String.join(" ", args));
    }

    private static Labs labs() {
        return TestEngine.labs(home.resolve("ca"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void probe_lab_prints_the_inspection_of_the_probe_use_case(String id) throws Exception {
        Session printed = cli("probe", "--lab", id, "--json");
        try (Labs labs = labs()) {
            RunningLab lab = labs.start(id, false);
            Inspection i = engine.probe(Target.lab(lab), lab.authoritySet(), ProbeOptions.defaults(),
                    ProbeListener.none()).result().get(60, TimeUnit.SECONDS);
            assertThat(SessionDigest.probe(printed.probes(), printed.findings()))
                    .isEqualTo(SessionDigest.inspection(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void replay_lab_with_the_playbook_policy_prints_the_reproduce_use_case(String id) throws Exception {
        Playbook playbook = Playbook.of(Scenarios.byId(id));
        Session printed = cli("replay", "--lab", id, "--policy", playbook.reproducePolicy().id(), "--json");
        try (Labs labs = labs()) {
            ReplayRun run = engine.reproduce(labs, id, ReplayProgress.none()).result().get(60, TimeUnit.SECONDS);
            assertThat(SessionDigest.replay(printed.replays().get(0))).isEqualTo(SessionDigest.replay(run));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void check_lab_prints_the_check_use_case(String id) throws Exception {
        Session printed = cli("check", "--lab", id, "--json");
        try (Labs labs = labs()) {
            Target target = Target.lab(labs.start(id, false));
            CheckReport report = engine.check(target, Engine.expectations(target, Optional.empty(), "lab"),
                    Duration.ofSeconds(10));
            assertThat(SessionDigest.findings(printed.findings()))
                    .isEqualTo(SessionDigest.findings(report.session().findings()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void verify_lab_prints_the_verdicts_of_the_verify_use_case(String id) throws Exception {
        Session printed = cli("verify", "--lab", id, "--json");
        try (Labs labs = labs()) {
            RunningLab lab = labs.start(id, false);
            VerifyRun run = engine.verify(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults(),
                    VerifyProgress.none()).result().get(60, TimeUnit.SECONDS);
            assertThat(printed.verifications()).hasSize(1);
            assertThat(verdicts(printed.verifications().get(0))).isEqualTo(verdicts(run));
            assertThat(printed.verifications().get(0).labScenario()).contains(id);
        }
    }

    /**
     * The verdicts of a run with the addresses of their pairs (which of two authorities an IP-keyed proxy's pool gives
     * to the other is a race, so the authorities are left out).
     */
    private static List<String> verdicts(VerifyRun run) {
        return run.pairs().stream().map(p -> p.verdict().id() + " @" + p.address()).sorted().toList();
    }
}
