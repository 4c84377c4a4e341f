package dev.misdirect.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --resolver} is read before anything is sent: a value that is not ADDR[:PORT] is bad input (exit 2) naming the
 * value and the reason, on every command that takes it. The authorities named here are never resolved.
 */
class ResolverOptionTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"probe", "predict", "verify", "replay"})
    void a_host_name_as_resolver_is_bad_input_naming_it_before_anything_is_sent(String command) {
        Result r = run(command, "--resolver", "dns.example", "a.example");

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--resolver 'dns.example' is not an IP address");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_port_out_of_range_is_bad_input_naming_the_value() {
        Result r = run("probe", "--resolver", "127.0.0.1:70000", "a.example");

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--resolver '127.0.0.1:70000' is not ADDR[:PORT]");
    }

    @Test
    void check_refuses_a_bad_resolver_before_reading_its_expectations() {
        Result r = run("check", "--expect", "no-such-file.yaml", "--resolver", "nope");

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--resolver 'nope' is not an IP address");
    }

    @Test
    void a_resolver_with_a_lab_is_bad_input_since_the_lab_resolves_through_its_own_name_map() {
        Result r = run("probe", "--lab", "tenants-wildcard", "--resolver", "127.0.0.1:5353");

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--resolver does not apply with --lab: the lab's names resolve only through its "
                + "own name map");
        assertThat(r.out()).isEmpty();
    }
}
