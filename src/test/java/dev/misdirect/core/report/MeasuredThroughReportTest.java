package dev.misdirect.core.report;

import dev.misdirect.core.model.MeasuredThrough;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports say how the facts were measured: the proxy (host and port only) and the DNS server, when either was used. */
class MeasuredThroughReportTest {
    private static final Optional<MeasuredThrough> VIA = MeasuredThrough.of(Optional.of("127.0.0.9:3128"),
            Optional.of("127.0.0.53:5353"));
    private static final String SAID = "through the HTTP proxy 127.0.0.9:3128; names asked of the DNS server "
            + "127.0.0.53:5353";

    static ReportInput through(Optional<MeasuredThrough> via) {
        Session s = SampleSessions.realistic();
        List<ProbeResult> probes = s.probes().stream().map(p -> p.withThrough(via)).toList();
        ReplayRun latest = s.replays().get(s.replays().size() - 1);
        Session changed = s.withProbes(probes, s.findings()).withLatestReplay(latest.withThrough(via));
        ReportInput sample = HtmlReportTest.sample();
        return new ReportInput(changed, sample.coverage(), sample.overlaps(), sample.diagram(), sample.environment(),
                sample.redacted());
    }

    @Test
    void html_and_markdown_say_the_proxy_and_dns_server_the_probe_and_a_replay_went_through() {
        String html = HtmlReport.render(through(VIA));
        String md = MarkdownReport.render(through(VIA));

        assertThat(html).contains("<p class=\"meta\">Measured " + SAID + ".</p>");
        assertThat(html.split("measured " + SAID, -1)).as("the one replay run through them").hasSize(2);
        assertThat(md).contains("Measured " + SAID + ".\n\n").contains(" · measured " + SAID);
    }

    @Test
    void a_session_measured_directly_says_nothing_about_a_proxy() {
        assertThat(HtmlReport.render(through(Optional.empty()))).doesNotContainIgnoringCase("measured through")
                .doesNotContain("HTTP proxy");
        assertThat(MarkdownReport.render(through(Optional.empty()))).doesNotContain("HTTP proxy");
    }
}
