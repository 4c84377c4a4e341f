package dev.misdirect.cli;

import dev.misdirect.testing.Fixtures;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImportCommandTest {
    static final String APACHE = Fixtures.file("chrome-netlog-apache-coalesced-421.json").toString();
    static final String CONTROL = Fixtures.file("chrome-netlog-control-coalesced-200.json").toString();

    @TempDir
    Path dir;

    @Test
    void netlog_import_prints_lanes_requests_with_421_and_hidden_retry_markers_and_the_finding() {
        CliTest.Result r = CliTest.run("import", APACHE);
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out())
                .contains("Chrome NetLog: chrome-netlog-apache-coalesced-421.json")
                .containsPattern("#1 +a\\.lab\\.test → 127\\.0\\.1\\.1:8443 .*\\[coalesced")
                .containsPattern("#2 +b\\.lab\\.test → 127\\.0\\.1\\.1:8443")
                .containsPattern("on #1 +GET b\\.lab\\.test:8443/b\\.js  → 421  \\[421 MISDIRECTED on a connection with SNI a\\.lab\\.test\\]  \\[hidden: the client retried as x\\d\\]")
                .containsPattern("on #2 +GET b\\.lab\\.test:8443/b\\.js  → 200  \\[retry of x\\d, attempt 2\\]")
                .contains("2 × 421 Misdirected Request, 2 hidden by the client's retry.")
                .contains("[PROBLEM] Chromium coalesced b.lab.test onto the session opened for a.lab.test")
                .contains("Replay plan: GET https://a.lab.test:8443/coalesce.html @127.0.1.1 ;");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void control_import_shows_coalescing_without_421() {
        CliTest.Result r = CliTest.run("import", CONTROL);
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("No 421 Misdirected Request.").contains("[coalesced").doesNotContain("MISDIRECTED on");
    }

    @Test
    void a_har_without_connection_ids_says_connections_and_retried_421s_are_unknown_with_the_reason() {
        CliTest.Result r = CliTest.run("import", Fixtures.file("playwright-chromium.har").toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Connections: unknown (this HAR has no connection ids")
                .contains("Lanes (2, one per name, not connections)")
                .containsPattern("#1 +a\\.lab\\.test → 127\\.0\\.1\\.1:8443, 1 request\\n")
                .doesNotContain("h2 TLSv1.3").doesNotContain("No 421 Misdirected Request.")
                .contains("any the browser retried by itself: unknown (a HAR holds no 421 that the browser retried");
    }

    @Test
    void a_netlog_of_a_failed_client_certificate_retry_shows_the_failed_connections_and_what_the_page_got() {
        String capture = dev.misdirect.core.io.NetLogClientCertificateTest.APACHE.toString();
        CliTest.Result r = CliTest.run("import", capture);
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).containsPattern("Connections \\([3-9]\\)")
                .contains("✘ connect to 127.0.2.44:")
                .contains("→ failed: handshake refused: the server requires a client certificate")
                .contains("2 × 421 Misdirected Request.").doesNotContain("hidden by the client's retry")
                .doesNotContain("Chromium hid the 421").doesNotContain("0 new sessions");
    }

    @Test
    void output_option_saves_a_session_and_json_prints_one() throws Exception {
        Path out = dir.resolve("session.json");
        CliTest.Result r = CliTest.run("import", APACHE, "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Saved session: " + out);
        Session saved = new SessionCodec().read(out);
        assertThat(saved.replays().get(0).misdirectedCount()).isEqualTo(2);

        CliTest.Result json = CliTest.run("import", "--json", APACHE);
        assertThat(json.code()).isEqualTo(ExitCode.OK);
        Session printed = new SessionCodec().parse(json.out(), "stdout");
        assertThat(printed.authoritySet().authorities()).hasSize(2);
        assertThat(printed.replays().get(0).findings()).isNotEmpty();
    }

    @Test
    void bad_input_exits_2_with_the_file_and_reason_on_stderr() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.har"), "");
        CliTest.Result r = CliTest.run("import", empty.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("empty.har is empty");
        assertThat(r.out()).isEmpty();

        CliTest.Result missing = CliTest.run("import", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("no such file");
    }
}
