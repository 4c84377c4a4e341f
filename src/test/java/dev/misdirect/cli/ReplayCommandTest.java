package dev.misdirect.cli;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The "done when", run through the command line against the in-process lab. */
class ReplayCommandTest {

    record Result(int code, String out, String err) {
        String section(String name) {
            int start = out.indexOf("\n" + name + "\n");
            int end = out.indexOf("\n\n", start + 1);
            return start < 0 ? "" : out.substring(start, end < 0 ? out.length() : end);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void coalescing_without_retry_shows_the_421_on_the_shared_lane() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "coalescing", "--no-retry-421");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String lanes = r.section("connections");
        assertThat(lanes).contains("#1  SNI a.tenants.lab.test → 127.0.0.1:").contains("SHARED")
                .doesNotContain("#2");
        assertThat(lanes).containsPattern("x2  step 2  GET b\\.tenants\\.lab\\.test:\\d+ /  421 MISDIRECTED  \\| server");
        assertThat(lanes).doesNotContain("hidden");
        assertThat(r.section("requests")).containsPattern("2\\. GET https://b\\.tenants\\.lab\\.test:\\d+/ → 421  via #1 \\(421\\)");
        assertThat(r.section("findings")).contains("[PROBLEM] request 2 for b.tenants.lab.test reused connection #1"
                + " opened with SNI a.tenants.lab.test; the origin answered 421; with 421 retry off the caller got the 421");
    }

    @Test
    void coalescing_with_retry_shows_the_hidden_421_and_the_retry_lane() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "coalescing");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String lanes = r.section("connections");
        assertThat(lanes).contains("421 MISDIRECTED, hidden by the client's retry → x3");
        assertThat(lanes).contains("#2  SNI b.tenants.lab.test → 127.0.0.1:");
        assertThat(lanes).containsPattern("x3  step 2  GET b\\.tenants\\.lab\\.test:\\d+ /  200  RETRY of x2");
        assertThat(lanes.indexOf("#2  SNI")).isLessThan(lanes.indexOf("RETRY of x2"));
        assertThat(r.section("requests")).contains("via #1 (421 hidden), then #2 (200)");
        assertThat(r.section("findings")).contains("the client retried on new connection #2")
                .contains("[WARNING] the client hid a 421 for b.tenants.lab.test");
    }

    @Test
    void isolated_shows_no_421() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "isolated");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.section("connections")).doesNotContainPattern("\\s421\\s").doesNotContain("SHARED")
                .contains("#1  SNI a.tenants.lab.test").contains("#2  SNI b.tenants.lab.test");
        assertThat(r.section("findings")).contains("no 421 under policy isolated");
    }

    @Test
    void the_fixed_variant_shows_no_421_even_when_coalescing() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--fixed", "--policy", "coalescing", "--no-retry-421");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).startsWith("replay tenants-wildcard (fixed)");
        assertThat(r.section("connections")).doesNotContainPattern("\\s421\\s"); // not the port 421xx
    }

    @Test
    void a_custom_plan_may_use_the_lab_port_placeholder() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "ip-keyed", "--no-retry-421", "--plan",
                "GET https://b.tenants.lab.test:{port}/first ; GET https://a.tenants.lab.test:{port}/second");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.section("connections")).contains("#1  SNI b.tenants.lab.test")
                .containsPattern("GET a\\.tenants\\.lab\\.test:\\d+ /second  421 MISDIRECTED");
        assertThat(r.section("findings")).contains("[PROBLEM] request 2 for a.tenants.lab.test reused connection #1");
    }

    @Test
    void json_prints_a_session_document_holding_the_run() throws Exception {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "coalescing", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "stdout");
        assertThat(s.labScenario()).contains("tenants-wildcard");
        assertThat(s.authoritySet().authorities()).hasSize(2);
        assertThat(s.replays()).singleElement().satisfies(run -> {
            assertThat(run.policy()).isEqualTo(ConnectionPolicy.COALESCING);
            assertThat(run.misdirectedCount()).isEqualTo(1);
            assertThat(run.steps().get(1).attempts().get(0).hidden()).isTrue();
        });
    }

    @Test
    void an_unknown_policy_is_bad_input_naming_the_choices() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--policy", "shared");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--policy 'shared'").contains("isolated, coalescing, ip-keyed");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_bad_plan_is_bad_input_naming_the_step_and_reason() {
        Result r = run("replay", "--lab", "tenants-wildcard", "--plan", "GET https://a.tenants.lab.test/ ; FETCH b");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("step 2 \"FETCH b\"").contains("absolute https");
    }

    @Test
    void an_unknown_scenario_is_bad_input_listing_the_known_ones() {
        Result r = run("replay", "--lab", "no-such-scenario");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no-such-scenario").contains("tenants-wildcard");
    }

    @Test
    void neither_lab_nor_authorities_is_bad_usage() {
        Result r = run("replay");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--lab SCENARIO").contains("AUTHORITY");
    }

    @Test
    void nothing_reachable_exits_3_after_printing_what_happened() {
        // port 1 on loopback: nothing listens; --resolve keeps the name off DNS
        Result r = run("replay", "nothing.example:1", "--resolve", "nothing.example:1:127.0.0.1", "--timeout", "2");
        assertThat(r.code()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(r.err()).contains("no request got a response").contains("nothing.example");
        assertThat(r.section("findings")).contains("[PROBLEM] request 1 for nothing.example:1 failed");
    }
}
