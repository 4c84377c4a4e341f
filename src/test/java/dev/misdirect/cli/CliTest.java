package dev.misdirect.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void version_prints_the_build_version_to_stdout_and_exits_0() {
        Result r = run("--version");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("misdirect ").doesNotContain("unknown").contains("Java ");
    }

    @Test
    void version_answers_the_same_as_the_full_command_line_would() {
        StringWriter picocli = new StringWriter();
        Cli.commandLine().setOut(new PrintWriter(picocli, true)).execute("--version");
        assertThat(run("--version").out()).isEqualTo(picocli.toString());
        assertThat(run("-V").out()).isEqualTo(picocli.toString());
    }

    @Test
    void a_command_builds_only_its_own_model_and_help_or_a_typo_builds_them_all() {
        assertThat(Cli.commandLine("-v", "probe", "--json", "a.example").getSubcommands()).containsOnlyKeys("probe");
        assertThat(Cli.commandLine("check", "--lab", "x").getSubcommands()).containsOnlyKeys("check");
        assertThat(Cli.commandLine("--help").getSubcommands()).containsOnlyKeys("probe", "predict", "verify", "lab",
                "replay", "import", "report", "check", "merge", "serve");
        assertThat(Cli.commandLine("prob").getSubcommands()).hasSize(Cli.SUBCOMMANDS.size());
        assertThat(run("prob").err()).contains("prob");
    }

    @Test
    void an_unknown_option_is_bad_usage_with_exit_2_and_a_hint() {
        Result r = run("--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--no-such-option").contains("--help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void help_lists_the_exit_codes() {
        Result r = run("--help");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Exit codes").contains("Usage: misdirect");
    }
}
