package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.TrustVerdict;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** probe --lab and predict --lab: the lab started in-process, its names and CA used, stopped after. */
class LabProbeCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void probe_lab_probes_every_node_with_the_lab_names_and_trusts_the_lab_ca() throws Exception {
        Result r = run("probe", "--lab", "ingress-missing-san", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "probe output");
        assertThat(s.labScenario()).contains("ingress-missing-san");
        assertThat(s.probes()).extracting(p -> p.authority().host())
                .containsExactly("a.ingress.lab.test", "b.ingress.lab.test");
        assertThat(s.probes()).allSatisfy(p -> assertThat(p.addresses()).containsExactly("127.0.0.11", "127.0.0.12"));
        Handshake bOnNode2 = s.probes().get(1).handshakes().get(1);
        assertThat(bOnNode2.status()).isEqualTo(HandshakeStatus.OK);
        assertThat(bOnNode2.verdict()).isEqualTo(TrustVerdict.NAME_MISMATCH);
        assertThat(s.probes().get(0).handshakes()).allSatisfy(h -> assertThat(h.verdict()).isEqualTo(TrustVerdict.TRUSTED));
    }

    @Test
    void probe_lab_fixed_serves_the_fixed_certificates() throws Exception {
        Result r = run("probe", "--lab", "ingress-missing-san", "--fixed", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "probe output");
        assertThat(s.probes()).allSatisfy(p -> assertThat(p.handshakes())
                .allSatisfy(h -> assertThat(h.verdict()).isEqualTo(TrustVerdict.TRUSTED)));
    }

    @Test
    void probe_tls_settings_shows_each_names_accepted_versions_in_text_and_json_and_the_difference_as_a_finding()
            throws Exception {
        Result text = run("probe", "--lab", "vhost-tls-mismatch", "--tls-settings");
        assertThat(text.code()).as(text.err()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("TLS settings (what each name is accepted with, offered one at a time)",
                        "1 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                .containsPattern("a\\.vhost\\.lab\\.test:\\d+ +127\\.0\\.0\\.1:\\d+ +TLSv1\\.2 TLSv1\\.3 +1 2 3 +none +h2 http/1\\.1")
                .containsPattern("b\\.vhost\\.lab\\.test:\\d+ +127\\.0\\.0\\.1:\\d+ +TLSv1\\.3 +- +none +h2 http/1\\.1")
                .contains("differ in TLS settings");

        Result json = run("probe", "--lab", "vhost-tls-mismatch", "--tls-settings", "--json");
        Session s = new SessionCodec().parse(json.out(), "probe output");
        assertThat(s.probes()).extracting(p -> p.handshakes().get(0).tlsSettings().orElseThrow().acceptedVersions())
                .containsExactly(java.util.List.of("TLSv1.2", "TLSv1.3"), java.util.List.of("TLSv1.3"));

        Result without = run("probe", "--lab", "vhost-tls-mismatch");
        assertThat(without.out()).doesNotContain("TLS settings (").doesNotContain("differ in TLS settings");
    }

    @Test
    void the_help_of_tls_settings_states_the_clienthello_bound_the_probe_keeps() {
        Result help = run("probe", "--help");
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains("(" + dev.misdirect.core.model.TlsSettings.maxClientHellos(2) + " by default) more ClientHellos")
                .contains(dev.misdirect.core.model.TlsSettings.TLS12_CIPHER_SUITES.size() + " common TLS 1.2 cipher suites");
    }

    @Test
    void probe_lab_refuses_extra_authorities_and_unknown_scenarios() {
        Result extra = run("probe", "--lab", "tenants-wildcard", "a.example");
        assertThat(extra.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(extra.err()).contains("--lab probes the scenario's own authorities");
        Result unknown = run("probe", "--lab", "nope");
        assertThat(unknown.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("'nope' is not a lab scenario");
        Result fixedAlone = run("probe", "--fixed", "a.example");
        assertThat(fixedAlone.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(fixedAlone.err()).contains("--fixed only applies with --lab");
    }

    @Test
    void predict_lab_predicts_from_the_lab_probe() {
        Result r = run("predict", "--lab", "vhost-client-auth", "--fixed", "--client", "chromium-h2");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Chromium (HTTP/2) [chromium-h2]").doesNotContain("SHARED");
        Result broken = run("predict", "--lab", "vhost-client-auth", "--client", "chromium-h2");
        assertThat(broken.out()).contains("SHARED");
    }
}
