package dev.misdirect.core.report;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    static final ReportEnvironment ENV = new ReportEnvironment("0.1.0", "17.0.15 (OpenJDK 64-Bit Server VM)",
            "Linux 6.1 amd64", Instant.parse("2026-11-27T15:00:00Z"));

    static ReportInput sample() {
        return new ReportInput(SampleSessions.realistic(), SampleSessions.coverage(), SampleSessions.overlaps(),
                Optional.of(SampleSessions.diagram()), ENV, true);
    }

    @Test
    void a_real_servers_imported_log_shows_in_the_client_vs_server_table_and_the_report_names_the_sources() throws Exception {
        Path log = Path.of(HtmlReportTest.class.getResource("/serverlog/apache-error.log").toURI());
        Session s = new dev.misdirect.core.io.Importers(java.time.ZoneOffset.UTC).importFile(log)
                .toSession("Apache's view", Instant.EPOCH);

        String html = HtmlReport.render(new ReportInput(s, CoverageMatrix.empty(), List.of(),
                Optional.empty(), ENV, true));

        assertThat(html).contains("Apache httpd (apache-error.log line 2)").contains("<code>b.shop.test</code>")
                .contains("Apache's error log (its AH02032 lines").contains("Caddy's JSON access log")
                .contains("<code>%REQUESTED_SERVER_NAME%</code> beside <code>:authority</code>")
                .contains("Traefik's debug log");
    }

    @Test
    void sample_report_has_every_section_and_is_written_for_inspection() throws Exception {
        String html = HtmlReport.render(sample());
        Path out = Path.of("target", "report-sample.html");
        Files.createDirectories(out.getParent());
        Files.writeString(out, html);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("id=\"summary\"", "id=\"findings\"", "id=\"handshakes\"", "id=\"coverage\"",
                        "id=\"prediction\"", "id=\"scenario\"", "id=\"replay-1\"", "id=\"notes\"", "id=\"environment\"")
                .contains("<svg", "class=\"timeline\"", "class=\"diagram\"")
                .contains("Details", "Cause", "Fix")
                .contains("421 reproduced", "0.1.0", "Linux 6.1 amd64", "2026-11-27 15:00:00 UTC");
    }

    @Test
    void report_is_self_contained_without_scripts_or_network_references() {
        String html = HtmlReport.render(sample());
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("src=\"http").doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(http");
        // the only URLs are the SVG namespace, and text content (escaped) from the session
        assertThat(Pattern.compile("(href|src)=\"https?:").matcher(html).find()).isFalse();
    }

    @Test
    void summary_counts_421s_and_hidden_retries() {
        ReportInput in = sample();
        assertThat(in.misdirectedCount()).isEqualTo(1);
        assertThat(in.hiddenRetryCount()).isEqualTo(1);
        String html = HtmlReport.render(in);
        assertThat(html).contains("<div class=\"num\">1</div><div class=\"lbl\">421 responses</div>")
                .contains("<div class=\"num\">1</div><div class=\"lbl\">hidden retries</div>")
                .contains("<div class=\"num\">3</div><div class=\"lbl\">authorities</div>");
    }

    @Test
    void findings_are_grouped_by_severity_with_icon_and_word() {
        String html = HtmlReport.render(sample());
        int problems = html.indexOf("✘ Problems (1)");
        int warnings = html.indexOf("⚠ Warnings (3)");
        int info = html.indexOf("ℹ Information (1)");
        assertThat(problems).isPositive();
        assertThat(warnings).isGreaterThan(problems);
        assertThat(info).isGreaterThan(warnings);
        assertThat(html).contains("<span class=\"sev problem\">✘ Problem</span>", "<span class=\"sev warning\">⚠ Warning</span>");
    }

    @Test
    void coverage_cells_say_covered_or_not_in_words_with_the_reason_as_tooltip() {
        String html = HtmlReport.render(sample());
        assertThat(html).contains("title=\"wildcard *.tenants.lab.test does not cover control.lab.test: different parent domain\"")
                .contains("✘ not covered", "✔ covered", "● served");
    }

    @Test
    void client_vs_server_table_shows_what_the_server_saw() {
        String html = HtmlReport.render(sample());
        assertThat(html).contains("SNI a.tenants.lab.test selects tenant A; :authority names tenant B")
                .contains("<span class=\"tag warn\">≠ SNI</span>");
    }

    @Test
    void markup_in_authorities_headers_titles_and_notes_comes_out_inert() {
        String evil = "<script>alert(1)</script>";
        Authority a = new Authority("x.test", "x.test", dev.misdirect.core.model.HostKind.DNS, 443, "/",
                List.of(), Optional.empty(), false, Optional.of("evil\"><script>alert(2)</script>"), List.of(evil));
        Finding f = new Finding(FindingCause.OTHER, Severity.PROBLEM, evil, "X-Header: " + evil, "<img src=x onerror=alert(3)>",
                "</dd></dl><script>alert(4)</script>", List.of(evil));
        Session s = Session.of(evil, AuthoritySet.of(List.of(a)), Instant.EPOCH)
                .withProbes(List.of(), List.of(f))
                .withReplay(SampleSessions.replay("GET https://x.test/" + evil, "/" + evil))
                .withNotes(evil + "\n<iframe src=\"http://attacker.example/\">");
        String html = HtmlReport.render(new ReportInput(s, CoverageMatrix.empty(), List.of(), Optional.empty(), ENV, true));
        assertThat(html).doesNotContain("<script", "<img", "<iframe", "onerror=alert(3)>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(3)&gt;",
                        "evil&quot;&gt;&lt;script&gt;");
    }

    @Test
    void an_empty_session_says_nothing_was_measured_instead_of_failing() {
        Session s = Session.of("", AuthoritySet.empty(), Instant.EPOCH);
        String html = HtmlReport.render(new ReportInput(s, CoverageMatrix.empty(), List.of(), Optional.empty(), ENV, false));
        assertThat(html).contains("Nothing measured", "Untitled session", "No replay in this session", "not redacted");
    }

    @Test
    void clients_that_decide_alike_are_one_row_of_the_prediction_table() {
        String html = HtmlReport.render(sample());
        int at = html.indexOf("id=\"prediction\"");
        String table = html.substring(at, html.indexOf("</section>", at));
        assertThat(table.split("<tr>", -1).length - 1).as("the header and two rows, not six").isEqualTo(3);
        assertThat(table).contains("<b>Chromium (HTTP/2), Firefox, OkHttp 5, IP-keyed proxy pool</b>")
                .contains("<b>curl, Go net/http</b>");
        assertThat(table.split("the tenant router routes by SNI", -1).length - 1).as("the shared risk written once")
                .isEqualTo(1);
        assertThat(table).contains("Firefox: clears the mapping and retries once on a fresh connection");
    }
}
