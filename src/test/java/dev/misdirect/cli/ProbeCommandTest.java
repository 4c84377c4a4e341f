package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe command against loopback servers; names reach them through --resolve or an injected name map. */
class ProbeCommandTest {
    static final TestPki.Issued CA = TestPki.ca("CLI Test CA");
    static TlsTestServer server;
    static String resolveA;
    static String resolveB;
    static String resolveC;

    @BeforeAll
    static void start() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example", "b.example"), List.of());
        server = TlsTestServer.on("127.0.0.2").identity(leaf).start();
        resolveA = "a.example:" + server.port() + ":127.0.0.2";
        resolveB = "b.example:" + server.port() + ":127.0.0.2";
        resolveC = "c.example:" + server.port() + ":127.0.0.2";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    String a() {
        return "a.example:" + server.port();
    }

    String b() {
        return "b.example:" + server.port();
    }

    String c() {
        return "c.example:" + server.port();
    }

    @Test
    void text_output_shows_handshakes_san_matrix_overlaps_and_findings() {
        CliTest.Result r = run("probe", "--resolve", resolveA, "--resolve", resolveB, "--resolve", resolveC, a(), b(), c());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Handshakes").contains("SAN coverage").contains("Shared addresses").contains("Findings");
        assertThat(r.out()).contains("TLSv1.3").contains("h2").contains("UNKNOWN_ISSUER");
        assertThat(r.out()).contains(c() + "  NOT covered*");
        assertThat(r.out()).contains("127.0.0.2:" + server.port() + "  " + a() + ", " + b() + ", " + c());
        assertThat(r.out()).contains("address 127.0.0.2 serves a certificate that does not cover c.example");
        assertThat(r.out()).contains("HTTP/2 clients may send");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void fifty_names_under_one_wildcard_are_grouped_and_counted_in_text_while_json_keeps_every_name() throws Exception {
        var leaf = TestPki.leaf(CA, "n01.lab.test", List.of("*.lab.test"), List.of());
        try (TlsTestServer wild = TlsTestServer.on("127.0.0.4").identity(leaf).start()) {
            List<String> args = new java.util.ArrayList<>(List.of("probe"));
            List<String> names = new java.util.ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                String host = String.format(java.util.Locale.ROOT, "n%02d.lab.test", i);
                names.add(host + ":" + wild.port());
                args.addAll(List.of("--resolve", host + ":" + wild.port() + ":127.0.0.4"));
            }
            args.addAll(names);
            CliTest.Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
            String details = r.out().lines().filter(l -> l.contains("also covers")).findFirst().orElseThrow();
            assertThat(details).contains("49 names under *.lab.test: n02.lab.test:" + wild.port() + " … n50.lab.test:"
                    + wild.port()).doesNotContain("(matched by");
            assertThat(details.length()).isLessThan(400);
            assertThat(r.out()).contains("127.0.0.4:" + wild.port() + "  50 names: n01.lab.test:" + wild.port()
                    + " … n50.lab.test:" + wild.port());
            assertThat(r.out()).contains("49 names (n02.lab.test:" + wild.port() + " … n50.lab.test:" + wild.port()
                    + ") resolve to the same IP as n01.lab.test:" + wild.port());

            args.add("--json");
            CliTest.Result json = run(args.toArray(String[]::new));
            assertThat(json.code()).as(json.err()).isEqualTo(ExitCode.OK);
            var findings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).findValues("findings");
            var grouped = findings.stream().flatMap(f -> java.util.stream.StreamSupport.stream(f.spliterator(), false))
                    .filter(f -> f.path("details").asText().contains("49 names under")).findFirst().orElseThrow();
            assertThat(grouped.path("authorities")).hasSize(50);
        }
    }

    @Test
    void a_cacert_file_makes_the_lab_ca_trusted(@TempDir Path dir) {
        Path ca = TestPki.writePem(dir.resolve("ca.pem"), List.of(CA.cert()));
        CliTest.Result r = run("probe", "--cacert", ca.toString(), "--resolve", resolveA, a());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("TRUSTED").doesNotContain("UNKNOWN_ISSUER");
    }

    @Test
    void json_output_is_the_session_document_and_parses_back() throws Exception {
        CliTest.Result r = run("probe", "--json", "--resolve", resolveA, "--resolve", resolveB, a(), b());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().read(new StringReader(r.out()));
        assertThat(s.formatVersion()).isEqualTo(Session.FORMAT_VERSION);
        assertThat(s.authoritySet().authorities()).extracting(x -> x.key()).containsExactly(a(), b());
        assertThat(s.probes()).hasSize(2);
        assertThat(s.probes().get(0).handshakes().get(0).status()).isEqualTo(HandshakeStatus.OK);
        assertThat(s.findings()).isNotEmpty();
    }

    @Test
    void bad_lines_in_a_file_are_reported_with_their_number_while_good_ones_are_probed(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("hosts.txt"), "# lab\n" + a() + " resolve=127.0.0.2\nbad host:1:2\n"
                + b() + " resolve=127.0.0.2\nx.example:99999\n");
        CliTest.Result r = run("probe", "--json", "-f", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains(f + ":3: ").contains(f + ":5: ").contains("65535");
        Session s = new SessionCodec().read(new StringReader(r.out()));
        assertThat(s.probes()).hasSize(2);
        assertThat(s.authoritySet().problems()).extracting(p -> p.line()).containsExactly(3, 5);
    }

    @Test
    void a_bad_argument_is_reported_and_the_good_ones_are_probed() {
        CliTest.Result r = run("probe", "--resolve", resolveA, a(), "bad:0");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains("argument 2 'bad:0'");
        assertThat(r.out()).contains(a());
    }

    @Test
    void no_good_line_at_all_is_bad_input() {
        CliTest.Result r = run("probe", "bad:0", "also bad:99999");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("argument 1").contains("argument 2").contains("no usable authority");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void no_authority_given_is_bad_usage() {
        CliTest.Result r = run("probe");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("give them as arguments or with -f FILE");
    }

    @Test
    void nothing_reachable_exits_3_after_printing_the_results() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CliTest.Result r = run("probe", "--resolve", "gone.example:" + port + ":127.0.0.1", "gone.example:" + port);
        assertThat(r.code()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(r.out()).contains("REFUSED");
        assertThat(r.err()).contains("nothing was reachable");
    }

    @Test
    void a_failed_handshake_is_a_result_and_exits_0() throws Exception {
        try (var silent = TlsTestServer.on("127.0.0.8").mode(TlsTestServer.Mode.SILENT).start()) {
            CliTest.Result r = run("probe", "--tls-timeout", "200", "--resolve", "s.example:" + silent.port() + ":127.0.0.8",
                    "s.example:" + silent.port());
            assertThat(r.code()).isEqualTo(ExitCode.OK);
            assertThat(r.out()).contains("TLS_TIMEOUT").contains("within 200 ms");
        }
    }

    @Test
    void cert_without_key_and_a_missing_ca_file_are_bad_input_naming_the_problem(@TempDir Path dir) {
        Path cert = TestPki.writePem(dir.resolve("c.pem"), List.of(CA.cert()));
        CliTest.Result r = run("probe", "--cert", cert.toString(), a());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--cert needs --key");
        Path missing = dir.resolve("nope.pem");
        CliTest.Result r2 = run("probe", "--cacert", missing.toString(), a());
        assertThat(r2.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r2.err()).contains(missing + ": no such file");
    }

    @Test
    void a_malformed_resolve_option_is_bad_input() {
        CliTest.Result r = run("probe", "--resolve", "a.example", a());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--resolve a.example");
    }

    @Test
    void names_without_an_override_go_through_the_resolver_and_a_dns_failure_is_shown() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MisdirectCommand()).addSubcommand(new ProbeCommand(() -> new MapResolver(
                Map.of("a.example", List.of("127.0.0.2")), "test name map"), Instant::now));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("probe", a(), "nowhere.example:" + server.port());
        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("DNS FAILED").contains("nowhere.example: not in the test name map")
                .contains("nowhere.example:" + server.port() + " does not resolve");
    }
}
