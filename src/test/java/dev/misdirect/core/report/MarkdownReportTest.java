package dev.misdirect.core.report;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportTest {
    @Test
    void findings_come_with_details_cause_and_fix_grouped_by_severity() {
        String md = MarkdownReport.render(HtmlReportTest.sample());
        int problem = md.indexOf("### ✘ Problem:");
        int warning = md.indexOf("### ⚠ Warning:");
        int info = md.indexOf("### ℹ Info:");
        assertThat(problem).isPositive().isLessThan(warning);
        assertThat(warning).isLessThan(info);
        assertThat(md).contains("- **Details:** ", "- **Cause:** ", "- **Fix:** ");
    }

    @Test
    void coverage_and_server_view_are_tables() {
        String md = MarkdownReport.render(HtmlReportTest.sample());
        assertThat(md).contains("| `a.tenants.lab.test:8443` | ✔ matched by wildcard *.tenants.lab.test (served) |")
                .contains("| 2 | a.tenants.lab.test | `b.tenants.lab.test:8443` | ⚠ 421 Misdirected | a.tenants.lab.test |");
    }

    @Test
    void pipes_markup_and_backticks_cannot_break_the_ticket() {
        String evil = "a|b <script>alert(1)</script> ```";
        Finding f = new Finding(FindingCause.OTHER, Severity.PROBLEM, evil, evil, evil, evil, List.of("x`y:443"));
        Session s = Session.of(evil, AuthoritySet.of(List.of(Authority.of("x.test", 443))), Instant.EPOCH)
                .withProbes(List.of(), List.of(f))
                .withReplay(SampleSessions.replay("GET https://x.test/ ```\nevil", "/"))
                .withNotes("````\n" + evil);
        String md = MarkdownReport.render(new ReportInput(s, CoverageMatrix.empty(), List.of(), Optional.empty(),
                HtmlReportTest.ENV, true));
        // the notes contain a four-backtick run: their fence must be longer, so the markup inside stays literal
        String notesBlock = "`````text\n````\n" + evil + "\n`````\n";
        assertThat(md).contains(notesBlock);
        assertThat(md.replace(notesBlock, "")).doesNotContain("<script").contains("&lt;script&gt;", "\\`\\`\\`")
                .contains("``x`y:443``");
        assertThat(MarkdownReport.cell("a|b")).isEqualTo("a\\|b");
    }

    @Test
    void the_text_timeline_lists_lanes_exchanges_and_markers() {
        var run = SampleSessions.realistic().replays().get(0);
        String text = MarkdownReport.textTimeline(dev.misdirect.core.timeline.ConnectionTimeline.of(run.events()));
        assertThat(text).contains("#1 a.tenants.lab.test → 127.0.0.1:8443  (h2, TLSv1.3, coalesced)")
                .contains("#2 GET b.tenants.lab.test:8443 / -> 421  [authority != SNI]  [421 hidden by client retry]")
                .contains("#3 GET b.tenants.lab.test:8443 / -> 200  [retry of #2]")
                .contains("misdirected", "retry");
    }

    @Test
    void clients_that_decide_alike_are_one_row_of_the_prediction_table() {
        String md = MarkdownReport.render(HtmlReportTest.sample());
        int at = md.indexOf("## Coalescing prediction");
        List<String> rows = md.substring(at, md.indexOf("\n\n", md.indexOf("| Client", at))).lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| Client")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("| Chromium (HTTP/2), Firefox, OkHttp 5, IP-keyed proxy pool |");
        assertThat(rows.get(1)).startsWith("| curl, Go net/http |");
    }
}
