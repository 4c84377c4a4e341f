package dev.misdirect.core.io;

import dev.misdirect.testing.Fixtures;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetLogImporterTest {
    static final Path FIXTURES = Fixtures.dir();
    static final Path APACHE = FIXTURES.resolve("chrome-netlog-apache-coalesced-421.json");
    static final Path CONTROL = FIXTURES.resolve("chrome-netlog-control-coalesced-200.json");

    @Test
    void the_certificates_the_capture_holds_become_the_handshakes_of_the_authorities_that_had_their_own_connection()
            throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE);
        java.util.List<dev.misdirect.core.model.ProbeResult> seen = r.observedProbes();
        assertThat(seen).hasSameSizeAs(r.authorities().authorities());
        assertThat(seen).filteredOn(p -> !p.handshakes().isEmpty()).isNotEmpty().allSatisfy(p ->
                assertThat(p.handshakes()).allSatisfy(h -> {
                    assertThat(h.sniSent()).contains(p.authority().host());
                    assertThat(h.leaf()).isPresent();
                    assertThat(r.certificates()).contains(h.leaf().orElseThrow());
                    assertThat(h.verdict()).isEqualTo(dev.misdirect.core.model.TrustVerdict.NOT_CHECKED);
                }));
        assertThat(r.toSession("Import", java.time.Instant.EPOCH).probes()).isEqualTo(seen);
    }

    @Test
    void apache_capture_shows_b_coalesced_onto_a_with_two_421s_and_retries_on_b_session() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE);
        ConnectionTimeline t = r.timeline();
        ConnectionTimeline.Lane a = t.lanes().stream().filter(l -> l.sni().orElse("").equals("a.lab.test")).findFirst().orElseThrow();
        ConnectionTimeline.Lane b = t.lanes().stream().filter(l -> l.sni().orElse("").equals("b.lab.test")).findFirst().orElseThrow();
        assertThat(t.lanes()).hasSize(2);
        assertThat(a.coalesced()).isTrue();
        assertThat(a.peerAddress()).isEqualTo("127.0.1.1");
        assertThat(a.peerPort()).isEqualTo(8443);
        assertThat(a.tlsVersion()).contains("TLSv1.3");

        List<ConnectionTimeline.Bar> bOnA = t.barsOn(a.connectionId()).stream()
                .filter(bar -> bar.authority().startsWith("b.lab.test")).toList();
        assertThat(bOnA).extracting(ConnectionTimeline.Bar::path).containsExactlyInAnyOrder("/b.js", "/pixel.png");
        assertThat(bOnA).allSatisfy(bar -> {
            assertThat(bar.status()).isEqualTo(421);
            assertThat(bar.misdirected()).isTrue();
            assertThat(bar.hidden()).isTrue();
        });
        List<ConnectionTimeline.Bar> onB = t.barsOn(b.connectionId());
        assertThat(onB).extracting(ConnectionTimeline.Bar::path).containsExactlyInAnyOrder("/b.js", "/pixel.png");
        assertThat(onB).allSatisfy(bar -> {
            assertThat(bar.status()).isEqualTo(200);
            assertThat(bar.attempt()).isEqualTo(2);
            assertThat(bar.retryOf()).isIn(bOnA.stream().map(ConnectionTimeline.Bar::exchangeId).toList());
        });
        assertThat(t.markers()).filteredOn(m -> m.kind() == ConnectionTimeline.MarkerKind.MISDIRECTED).hasSize(2);
        assertThat(t.markers()).filteredOn(m -> m.kind() == ConnectionTimeline.MarkerKind.RETRY).hasSize(2);
        assertThat(r.events()).filteredOn(e -> e instanceof TimelineEvent.ConnectionAcquired ca && ca.coalesced())
                .hasSize(2);

        Finding f = r.findings().stream().filter(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST).findFirst().orElseThrow();
        assertThat(f.title()).contains("coalesced b.lab.test onto the session opened for a.lab.test")
                .contains("IP pool").contains("127.0.1.1:8443").contains("certificate covers b.lab.test")
                .contains("421 twice").contains("retried 2 requests on 1 new connection");
        assertThat(f.details()).contains("HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION_FROM_IP_POOL")
                .contains("GET /b.js → 421 (restarted").contains("GET /pixel.png → 421 (restarted");
        assertThat(r.findings()).anyMatch(x -> x.cause() == FindingCause.HIDDEN_RETRY);
        assertThat(r.certificates()).isNotEmpty();
        assertThat(r.certificates().get(0).dnsNames()).contains("b.lab.test");
        assertThat(r.planText()).contains("GET https://a.lab.test:8443/coalesce.html @127.0.1.1")
                .contains("GET https://b.lab.test:8443/b.js @127.0.1.1");
        assertThat(r.authorities().authorities()).extracting(x -> x.key())
                .containsExactly("a.lab.test:8443", "b.lab.test:8443");
        assertThat(r.authorities().authorities().get(0).resolve()).containsExactly("127.0.1.1");
        assertThat(r.capturedAt()).isPresent();
    }

    @Test
    void control_capture_shows_coalescing_without_421() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(CONTROL);
        ConnectionTimeline t = r.timeline();
        assertThat(t.misdirectedCount()).isZero();
        assertThat(t.lanes()).anyMatch(ConnectionTimeline.Lane::coalesced);
        assertThat(r.findings()).noneMatch(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST);
        assertThat(r.findings()).anyMatch(x -> x.cause() == FindingCause.COALESCING_PRECONDITION
                && x.title().contains("coalesced b.lab.test onto the session opened for a.lab.test")
                && x.title().contains("without 421"));
    }
}
