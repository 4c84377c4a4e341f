package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Session;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code misdirect predict} against loopback TLS servers: a and b share one server and a multi-SAN cert, c is alone. */
class PredictCommandTest {
    static final TestPki.Issued CA = TestPki.ca("Predict Command CA");
    static TlsTestServer shared;
    static TlsTestServer alone;
    static Path caPem;
    static String a;
    static String b;
    static String c;

    @TempDir
    static Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void startServers() throws Exception {
        shared = TlsTestServer.on("127.0.0.11")
                .identity(TestPki.leaf(CA, "a.example", List.of("a.example", "b.example"), List.of())).start();
        alone = TlsTestServer.on("127.0.0.12").identity(TestPki.leaf(CA, "c.example", List.of("c.example"), List.of())).start();
        caPem = TestPki.writePem(dir.resolve("ca.pem"), List.of(CA.cert()));
        a = "a.example:" + shared.port();
        b = "b.example:" + shared.port();
        c = "c.example:" + alone.port();
    }

    @AfterAll
    static void stopServers() throws Exception {
        shared.close();
        alone.close();
    }

    static String[] probeArgs(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("predict",
                "--resolve", a + ":127.0.0.11", "--resolve", b + ":127.0.0.11", "--resolve", c + ":127.0.0.12",
                "--cacert", caPem.toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of(a, b, c));
        return args.toArray(String[]::new);
    }

    /** The text block of one client, from its header to the blank line after it. */
    static String block(String out, String header) {
        int start = out.indexOf(header);
        assertThat(start).as("block " + header).isNotNegative();
        int end = out.indexOf("\n\n", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    @Test
    void all_clients_group_a_and_b_for_chromium_firefox_and_okhttp_never_for_curl_go_java_and_say_why() {
        Result r = run(probeArgs("--client", "all"));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        for (String header : List.of("Chromium (HTTP/2) [chromium-h2]", "Firefox [firefox]",
                "Firefox (aggressive coalescing) [firefox-aggressive]", "OkHttp [okhttp]")) {
            String block = block(r.out(), header);
            assertThat(block).contains("one connection: " + a + " + " + b)
                    .contains(b + " on " + a + "'s connection: SHARED, 421 risk POSSIBLE")
                    .contains("the certificate served for " + a + " covers " + b + " via b.example")
                    .contains(c + " on " + a + "'s connection: refused")
                    .contains(c + " is on port " + alone.port() + " and " + a + "'s connection is to port " + shared.port());
        }
        String safari = block(r.out(), "Safari (13.1 to 17.5, as reported) [safari]");
        assertThat(safari).contains(b + " on " + a + "'s connection: SHARED")
                .contains("(the case reported for Safari; its full rule is not public)")
                .contains(c + " on " + a + "'s connection: refused")
                .contains("does not cover " + c)
                .contains("on 421: shows the 421 to the user");
        for (String header : List.of("curl [curl]", "Go net/http [go]", "Java HttpClient [java-httpclient]",
                "Node.js fetch / undici [undici]", ".NET HttpClient (HTTP/2) [dotnet-h2]",
                ".NET HttpClient (HTTP/3) [dotnet-h3]", "Python httpx [httpx]")) {
            String block = block(r.out(), header);
            assertThat(block).contains("shares no connection between these authorities").doesNotContain("SHARED")
                    .contains(b + " on " + a + "'s connection: refused");
        }
        assertThat(r.out()).contains("Findings").contains("[INFO] Chromium, Firefox, OkHttp, Safari, Envoy and an IP-keyed pool "
                + "will coalesce " + b + " onto " + a + "; curl, Go, Java, Node.js undici, .NET, httpx and an "
                + "authority-keyed pool will not");
    }

    @Test
    void json_prints_the_session_with_predictions_and_findings_and_session_reads_it_back() throws Exception {
        Result r = run(probeArgs("--json"));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "output");
        assertThat(s.probes()).hasSize(3);
        assertThat(s.predictions()).hasSize(dev.misdirect.core.coalesce.ClientPolicy.values().length);
        assertThat(s.predictions().get(0).groups()).containsExactly(List.of(a, b));
        assertThat(s.findings()).filteredOn(f -> f.cause() == FindingCause.COALESCING_PREDICTED).hasSize(1);

        Path saved = dir.resolve("session.json");
        Files.writeString(saved, r.out());
        Result again = run("predict", "--session", saved.toString(), "--client", "firefox,curl");
        assertThat(again.code()).as(again.err()).isEqualTo(ExitCode.OK);
        assertThat(again.out()).contains("Firefox [firefox]").contains("curl [curl]").doesNotContain("[chromium-h2]")
                .contains("Firefox will coalesce " + b + " onto " + a + "; curl will not");
    }

    @Test
    void an_origin_frame_lets_chromium_h3_share_across_addresses() {
        Result r = run("predict", "--resolve", a + ":127.0.0.11", "--resolve", "b.example:" + shared.port() + ":127.0.0.12",
                "--cacert", caPem.toString(), "--client", "chromium-h2,chromium-h3",
                "--origin", a + "=https://b.example:" + shared.port(), "--h3", a, "--h3", b, a, b);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(block(r.out(), "[chromium-h3]")).contains("one connection: " + a + " + " + b)
                .contains("the ORIGIN frame on " + a + "'s connection lists https://b.example:" + shared.port());
        assertThat(block(r.out(), "[chromium-h2]")).contains("shares no connection");
    }

    @Test
    void chromium_h3_is_not_predicted_for_a_server_that_advertises_no_http3_and_says_so() {
        Result r = run(probeArgs("--client", "chromium-h2,chromium-h3"));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String h3 = block(r.out(), "[chromium-h3]");
        assertThat(h3).contains("shares no connection").contains(": unknown")
                .contains("no HTTP/3 advertisement is known for").contains("Alt-Svc")
                .doesNotContain("that connection speaks HTTP/2").doesNotContain("SHARED");
        assertThat(block(r.out(), "[chromium-h2]")).contains("SHARED");
    }

    @Test
    void an_unknown_client_is_bad_input_naming_it_and_the_choices() {
        Result r = run(probeArgs("--client", "netscape"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--client netscape: unknown client; choose one of chromium-h2");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_malformed_pin_or_origin_is_bad_input_with_an_example() {
        assertThat(run(probeArgs("--pin", "b.example=AAAA")).err()).contains("--pin b.example=AAAA: expected HOST=sha256/BASE64");
        Result r = run(probeArgs("--origin", "a.example=http://b.example"));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--origin a.example=http://b.example: ORIGIN entry is not an https origin");
    }

    @Test
    void session_with_authorities_or_a_missing_file_is_bad_input() {
        Result both = run("predict", "--session", dir.resolve("x.json").toString(), "a.example");
        assertThat(both.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(both.err()).contains("do not also give authorities");

        Result missing = run("predict", "--session", dir.resolve("missing.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("missing.json: no such file");
    }

    @Test
    void a_session_without_probe_results_is_bad_input_saying_how_to_make_one() throws Exception {
        Path empty = dir.resolve("empty.json");
        new SessionCodec().write(Session.of("empty", dev.misdirect.core.model.AuthoritySet.empty(), java.time.Instant.EPOCH), empty);
        Result r = run("predict", "--session", empty.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("the session has no probe results").contains("misdirect probe --json");
    }

    @Test
    void nothing_reachable_cannot_run_with_exit_3() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.13"))) {
            closedPort = s.getLocalPort();
        }
        Result r = run("predict", "--resolve", "d.example:" + closedPort + ":127.0.0.13", "d.example:" + closedPort);
        assertThat(r.code()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(r.err()).contains("nothing was reachable");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void help_names_every_client_id() {
        Result r = run("predict", "--help");
        assertThat(r.code()).isEqualTo(0);
        for (String id : dev.misdirect.core.coalesce.ClientPolicy.ids().split(", ")) {
            assertThat(r.out()).contains(id);
        }
    }
}
