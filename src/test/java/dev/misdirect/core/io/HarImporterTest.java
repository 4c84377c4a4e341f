package dev.misdirect.core.io;

import dev.misdirect.testing.Fixtures;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.timeline.ConnectionTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarImporterTest {
    static final Path PLAYWRIGHT = Fixtures.file("playwright-chromium.har");

    @TempDir
    Path dir;

    static String entry(String url, int status, String extra) {
        return """
                {"startedDateTime":"2026-11-27T13:47:08.283Z","time":10,
                 "request":{"method":"GET","url":"%s","httpVersion":"HTTP/2.0","headers":[]},
                 "response":{"status":%d,"httpVersion":"HTTP/2.0","headers":[],"content":{"size":0}},
                 "timings":{"blocked":1,"dns":0,"connect":5,"ssl":4,"send":0,"wait":2,"receive":1},
                 "serverIPAddress":"127.0.1.1"%s}
                """.formatted(url, status, extra);
    }

    Path har(String creator, String... entries) throws Exception {
        Path f = dir.resolve(creator + ".har");
        Files.writeString(f, "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"" + creator + "\"},\"entries\":["
                + String.join(",", entries) + "]}}");
        return f;
    }

    @Test
    void a_har_session_says_its_run_cannot_show_a_retried_421_and_every_limitation_card_has_a_fix() throws Exception {
        dev.misdirect.core.model.Session s = new HarImporter().importFrom(PLAYWRIGHT)
                .toSession("Import", java.time.Instant.parse("2026-11-27T13:00:00Z"));
        dev.misdirect.core.model.ReplayRun run = s.replays().get(0);
        assertThat(run.showsRetried421()).isFalse();
        assertThat(run.findings()).filteredOn(f -> f.cause() == FindingCause.RETRIED_421_UNSEEN).singleElement()
                .satisfies(f -> assertThat(f.details()).startsWith("A HAR holds no 421 that the browser retried"));
        assertThat(run.findings()).filteredOn(f -> f.cause() == FindingCause.IMPORT_LIMITATION
                || f.cause() == FindingCause.RETRIED_421_UNSEEN).isNotEmpty().allSatisfy(f -> assertThat(f.fix()).isNotBlank());
    }

    @Test
    void playwright_har_gives_authorities_and_exchanges_and_says_reuse_cannot_be_shown() throws Exception {
        ImportResult r = new HarImporter().importFrom(PLAYWRIGHT);
        assertThat(r.kind()).isEqualTo(ImportKind.HAR);
        assertThat(r.authorities().authorities()).extracting(a -> a.key())
                .containsExactly("a.lab.test:8443", "b.lab.test:8443");
        assertThat(r.authorities().authorities().get(1).resolve()).containsExactly("127.0.1.1");
        ConnectionTimeline t = r.timeline();
        assertThat(t.bars()).hasSize(3).allSatisfy(b -> assertThat(b.status()).isEqualTo(200));
        assertThat(t.lanes()).hasSize(2).noneMatch(ConnectionTimeline.Lane::coalesced);
        assertThat(t.lanes().get(0).tlsVersion()).contains("TLSv1.3");
        assertThat(r.findings()).anyMatch(f -> f.cause() == FindingCause.IMPORT_LIMITATION
                && f.details().toLowerCase().contains("this har has no connection ids: connection reuse cannot be shown")
                && f.fix().contains("chrome://net-export") && f.fix().contains("--log-net-log=FILE"));
        assertThat(r.limitations()).anyMatch(l -> l.contains("no 421 that the browser retried"));
        assertThat(r.planText()).startsWith("GET https://a.lab.test:8443/coalesce.html @127.0.1.1 ; GET https://b.lab.test:8443/");
    }

    @Test
    void chrome_har_with_connection_ids_shows_coalescing_onto_the_first_authority_connection() throws Exception {
        Path f = har("WebInspector",
                entry("https://a.lab.test:8443/", 200, ",\"connection\":\"8443\",\"_connectionId\":\"71\""),
                entry("https://b.lab.test:8443/b.js", 421, ",\"connection\":\"8443\",\"_connectionId\":\"71\""),
                entry("https://b.lab.test:8443/b.js", 200, ",\"connection\":\"8443\",\"_connectionId\":\"90\""));
        ImportResult r = new HarImporter().importFrom(f);
        ConnectionTimeline t = r.timeline();
        assertThat(t.lanes()).hasSize(2);
        assertThat(t.lanes().get(0).sni()).contains("a.lab.test");
        assertThat(t.lanes().get(0).coalesced()).isTrue();
        assertThat(t.barsOn(t.lanes().get(0).connectionId())).extracting(ConnectionTimeline.Bar::status).containsExactly(200, 421);
        assertThat(t.misdirectedCount()).isEqualTo(1);
        assertThat(r.findings()).noneMatch(x -> x.cause() == FindingCause.IMPORT_LIMITATION);
        assertThat(r.findings()).anyMatch(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST);
    }

    @Test
    void old_chrome_har_uses_connection_as_id_when_it_is_not_the_port() throws Exception {
        Path f = har("WebInspector",
                entry("https://a.lab.test/", 200, ",\"connection\":\"1234\""),
                entry("https://b.lab.test/", 200, ",\"connection\":\"1234\""));
        ConnectionTimeline t = new HarImporter().importFrom(f).timeline();
        assertThat(t.lanes()).hasSize(1);
        assertThat(t.lanes().get(0).coalesced()).isTrue();
    }

    @Test
    void firefox_har_connection_is_a_port_not_an_id() throws Exception {
        Path f = har("Firefox",
                entry("https://a.lab.test:8443/", 200, ",\"connection\":\"8443\",\"_securityState\":\"secure\""),
                entry("https://b.lab.test:8443/", 200, ",\"connection\":\"8443\",\"_securityState\":\"secure\""));
        ImportResult r = new HarImporter().importFrom(f);
        assertThat(r.timeline().lanes()).hasSize(2).noneMatch(ConnectionTimeline.Lane::coalesced);
        assertThat(r.findings()).anyMatch(x -> x.cause() == FindingCause.IMPORT_LIMITATION && x.title().contains("Firefox"));
    }

    @Test
    void truncated_har_imports_the_complete_entries_and_names_the_byte_offset() throws Exception {
        String full = Files.readString(har("WebInspector",
                entry("https://a.lab.test/", 200, ",\"_connectionId\":\"1\""),
                entry("https://b.lab.test/", 200, ",\"_connectionId\":\"1\"")));
        Path cut = dir.resolve("cut.har");
        Files.writeString(cut, full.substring(0, full.lastIndexOf("\"serverIPAddress\"")));
        ImportResult r = new HarImporter().importFrom(cut);
        assertThat(r.timeline().bars()).hasSize(1);
        assertThat(r.limitations()).anyMatch(l -> l.contains("stops at byte"));
    }

    @Test
    void har_without_entries_is_refused() throws Exception {
        Path f = dir.resolve("x.har");
        Files.writeString(f, "{\"log\":{\"version\":\"1.2\"}}");
        assertThatThrownBy(() -> new HarImporter().importFrom(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("x.har").hasMessageContaining("no log.entries");
    }
}
