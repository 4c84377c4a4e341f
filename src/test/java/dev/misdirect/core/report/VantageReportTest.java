package dev.misdirect.core.report;

import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.vantage.VantageFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The vantage × authority matrix of reports: only for a merged session, the differing cell marked. */
class VantageReportTest {
    private static ReportInput input(Session s) {
        return new ReportInput(s, CoverageMatrix.empty(), List.of(), Optional.empty(), HtmlReportTest.ENV, true);
    }

    @Test
    void a_merged_sessions_html_report_has_the_matrix_with_the_differing_cell_marked() throws Exception {
        String html = HtmlReport.render(input(VantageFixtures.mergedTwo()));

        assertThat(html).contains("<a href=\"#vantages\">Vantage points</a>")
                .contains("<section id=\"vantages\"><h2>Vantage points</h2>")
                .contains("<th>eu</th><th>ap</th>")
                .contains("<td class=\"vantage\"><code>192.0.2.1</code><br><code>AA:AA:AA:AA</code><br>trusted</td>")
                .contains("<td class=\"vantage differs\" title=\"differs: address set, certificate\"><span class=\"mark\">"
                        + "✘ differs</span><br><code>192.0.2.9</code><br><code>CC:CC:CC:CC</code><br>trusted</td>")
                .contains("ap is served another certificate for a.example:443 than eu (on 192.0.2.9)");
    }

    @Test
    void a_merged_sessions_markdown_report_has_the_matrix_with_the_differing_cell_in_bold() throws Exception {
        String md = MarkdownReport.render(input(VantageFixtures.mergedTwo()));

        assertThat(md).contains("## Vantage points")
                .contains("| Authority | eu | ap |")
                .contains("| `a.example:443` | 192.0.2.1 · `AA:AA:AA:AA` · trusted | ✘ **192.0.2.9 · `CC:CC:CC:CC` · trusted**"
                        + " (address set, certificate) |");
    }

    @Test
    void a_session_of_one_vantage_has_no_vantage_section() {
        ReportInput in = HtmlReportTest.sample();

        assertThat(HtmlReport.render(in)).doesNotContain("id=\"vantages\"").doesNotContain("#vantages");
        assertThat(MarkdownReport.render(in)).doesNotContain("## Vantage points");
    }
}
