package dev.misdirect.core.report;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.ClientCertMode;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.TlsSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports' "TLS settings per name" table: what the settings pass measured, the differences on one address marked. */
class TlsSettingsReportTest {
    private static final List<String> SUITES = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    private static TlsSettings settings(List<String> versions, ClientCertMode cert) {
        return new TlsSettings(TlsSettings.VERSIONS, versions, versions.contains("TLSv1.2") ? TlsSettings.TLS12_CIPHER_SUITES
                : List.of(), versions.contains("TLSv1.2") ? SUITES : List.of(), cert, List.of("h2", "http/1.1"),
                List.of("h2", "http/1.1"), 12);
    }

    /** The realistic session with a and b (one address) measured: b accepts only TLS 1.3 and requires a certificate. */
    static Session measured() {
        Session s = SampleSessions.realistic();
        List<ProbeResult> probes = s.probes().stream().map(p -> {
            TlsSettings t = p.authority().host().startsWith("b.")
                    ? settings(List.of("TLSv1.3"), ClientCertMode.REQUIRED)
                    : settings(List.of("TLSv1.2", "TLSv1.3"), ClientCertMode.NONE);
            return new ProbeResult(p.authority(), p.addresses(), p.addressSource(), p.dnsError(), p.dnsMicros(),
                    p.handshakes().stream().map(h -> h.withTlsSettings(t)).toList());
        }).toList();
        return s.withProbes(probes, s.findings());
    }

    private static ReportInput input(Session s) {
        return new ReportInput(s, CoverageMatrix.empty(), List.of(), Optional.empty(), HtmlReportTest.ENV, true);
    }

    @Test
    void the_table_marks_the_columns_in_which_names_on_one_address_differ_and_nothing_for_a_name_alone() {
        TlsSettingsTable t = TlsSettingsTable.of(measured());
        assertThat(t.rows()).extracting(TlsSettingsTable.Row::authority)
                .containsExactly("a.tenants.lab.test:8443", "b.tenants.lab.test:8443", "control.lab.test:8443");
        TlsSettingsTable.Row b = t.rows().get(1);
        assertThat(b.versions()).isEqualTo("TLSv1.3");
        assertThat(b.suites()).isEqualTo("-");
        assertThat(b.clientCertificate()).isEqualTo("required");
        assertThat(b.differs()).containsExactlyInAnyOrder(TlsSettingsTable.Column.VERSIONS,
                TlsSettingsTable.Column.SUITES, TlsSettingsTable.Column.CLIENT_CERTIFICATE);
        assertThat(t.rows().get(0).suites()).isEqualTo("1 4");
        assertThat(t.rows().get(2).differs()).as("control.lab.test is alone on its address").isEmpty();
        assertThat(t.anyDifference()).isTrue();
    }

    @Test
    void the_html_report_has_a_tls_settings_section_with_the_differences_marked_and_a_contents_link() {
        String html = HtmlReport.render(input(measured()));
        assertThat(html).contains("<a href=\"#tls-settings\">TLS settings</a>")
                .contains("<section id=\"tls-settings\"><h2>TLS settings per name</h2>")
                .contains("<td class=\"differs\" title=\"differs from another name on 127.0.0.1:8443\">⚠ TLSv1.3</td>")
                .contains("<td class=\"differs\" title=\"differs from another name on 127.0.0.1:8443\">⚠ required</td>")
                .contains("Suites: 1 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        String control = html.substring(html.indexOf("<code>control.lab.test:8443</code></td><td><code>127.0.0.12"));
        assertThat(control.substring(0, control.indexOf("</tr>"))).doesNotContain("differs");
    }

    @Test
    void the_markdown_report_has_the_table_with_differing_values_marked() {
        String md = MarkdownReport.render(input(measured()));
        assertThat(md).contains("## TLS settings per name")
                .contains("| `b.tenants.lab.test:8443` | `127.0.0.1:8443` | ⚠ **TLSv1.3** | ⚠ **-** | ⚠ **required** | h2 http/1.1 |")
                .contains("| `control.lab.test:8443` | `127.0.0.12:8443` | TLSv1.2 TLSv1.3 | 1 4 | none | h2 http/1.1 |");
    }

    @Test
    void a_session_probed_without_the_settings_pass_has_no_tls_settings_section() {
        assertThat(HtmlReport.render(input(SampleSessions.realistic()))).doesNotContain("tls-settings");
        assertThat(MarkdownReport.render(input(SampleSessions.realistic()))).doesNotContain("TLS settings per name");
    }

    @Test
    void the_json_report_keeps_each_handshake_s_tls_settings() {
        Reports reports = new Reports(dev.misdirect.core.probe.Analysis::analyse, new SessionCodec());
        String json = reports.render(measured(), ReportFormat.JSON, true, Optional.empty(), HtmlReportTest.ENV);
        assertThat(json).contains("\"tlsSettings\"").contains("\"clientCertificate\" : \"REQUIRED\"");
    }
}
