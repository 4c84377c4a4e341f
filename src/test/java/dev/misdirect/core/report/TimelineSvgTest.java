package dev.misdirect.core.report;

import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineSvgTest {
    static String sampleSvg() {
        ReplayRun run = SampleSessions.realistic().replays().get(0);
        return TimelineSvg.render(ConnectionTimeline.of(run.events()), "timeline", "t1");
    }

    @Test
    void svg_is_well_formed_xml() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(sampleSvg().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
    }

    @Test
    void lanes_are_labelled_sni_to_peer_and_bars_x_n_with_authority_and_status() {
        String svg = sampleSvg();
        assertThat(svg).contains("#1  a.tenants.lab.test → 127.0.0.1:8443", "#2  b.tenants.lab.test → 127.0.0.1:8443")
                .contains("x1 GET a.tenants.lab.test:8443 → 200", "x2 GET b.tenants.lab.test:8443 → 421 ≠ SNI")
                .contains("⇄ coalesced", "handshake");
    }

    @Test
    void the_421_and_the_hidden_retry_are_marked_in_words() {
        String svg = sampleSvg();
        assertThat(svg).contains("421 misdirected (hidden)", "↻ hidden retry")
                .contains("421 for b.tenants.lab.test:8443 on connection #1 (SNI a.tenants.lab.test), hidden by the client&#39;s retry");
    }

    @Test
    void the_legend_explains_every_colour_in_words() {
        assertThat(sampleSvg()).contains("2xx/3xx response", "421 Misdirected Request", "failed, no response",
                "authority ≠ connection SNI (coalesced)", "connect + TLS handshake");
    }

    @Test
    void a_failed_connect_without_a_connection_gets_its_own_lane_with_the_reason() {
        List<TimelineEvent> ev = List.of(new TimelineEvent.ConnectFailed(100, 1, "127.0.0.9", 8443, "connection refused"),
                new TimelineEvent.RequestSent(90, 1, 1, 0, 1, "GET", "x.lab.test:8443", "/"),
                new TimelineEvent.ExchangeFailed(120, 1, 1, "connection refused"));
        String svg = TimelineSvg.render(ConnectionTimeline.of(ev), "t", "t2");
        assertThat(svg).contains("#1  (not established)", "→ failed");
    }

    @Test
    void markup_in_sni_authority_and_messages_is_escaped() {
        String evil = "<script>alert(1)</script>";
        List<TimelineEvent> ev = List.of(
                new TimelineEvent.ConnectionOpened(10, 1, "127.0.0.1", 8443, 5000, Optional.of(evil), "h2",
                        Optional.of("TLSv1.3"), Optional.of(evil), 0, 2, 10),
                new TimelineEvent.RequestSent(11, 1, 1, 0, 1, "GET", evil, "/" + evil),
                new TimelineEvent.ExchangeFailed(20, 1, 1, evil),
                new TimelineEvent.Note(21, 1, evil));
        String svg = TimelineSvg.render(ConnectionTimeline.of(ev), evil, "t3");
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;");
    }

    @Test
    void diagram_svg_escapes_and_marks_the_misdirected_arrow_in_words() throws Exception {
        String svg = DiagramSvg.render(SampleSessions.diagram());
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("⚠ SNI a.tenants, :authority b.tenants", "stroke-dasharray");
        ScenarioDiagram evil = new ScenarioDiagram("<b>", List.of(new ScenarioDiagram.Box("x", "<script>", List.of("<i>"), 0)),
                List.of());
        assertThat(DiagramSvg.render(evil)).doesNotContain("<script", "<i>", "<b>");
    }

    @Test
    void a_large_run_keeps_one_row_per_lane_and_its_labels_in_tooltips() {
        List<TimelineEvent> ev = new java.util.ArrayList<>();
        ev.add(new TimelineEvent.ConnectionOpened(100, 1, "127.0.0.1", 8443, 5000, Optional.of("a.lab.test"), "h2",
                Optional.of("TLSv1.3"), Optional.empty(), 0, 10, 100));
        for (int i = 1; i <= 500; i++) {
            ev.add(new TimelineEvent.RequestSent(100 + i * 100L, i, 1, i - 1, 1, "GET", "a.lab.test:8443", "/" + i));
            ev.add(new TimelineEvent.ResponseReceived(150 + i * 100L, i, 1, 200, "h2"));
        }
        String svg = TimelineSvg.render(ConnectionTimeline.of(ev), "big", "t4");
        int height = Integer.parseInt(svg.replaceFirst("(?s).*? height=\"(\\d+)\".*", "$1"));
        assertThat(height).as("a row per bar would be 15000 px").isLessThan(1_000);
        assertThat(svg).contains("<title>x250  GET a.lab.test:8443/250  →  ✔ 200");
    }
}
