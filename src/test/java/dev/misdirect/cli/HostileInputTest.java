package dev.misdirect.cli;

import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** What the command line does with input built to hurt it: endless files, huge numbers, floods, escapes. */
class HostileInputTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "probe -f /dev/zero",
        "probe -f /dev/urandom",
        "probe --cacert /dev/zero a.example",
        "probe --cert /dev/zero --key /dev/zero a.example",
        "replay --plan-file /dev/zero",
        "report /dev/zero",
        "check --expect /dev/zero",
        "import /dev/zero",
        "import /dev/urandom"})
    void an_endless_input_file_is_refused_in_one_line_with_exit_2(String command) {
        String[] args = command.split(" ");
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        String device = args[args.length - 1].equals("a.example") ? "/dev/zero" : args[args.length - 1];
        assertThat(r.err()).containsAnyOf("too large", "binary file").contains(Path.of(device).getFileName().toString())
                .doesNotContain("Exception").doesNotContain("Error");
    }

    @Command(name = "failing")
    static final class FailingCommand implements Callable<Integer> {
        @Option(names = "-v")
        boolean[] verbose = new boolean[0];

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Command(name = "buggy")
    static final class BuggyCommand implements Callable<Integer> {
        @Option(names = "-v")
        boolean[] verbose = new boolean[0];

        @Override
        public Integer call() {
            String missing = System.getProperty("misdirect.test.never.set");
            return missing.length();
        }
    }

    @Test
    void a_bug_ends_in_one_line_with_exit_3_without_java_exception_names() {
        StringWriter err = new StringWriter();
        int code = Cli.run(Cli.withHandlers(new CommandLine(new BuggyCommand())), new PrintWriter(new StringWriter()),
                new PrintWriter(err), new String[0]);
        assertThat(code).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(err.toString().lines()).containsExactly(
                "misdirect: could not run: an internal error stopped the command (-vv shows where)");

        StringWriter verbose = new StringWriter();
        Cli.run(Cli.withHandlers(new CommandLine(new BuggyCommand())), new PrintWriter(new StringWriter()),
                new PrintWriter(verbose), "-vv");
        assertThat(verbose.toString()).contains("java.lang.NullPointerException");
    }

    @Test
    void a_jvm_error_ends_in_one_line_with_exit_3_and_its_stack_trace_only_with_vv() {
        StringWriter err = new StringWriter();
        int code = Cli.run(Cli.withHandlers(new CommandLine(new FailingCommand())), new PrintWriter(new StringWriter()),
                new PrintWriter(err), new String[0]);
        assertThat(code).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(err.toString().lines()).containsExactly(
                "misdirect: could not run: out of memory (the input is too large for the Java heap; give -Xmx more)");

        StringWriter verbose = new StringWriter();
        code = Cli.run(Cli.withHandlers(new CommandLine(new FailingCommand())), new PrintWriter(new StringWriter()),
                new PrintWriter(verbose), "-vv");
        assertThat(code).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(verbose.toString()).contains("java.lang.OutOfMemoryError: Java heap space")
                .contains("at dev.misdirect.cli.HostileInputTest$FailingCommand.call");
    }

    @Test
    void help_is_plain_text_on_every_command_so_no_style_escape_is_printed_as_text() {
        CommandLine cl = Cli.commandLine();
        assertThat(cl.getColorScheme().ansi()).isEqualTo(CommandLine.Help.Ansi.OFF);
        assertThat(cl.getSubcommands().values()).allSatisfy(sub ->
                assertThat(sub.getColorScheme().ansi()).isEqualTo(CommandLine.Help.Ansi.OFF));
        assertThat(run("probe", "--help").out()).doesNotContain("\\u001B").contains("--tls-timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "probe --tls-timeout 4294968296 a.example|--tls-timeout|outside 1..600000 ms",
        "probe --tls-timeout 99999999999 a.example|--tls-timeout|outside 1..600000 ms",
        "probe --connect-timeout 0 a.example|--connect-timeout|outside 1..600000 ms",
        "probe --dns-timeout -5 a.example|--dns-timeout|outside 1..600000 ms",
        "probe --concurrency 65 a.example|--concurrency|outside 1..64",
        "probe --concurrency many a.example|--concurrency|not a whole number",
        "replay --timeout 601 a.example|--timeout|outside 1..600 seconds",
        "check --timeout 0 --lab tenants-wildcard|--timeout|outside 1..600 seconds",
        "lab start --port 70000 tenants-wildcard|--port|outside 1..65535"})
    void a_numeric_option_out_of_its_range_is_refused_while_parsing_with_exit_2(String row) {
        String[] parts = row.split("\\|");
        Result r = run(parts[0].split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("Invalid value for option '" + parts[1] + "'").contains(parts[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET https://127.0.0.1:1/ \"body=user=a\"|a GET request cannot carry a body",
        "HEAD https://127.0.0.1:1/ \"body=x\"|a HEAD request cannot carry a body",
        "POST https://127.0.0.1:1/ \"header=X-Name: caf\u00e9\"|U+00E9",
        "POST https://127.0.0.1:1/ \"header=X-Name: a\u0007b\"|U+0007"})
    void a_plan_step_that_cannot_be_sent_is_refused_before_any_request_with_exit_2(String row) {
        String[] parts = row.split("\\|");
        Result r = run("replay", "--policy", "isolated", "--plan",
                "GET https://127.0.0.1:1/first ; " + parts[0]);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("step 2").contains(parts[1]);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_flood_of_bad_lines_prints_twenty_and_a_count_and_cuts_a_long_line(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("bad host!!\n");
        }
        text.append("x".repeat(1_000_000)).append("!\n");
        Path f = dir.resolve("flood.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Result r = run("probe", "-f", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err().lines()).hasSize(22);
        assertThat(r.err()).contains("... and 4981 more bad lines (skipped; 5001 in all)")
                .contains("no usable authority: 5001 bad lines, none good");
        assertThat(r.err().lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(600));
    }

    @Test
    void a_long_bad_line_is_shown_cut_with_its_length(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("long.txt");
        Files.writeString(f, "a.example\n" + "y".repeat(50_000) + "!\n");
        Result r = run("probe", "--connect-timeout", "200", "--resolve", "a.example:443:127.0.0.1", "-f", f.toString());
        assertThat(r.err()).contains("(50001 characters)");
        assertThat(r.err().lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(600));
    }

    @Test
    void conflicting_repeats_of_an_authority_on_the_command_line_are_refused_not_dropped() {
        Result r = run("probe", "--connect-timeout", "200", "a.example:1 resolve=127.0.0.2",
                "a.example:1 resolve=127.0.0.3");
        assertThat(r.err()).contains("argument 2")
                .contains("repeats a.example:1 from argument 1 with a different resolve= (127.0.0.2 vs 127.0.0.3)");
        assertThat(r.out()).contains("127.0.0.2").doesNotContain("127.0.0.3");

        Result replay = run("replay", "a.example:1 resolve=127.0.0.2", "a.example:1 resolve=127.0.0.3");
        assertThat(replay.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(replay.err()).contains("argument 2").contains("different resolve=");
    }

    @Test
    void control_characters_from_an_imported_file_reach_the_terminal_escaped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("command.txt");
        Files.writeString(f, "curl https://a.example/ '--evil\u001b]0;owned\u0007' '--bidi\u202e'\n");
        Result r = run("import", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("--evil\\u001B]0;owned\\u0007").contains("--bidi\\u202E")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");

        Result json = run("import", "--json", f.toString());
        assertThat(json.out()).doesNotContain("\u001b").doesNotContain("\u202e");
    }

    @Test
    void plain_http_on_a_tls_port_is_named_instead_of_blamed_on_the_sni_map() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread origin = new Thread(() -> {
                for (int i = 0; i < 4; i++) {
                    try (Socket s = plain.accept()) {
                        s.getInputStream().read(new byte[512]);
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "plain-http-origin");
            origin.setDaemon(true);
            origin.start();
            int port = plain.getLocalPort();
            for (String stack : List.of("conscrypt", "jdk")) {
                Result r = run("probe", "--tls-provider", stack, "--resolve", "a.example:" + port + ":127.0.0.1",
                        "a.example:" + port);
                assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
                assertThat(r.out()).as(stack).contains("does not speak TLS").contains("plain HTTP on a TLS port")
                        .doesNotContain("SNI map");
            }
        }
    }

    @Test
    void output_dash_means_stdout_and_creates_no_file_named_dash(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("s.json");
        try (var in = HostileInputTest.class.getResourceAsStream(
                "/dev/misdirect/core/io/SessionCodecFuzzTestInputs/anyDocumentReadsOrIsRefusedWithAReason/replay.json")) {
            Files.write(session, in.readAllBytes());
        }
        boolean dashBefore = Files.exists(Path.of("-"));
        Result report = run("report", session.toString(), "--format", "md", "-o", "-");
        assertThat(report.code()).as(report.err()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).contains("tenants");
        Result imported = run("import", session.toString(), "-o", "-");
        assertThat(imported.code()).as(imported.err()).isEqualTo(ExitCode.OK);
        assertThat(imported.out()).startsWith("{").contains("\"formatVersion\"");
        assertThat(Files.exists(Path.of("-"))).isEqualTo(dashBefore).isFalse();
    }

    @Test
    void a_handshake_over_the_clients_own_tls_limits_is_named_as_such_not_blamed_on_the_server() throws Exception {
        TestPki.Issued ca = TestPki.ca("Limits CA");
        TestPki.Issued issuer = ca;
        for (int i = 0; i < 12; i++) {
            issuer = TestPki.intermediate(issuer, "Intermediate " + i);
        }
        TestPki.Issued longChain = TestPki.leaf(issuer, "a.example", List.of("a.example"), List.of());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            names.add("tenant-" + i + ".a.example");
        }
        TestPki.Issued manyNames = TestPki.leaf(ca, "a.example", names, List.of());
        for (TestPki.Issued identity : List.of(longChain, manyNames)) {
            try (TlsTestServer server = TlsTestServer.on("127.0.0.1").identity(identity).start()) {
                int port = server.port();
                // the JDK's TLS has both limits; BoringSSL (Conscrypt, the default) has the message size one only
                Result r = run("probe", "--tls-provider", "jdk", "--resolve", "a.example:" + port + ":127.0.0.1",
                        "a.example:" + port);
                assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
                assertThat(r.out()).contains("the server's handshake is larger than Misdirect accepts")
                        .contains("Misdirect's own TLS limit").contains("exceeds the maximum allowed")
                        .doesNotContain("SNI map");
                Result boring = run("probe", "--tls-provider", "conscrypt", "--resolve",
                        "a.example:" + port + ":127.0.0.1", "a.example:" + port);
                if (identity == longChain) {
                    assertThat(boring.out()).contains(" OK ").doesNotContain("TLS limit");
                } else {
                    assertThat(boring.out()).contains("Misdirect's own TLS limit").contains("BoringSSL")
                            .contains("exceeds the maximum allowed").doesNotContain("SNI map");
                }
            }
        }
    }
}
