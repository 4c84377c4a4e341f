package dev.misdirect.lab;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServerLogTest {
    private static ServedRequest entry(int clientPort) {
        return new ServedRequest(Instant.EPOCH, "o", "127.0.0.1:1", clientPort, Optional.of("a.lab.test"), "h2",
                "b.lab.test", "/", 421, "why", Optional.empty());
    }

    @Test
    void keeps_the_latest_entries_up_to_the_cap_while_listeners_see_every_one() {
        ServerLog log = new ServerLog();
        List<Integer> seen = new ArrayList<>();
        log.subscribe(e -> seen.add(e.clientPort()));
        for (int i = 0; i <= ServerLog.MAX_ENTRIES; i++) {
            log.record(entry(i));
        }
        assertThat(log.entries()).hasSize(ServerLog.MAX_ENTRIES);
        assertThat(log.entries().get(0).clientPort()).isEqualTo(1);
        assertThat(seen).hasSize(ServerLog.MAX_ENTRIES + 1);
    }

    @Test
    void a_throwing_listener_neither_stops_recording_nor_other_listeners_and_closing_unsubscribes() {
        ServerLog log = new ServerLog();
        List<Integer> seen = new ArrayList<>();
        log.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        ServerLog.Subscription sub = log.subscribe(e -> seen.add(e.clientPort()));
        log.record(entry(1));
        sub.close();
        log.record(entry(2));
        assertThat(seen).containsExactly(1);
        assertThat(log.entries()).extracting(ServedRequest::clientPort).containsExactly(1, 2);
    }

    @Test
    void server_view_carries_origin_endpoint_connection_sni_alpn_authority_status_and_reason() {
        var v = entry(5).toServerView();
        assertThat(v.origin()).isEqualTo("o 127.0.0.1:1");
        assertThat(v.clientPort()).isEqualTo(5);
        assertThat(v.sni()).contains("a.lab.test");
        assertThat(v.alpn()).isEqualTo("h2");
        assertThat(v.authority()).isEqualTo("b.lab.test");
        assertThat(v.status()).isEqualTo(421);
        assertThat(v.reason()).isEqualTo("why");
    }
}
