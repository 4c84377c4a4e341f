package dev.misdirect.core.report;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports' DNS section: each authority's HTTPS records and their source, and its Alt-Svc answer, only when the
 * probe asked for either.
 */
class DnsSectionTest {
    static final String SOURCE = "DNS server 127.0.0.45:53";

    static ReportInput withRecords() {
        Session s = SampleSessions.realistic();
        List<ProbeResult> probes = new ArrayList<>(s.probes());
        probes.set(0, probes.get(0).withHttpsRecords(Optional.of(HttpsRecords.found("_8443._https.a.tenants.lab.test",
                SOURCE, List.of(new HttpsRecord(1, ".", List.of("h3", "h2"), false, Optional.of(8443),
                        List.of("127.0.0.11"), List.of(), Optional.of(64)))))));
        probes.set(1, probes.get(1).withHttpsRecords(Optional.of(HttpsRecords.unknown("_8443._https.b.tenants.lab.test",
                SOURCE, SOURCE + " did not answer the HTTPS query within 5000 ms"))).withAltSvc(Optional.of(new AltSvc(
                Optional.of("h3=\":8443\"; ma=60"), "HEAD / to 127.0.0.1:8443 (h2)", 200, Optional.empty()))));
        Session changed = s.withProbes(probes, s.findings());
        ReportInput sample = HtmlReportTest.sample();
        return new ReportInput(changed, sample.coverage(), sample.overlaps(), sample.diagram(), sample.environment(),
                sample.redacted());
    }

    @Test
    void html_shows_the_records_their_source_the_alt_svc_answer_and_h3_only_where_one_of_them_offers_it() {
        String html = HtmlReport.render(withRecords());

        assertThat(html).contains("<a href=\"#dns\">DNS</a>").contains("<section id=\"dns\"><h2>DNS</h2>")
                .contains("1 . alpn=h3,h2 port=8443 ipv4hint=127.0.0.11 ech=(64 bytes)")
                .contains("✔ advertised (HTTPS record alpn h3)").contains(SOURCE)
                .contains("unknown (" + SOURCE + " did not answer the HTTPS query within 5000 ms)")
                .contains("✔ advertised (Alt-Svc h3)")
                .contains("Alt-Svc: h3=&quot;:8443&quot;; ma=60, from HEAD / to 127.0.0.1:8443 (h2) → 200")
                .contains("not asked (no HTTP request sent)");
        assertThat(html.split("✔ advertised", -1)).hasSize(3);
    }

    @Test
    void markdown_has_a_dns_table_with_one_row_per_authority() {
        String md = MarkdownReport.render(withRecords());

        assertThat(md).contains("## DNS")
                .contains("| `a.tenants.lab.test:8443` | `_8443._https.a.tenants.lab.test` | 1 . alpn=h3,h2 port=8443 "
                        + "ipv4hint=127.0.0.11 ech=(64 bytes) | ✔ advertised (HTTPS record alpn h3) | " + SOURCE
                        + " | not asked (no HTTP request sent) |")
                .contains("| ✔ advertised (Alt-Svc h3) | " + SOURCE + " | Alt-Svc: h3=\":8443\"; ma=60, from HEAD / to "
                        + "127.0.0.1:8443 (h2) → 200 |");
    }

    @Test
    void a_session_whose_records_were_not_asked_has_no_dns_section() {
        assertThat(HtmlReport.render(HtmlReportTest.sample())).doesNotContain("id=\"dns\"").doesNotContain("#dns");
        assertThat(MarkdownReport.render(HtmlReportTest.sample())).doesNotContain("## DNS");
    }
}
