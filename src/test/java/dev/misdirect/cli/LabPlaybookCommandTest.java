package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lab reproduce} and {@code lab try-fix}: the workbench's two lab actions, from the command line. */
class LabPlaybookCommandTest {

    private static LabProbeCommandTest.Result run(String... args) {
        return LabProbeCommandTest.run(args);
    }

    @Test
    void reproduce_shows_the_hidden_421_under_the_policy_that_gets_one() throws Exception {
        LabProbeCommandTest.Result r = run("lab", "reproduce", "ingress-missing-san", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "lab reproduce");
        ReplayRun run = s.replays().get(0);
        assertThat(run.policy()).isEqualTo(ConnectionPolicy.IP_KEYED);
        assertThat(run.retry421()).isTrue();
        assertThat(run.misdirectedCount()).isPositive();
        assertThat(s.labScenario()).contains("ingress-missing-san");
    }

    @Test
    void try_fix_runs_before_and_after_and_exits_0_when_the_421_is_gone() {
        LabProbeCommandTest.Result r = run("lab", "try-fix", "tenants-wildcard");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("== Before: the broken servers, coalescing policy")
                .contains("== After: the fixed servers, same client")
                .contains("replay tenants-wildcard (broken)")
                .contains("replay tenants-wildcard (fixed)")
                .contains("× 421 before, no 421, nothing misrouted after")
                .contains("the fix removes the 421.");
    }

    @Test
    void reproduce_of_a_misrouting_scenario_says_what_was_misrouted_not_zero_421s() {
        LabProbeCommandTest.Result r = run("lab", "reproduce", "sni-passthrough");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Reproduced: 1 misrouted: 404 from the wrong backend under the coalescing policy.")
                .doesNotContain("0 × 421");
    }

    @Test
    void try_fix_of_a_misrouting_scenario_counts_the_misrouted_answers_before_and_after() {
        LabProbeCommandTest.Result r = run("lab", "try-fix", "default-vhost");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Fix tried: 1 misrouted: another site's page with 200 before,"
                + " no 421, nothing misrouted after — the fix removes the misrouted answers.");
    }

    @Test
    void an_unknown_scenario_is_bad_input_naming_the_known_ones() {
        LabProbeCommandTest.Result r = run("lab", "try-fix", "nope");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("'nope' is not a lab scenario; known: ").contains("tenants-wildcard");
    }
}
