package dev.misdirect.core.io;

import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.timeline.ConnectionTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-written captures in the style of old Chromium builds (SPDY_* names, SYN_STREAM/SYN_REPLY with header
 * objects, numeric ids unlike any current build's), proving that names are mapped through the constants.
 */
class NetLogSyntheticTest {
    @TempDir
    Path dir;

    static final String CONSTANTS = """
            "constants":{"logEventTypes":{"SPDY_SESSION":500,"SPDY_SESSION_INITIALIZED":501,"SPDY_SESSION_SYN_STREAM":502,
              "SPDY_SESSION_SYN_REPLY":503,"SPDY_SESSION_POOL_FOUND_EXISTING_SESSION_FROM_IP_POOL":504,
              "HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST":505,"TCP_CONNECT":506,"SSL_CONNECT":507,
              "HTTP_STREAM_JOB_BOUND_TO_REQUEST":508,"URL_REQUEST_START_JOB":509,"SOCKET_BYTES_SENT":1},
             "logSourceType":{"SPDY_SESSION":40,"SOCKET":41,"URL_REQUEST":42,"HTTP_STREAM_JOB":43},
             "logEventPhase":{"PHASE_BEGIN":7,"PHASE_END":8,"PHASE_NONE":9},
             "timeTickOffset":"1700000000000"}""";

    static String ev(int type, int phase, long source, int sourceType, long time, String params) {
        return "{\"params\":" + params + ",\"phase\":" + phase + ",\"source\":{\"id\":" + source + ",\"start_time\":\""
                + time + "\",\"type\":" + sourceType + "},\"time\":\"" + time + "\",\"type\":" + type + "}";
    }

    static List<String> events() {
        List<String> e = new ArrayList<>();
        e.add(ev(1, 9, 10, 41, 99, "{\"byte_count\":5,\"bytes\":\"AAAA\"}"));
        e.add(ev(506, 7, 10, 41, 100, "{}"));
        e.add(ev(506, 8, 10, 41, 101, "{\"local_address\":\"127.0.0.1:50000\",\"remote_address\":\"127.0.0.5:443\"}"));
        e.add(ev(500, 7, 20, 40, 102, "{\"host\":\"a.example:443\",\"proxy\":\"DIRECT\"}"));
        e.add(ev(501, 9, 20, 40, 102, "{\"source_dependency\":{\"id\":10,\"type\":41}}"));
        e.add(ev(509, 7, 30, 42, 102, "{\"url\":\"https://a.example/\",\"method\":\"GET\"}"));
        e.add(ev(508, 9, 31, 43, 102, "{\"source_dependency\":{\"id\":30,\"type\":42}}"));
        e.add(ev(502, 9, 20, 40, 103, "{\"stream_id\":1,\"source_dependency\":{\"id\":31,\"type\":43},"
                + "\"headers\":{\":host\":\"a.example\",\":method\":\"GET\",\":path\":\"/\"}}"));
        e.add(ev(503, 9, 20, 40, 104, "{\"stream_id\":1,\"headers\":{\":status\":\"200 OK\"}}"));
        e.add(ev(509, 7, 40, 42, 105, "{\"url\":\"https://b.example/x\",\"method\":\"GET\"}"));
        e.add(ev(504, 9, 41, 43, 105, "{\"source_dependency\":{\"id\":20,\"type\":40}}"));
        e.add(ev(508, 9, 41, 43, 105, "{\"source_dependency\":{\"id\":40,\"type\":42}}"));
        e.add(ev(502, 9, 20, 40, 106, "{\"stream_id\":3,\"source_dependency\":{\"id\":41,\"type\":43},"
                + "\"headers\":{\":host\":\"b.example\",\":method\":\"GET\",\":path\":\"/x\"}}"));
        e.add(ev(503, 9, 20, 40, 107, "{\"stream_id\":3,\"headers\":{\":status\":\"421\"}}"));
        e.add(ev(505, 9, 40, 42, 107, "{}"));
        e.add(ev(506, 7, 11, 41, 108, "{}"));
        e.add(ev(506, 8, 11, 41, 109, "{\"local_address\":\"127.0.0.1:50002\",\"remote_address\":\"127.0.0.5:443\"}"));
        e.add(ev(500, 7, 21, 40, 110, "{\"host\":\"b.example:443\"}"));
        e.add(ev(501, 9, 21, 40, 110, "{\"source_dependency\":{\"id\":11,\"type\":41}}"));
        e.add(ev(508, 9, 42, 43, 110, "{\"source_dependency\":{\"id\":40,\"type\":42}}"));
        e.add(ev(502, 9, 21, 40, 111, "{\"stream_id\":1,\"source_dependency\":{\"id\":42,\"type\":43},"
                + "\"headers\":{\":host\":\"b.example\",\":method\":\"GET\",\":path\":\"/x\"}}"));
        e.add(ev(503, 9, 21, 40, 112, "{\"stream_id\":1,\"headers\":{\":status\":\"200\"}}"));
        return e;
    }

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static void assertCoalescedThenRetried(ImportResult r) {
        ConnectionTimeline t = r.timeline();
        assertThat(t.lanes()).extracting(l -> l.sni().orElseThrow()).containsExactly("a.example", "b.example");
        assertThat(t.lanes().get(0).peerAddress()).isEqualTo("127.0.0.5");
        assertThat(t.lanes().get(0).localPort()).isEqualTo(50000);
        List<ConnectionTimeline.Bar> onA = t.barsOn(1);
        assertThat(onA).extracting(ConnectionTimeline.Bar::status).containsExactly(200, 421);
        assertThat(onA.get(1).hidden()).isTrue();
        ConnectionTimeline.Bar retry = t.barsOn(2).get(0);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.retryOf()).isEqualTo(onA.get(1).exchangeId());
        assertThat(retry.step()).isEqualTo(onA.get(1).step());
        assertThat(r.findings()).anyMatch(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST
                && f.title().contains("coalesced b.example onto the session opened for a.example")
                && f.title().contains("421 once"));
        assertThat(r.planText()).isEqualTo("GET https://a.example/ @127.0.0.5 ; GET https://b.example/x @127.0.0.5");
    }

    @Test
    void old_spdy_names_and_unusual_numeric_ids_are_mapped_through_the_constants() throws Exception {
        Path f = write("old.json", "{" + CONSTANTS + ",\"events\":[" + String.join(",\n", events()) + "]}");
        ImportResult r = new NetLogImporter().importFrom(f);
        assertCoalescedThenRetried(r);
        assertThat(r.limitations()).isEmpty();
    }

    @Test
    void constants_after_events_give_the_same_import() throws Exception {
        Path f = write("late.json", "{\"events\":[" + String.join(",\n", events()) + "]," + CONSTANTS + "}");
        assertCoalescedThenRetried(new NetLogImporter().importFrom(f));
    }

    @Test
    void same_numbers_under_other_names_are_not_read_as_http2_events() throws Exception {
        String renamed = CONSTANTS.replace("SPDY_SESSION_SYN_STREAM", "SOME_OTHER_EVENT")
                .replace("SPDY_SESSION_SYN_REPLY", "YET_ANOTHER_EVENT");
        Path f = write("renamed.json", "{" + renamed + ",\"events\":[" + String.join(",\n", events()) + "]}");
        ImportResult r = new NetLogImporter().importFrom(f);
        assertThat(r.timeline().bars()).isEmpty();
        assertThat(r.limitations()).anyMatch(l -> l.contains("no HTTP/2 request"));
    }

    @Test
    void truncated_capture_imports_what_is_there_and_names_the_byte_offset() throws Exception {
        List<String> all = events();
        String head = "{" + CONSTANTS + ",\"events\":[" + String.join(",\n", all.subList(0, 10)) + ",\n"
                + all.get(10).substring(0, 25);
        Path f = write("crashed.json", head);
        ImportResult r = new NetLogImporter().importFrom(f);
        assertThat(r.timeline().bars()).hasSize(1);
        assertThat(r.limitations()).anyMatch(l -> l.contains("stops at byte " + head.length()));
        assertThat(r.findings()).anyMatch(x -> x.cause() == FindingCause.IMPORT_LIMITATION
                && x.title().contains("crashed.json stops at byte " + head.length()));
    }

    @Test
    void capture_cut_right_after_a_comma_is_a_truncation_not_an_error() throws Exception {
        String head = "{" + CONSTANTS + ",\"events\":[" + String.join(",\n", events().subList(0, 9)) + ",\n";
        ImportResult r = new NetLogImporter().importFrom(write("cut.json", head));
        assertThat(r.timeline().bars()).hasSize(1);
        assertThat(r.limitations()).anyMatch(l -> l.contains("stops at byte"));
    }

    @Test
    void capture_cut_inside_constants_is_refused_with_the_offset() throws Exception {
        String text = "{" + CONSTANTS.substring(0, 120);
        Path f = write("early.json", text);
        assertThatThrownBy(() -> new NetLogImporter().importFrom(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("early.json").hasMessageContaining("before its constants")
                .hasMessageContaining("byte");
    }

    @Test
    void corrupt_json_in_the_middle_is_refused_with_byte_offset_and_line_column() throws Exception {
        List<String> all = new ArrayList<>(events());
        all.set(5, "{\"params\":{,}}");
        String text = "{" + CONSTANTS + ",\"events\":[" + String.join(",\n", all) + "]}";
        int bad = text.indexOf("{,}") + 1;
        long line = text.substring(0, bad).chars().filter(c -> c == '\n').count() + 1;
        Path f = write("corrupt.json", text);
        assertThatThrownBy(() -> new NetLogImporter().importFrom(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("corrupt.json: malformed JSON at byte " + bad)
                .hasMessageContaining("(line " + line + ", column");
    }

    @Test
    void json_without_log_event_types_is_refused() throws Exception {
        Path f = write("noTypes.json", "{\"constants\":{},\"events\":[]}");
        assertThatThrownBy(() -> new NetLogImporter().importFrom(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("no logEventTypes");
    }

    @Test
    void empty_file_is_refused() throws Exception {
        Path f = write("empty.json", "");
        assertThatThrownBy(() -> new NetLogImporter().importFrom(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("empty.json is empty");
    }
}
