package dev.misdirect.core.io;

import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportersTest {
    @TempDir
    Path dir;

    final Importers importers = new Importers();

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void detects_each_kind_from_its_first_bytes() throws Exception {
        assertThat(importers.detect(NetLogImporterTest.APACHE)).isEqualTo(ImportKind.NETLOG);
        assertThat(importers.detect(HarImporterTest.PLAYWRIGHT)).isEqualTo(ImportKind.HAR);
        assertThat(importers.detect(write("c.txt", "\n  curl https://a.lab.test/\n"))).isEqualTo(ImportKind.CURL);
        assertThat(importers.detect(write("p.txt", "$ curl https://a.lab.test/"))).isEqualTo(ImportKind.CURL);
        assertThat(importers.detect(write("late.json", "{\"events\":[]}"))).isEqualTo(ImportKind.NETLOG);
        assertThat(importers.detect(write("s.json", "\uFEFF{\"formatVersion\":1}"))).isEqualTo(ImportKind.SESSION);
    }

    @Test
    void detect_reads_only_the_beginning_of_a_huge_file() throws Exception {
        Path f = dir.resolve("huge.json");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("{\"constants\":{\"logEventTypes\":{\"TCP_CONNECT\":1}},\"events\":[".getBytes(StandardCharsets.US_ASCII));
            byte[] junk = new byte[1 << 20];
            java.util.Arrays.fill(junk, (byte) '@');
            for (int i = 0; i < 40; i++) {
                out.write(junk); // 40 MB that is not JSON: reading it would fail, sniffing must not reach it
            }
        }
        assertThat(importers.detect(f)).isEqualTo(ImportKind.NETLOG);
        assertThatThrownBy(() -> importers.importFile(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("huge.json").hasMessageContaining("at byte");
    }

    @Test
    void empty_binary_wrong_type_and_missing_files_are_refused_with_a_reason() throws Exception {
        assertThatThrownBy(() -> importers.detect(write("e.json", "  \n"))).isInstanceOf(ImportException.class)
                .hasMessageContaining("e.json is empty");
        Path bin = dir.resolve("x.png");
        Files.write(bin, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertThatThrownBy(() -> importers.detect(bin)).isInstanceOf(ImportException.class)
                .hasMessageContaining("x.png is a binary file (byte 4 is NUL)");
        assertThatThrownBy(() -> importers.detect(write("notes.txt", "hello world"))).isInstanceOf(ImportException.class)
                .hasMessageContaining("notes.txt is not a Chrome NetLog, a HAR, a Misdirect session, a curl command or a "
                        + "server's log (Apache or nginx error log, Caddy, Envoy or Traefik log)")
                .hasMessageContaining("\"hello world\"");
        assertThatThrownBy(() -> importers.detect(write("other.json", "{\"name\":\"x\",\"list\":[1,2]}")))
                .isInstanceOf(ImportException.class).hasMessageContaining("without the keys of a Chrome NetLog");
        assertThatThrownBy(() -> importers.detect(write("arr.json", "[1,2,3]"))).isInstanceOf(ImportException.class)
                .hasMessageContaining("arr.json is not a Chrome NetLog");
        assertThatThrownBy(() -> importers.detect(dir.resolve("missing.json"))).isInstanceOf(ImportException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> importers.detect(write("bad.json", "{\"a\" 1}"))).isInstanceOf(ImportException.class)
                .hasMessageContaining("bad.json: malformed JSON at byte");
    }

    @Test
    void curl_file_imports_as_one_authority_and_one_plan_step_with_unknown_options_listed() throws Exception {
        ImportResult r = importers.importFile(write("cmd.txt",
                "curl --resolve b.lab.test:8443:127.0.1.1 --frobnicate https://b.lab.test:8443/b.js\n"));
        assertThat(r.kind()).isEqualTo(ImportKind.CURL);
        assertThat(r.authorities().authorities()).hasSize(1);
        assertThat(r.planText()).isEqualTo("GET https://b.lab.test:8443/b.js @127.0.1.1");
        assertThat(r.limitations()).anyMatch(l -> l.contains("--frobnicate"));
    }

    @Test
    void netlog_import_round_trips_through_a_session_document() throws Exception {
        ImportResult r = importers.importFile(NetLogImporterTest.APACHE);
        Session s = r.toSession("apache", Instant.parse("2026-11-27T14:00:00Z"));
        assertThat(s.replays()).hasSize(1);
        assertThat(s.replays().get(0).misdirectedCount()).isEqualTo(2);
        assertThat(s.replays().get(0).steps()).filteredOn(st -> st.sawMisdirected())
                .allSatisfy(st -> assertThat(st.finalStatus()).isEqualTo(200));
        Path saved = dir.resolve("apache-session.json");
        new SessionCodec().write(s, saved);
        ImportResult again = importers.importFile(saved);
        assertThat(again.kind()).isEqualTo(ImportKind.SESSION);
        assertThat(again.timeline().misdirectedCount()).isEqualTo(2);
        assertThat(again.planText()).isEqualTo(r.planText());
        assertThat(again.authorities()).isEqualTo(r.authorities());
    }
}
