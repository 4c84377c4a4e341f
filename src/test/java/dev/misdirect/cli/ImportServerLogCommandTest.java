package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code misdirect import} of a server's log: alone, and joined to a client's session by client port and time. */
class ImportServerLogCommandTest {
    static final String APACHE_LOG = resource("apache-error.log");

    @TempDir
    Path dir;

    static String resource(String name) {
        try {
            return Path.of(ImportServerLogCommandTest.class.getResource("/serverlog/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_server_log_alone_prints_the_servers_view_of_each_421_and_says_the_client_side_is_missing() {
        CliTest.Result r = CliTest.run("import", APACHE_LOG, "--log-zone", "UTC");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Apache error log: apache-error.log (captured 2026-12-06T08:53:40.486005Z)")
                .contains("Server view (2)")
                .contains("Apache httpd (apache-error.log line 2): SNI a.shop.test, Host b.shop.test, client port 46530 → 421")
                .contains("SNI none, Host b.shop.test, client port 46548 → 421")
                .contains("[WARNING] Apache error log shows 2 requests refused with 421 Misdirected Request")
                .contains("A server's log holds the server's side only")
                .contains("Replay plan: (no request)");
    }

    @Test
    void a_session_and_the_servers_log_are_joined_by_client_port_so_the_421_shows_what_apache_saw() throws Exception {
        Instant start = Instant.parse("2026-12-06T08:53:40.470Z");
        List<TimelineEvent> events = List.of(
                new TimelineEvent.ConnectionOpened(1_000, 1, "127.0.3.31", 18443, 46530, Optional.of("a.shop.test"), "h2",
                        Optional.of("TLSv1.2"), Optional.empty(), 0, 500, 1_000),
                new TimelineEvent.RequestSent(2_000, 1, 1, 0, 1, "GET", "a.shop.test:18443", "/"),
                new TimelineEvent.ResponseReceived(3_000, 1, 1, 200, "h2"),
                new TimelineEvent.RequestSent(14_000, 2, 1, 1, 1, "GET", "b.shop.test:18443", "/"),
                new TimelineEvent.ResponseReceived(16_000, 2, 1, 421, "h2"));
        List<StepOutcome> steps = List.of(
                new StepOutcome(0, "GET", "https://a.shop.test:18443/", "a.shop.test:18443", 200,
                        List.of(new AttemptRecord(1, 1, Optional.of("a.shop.test"), "a.shop.test:18443", 200, false,
                                Optional.empty())), Optional.empty()),
                new StepOutcome(1, "GET", "https://b.shop.test:18443/", "b.shop.test:18443", 421,
                        List.of(new AttemptRecord(2, 1, Optional.of("a.shop.test"), "b.shop.test:18443", 421, false,
                                Optional.empty())), Optional.empty()));
        ReplayRun run = new ReplayRun("GET https://a.shop.test:18443/ ; GET https://b.shop.test:18443/",
                ConnectionPolicy.IP_KEYED, false, false, Optional.empty(), false, start, steps, events, List.of());
        Path session = dir.resolve("session.json");
        new SessionCodec().write(Session.of("replay", AuthoritySet.of(List.of()), start).withReplay(run), session);
        Path joined = dir.resolve("joined.json");

        CliTest.Result r = CliTest.run("import", session.toString(), APACHE_LOG, "--log-zone", "UTC", "-o",
                joined.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Apache error log apache-error.log: 11 lines: 2 with a 421 or an SNI/Host pair, "
                        + "9 other lines, 0 unreadable; 1 joined to a request")
                .contains("x2 b.shop.test:18443 → 421  | Apache httpd (apache-error.log line 2): SNI a.shop.test, "
                        + "Host b.shop.test, client port 46530 → 421 (AH02032")
                .contains("1 line of apache-error.log match no request of this run");
        Session saved = new SessionCodec().read(joined);
        AttemptRecord refused = saved.replays().get(0).steps().get(1).attempts().get(0);
        assertThat(refused.server()).hasValueSatisfying(v -> assertThat(v.sni()).contains("a.shop.test"));
    }

    @Test
    void server_logs_need_a_capture_before_them() {
        CliTest.Result r = CliTest.run("import", APACHE_LOG, resource("nginx-error.log"));

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("give the client's capture");
    }
}
