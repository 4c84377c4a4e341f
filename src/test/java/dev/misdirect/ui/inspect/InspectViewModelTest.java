package dev.misdirect.ui.inspect;

import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.common.VerdictText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InspectViewModelTest {
    private final InspectViewModel vm = new InspectViewModel();

    @Test
    void one_row_per_handshake_with_verdicts_in_words() {
        vm.show(SampleWorkspace.inspection());
        assertThat(vm.handshakes()).hasSize(6);
        assertThat(vm.handshakes()).filteredOn(r -> r.address().equals("127.0.0.22:443"))
                .singleElement().satisfies(r -> {
                    assertThat(r.verdict()).isEqualTo(VerdictText.bad("✘ name mismatch"));
                });
        assertThat(vm.handshakes()).filteredOn(r -> r.authorityKey().equals(SampleWorkspace.A))
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(VerdictText.ok("✔ trusted")));
        assertThat(vm.overlaps()).singleElement().asString().contains("127.0.0.11:443").contains("b.tenants.lab.test:443");
        assertThat(vm.emptyMessageProperty().get()).isEmpty();
    }

    @Test
    void selecting_an_authority_selects_its_first_handshake_and_shows_its_certificate() {
        vm.show(SampleWorkspace.inspection());
        vm.selectedAuthorityProperty().set(SampleWorkspace.SHOP);
        assertThat(vm.selectedHandshakeProperty().get().authorityKey()).isEqualTo(SampleWorkspace.SHOP);
        assertThat(vm.certificateDetailsProperty().get()).contains("shop.ingress.lab.test").contains("SANs");
        assertThat(vm.certificatePemProperty().get()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void the_details_of_a_handshake_with_learned_settings_show_them_and_others_do_not() {
        dev.misdirect.core.model.Inspection sample = SampleWorkspace.inspection();
        var settings = new dev.misdirect.core.model.TlsSettings(java.util.List.of("TLSv1.2", "TLSv1.3"),
                java.util.List.of("TLSv1.3"), java.util.List.of(), java.util.List.of(),
                dev.misdirect.core.model.ClientCertMode.REQUIRED, java.util.List.of("h2", "http/1.1"),
                java.util.List.of("h2"), 3);
        var results = sample.results().stream().map(r -> !r.authority().key().equals(SampleWorkspace.SHOP) ? r
                : new dev.misdirect.core.model.ProbeResult(r.authority(), r.addresses(), r.addressSource(), r.dnsError(),
                        r.dnsMicros(), r.handshakes().stream().map(h -> h.withTlsSettings(settings)).toList())).toList();
        vm.show(new dev.misdirect.core.model.Inspection(results, sample.coverage(), sample.overlaps(), sample.findings()));

        vm.selectedAuthorityProperty().set(SampleWorkspace.SHOP);
        assertThat(vm.certificateDetailsProperty().get()).contains("Versions   TLSv1.3\n",
                "TLS 1.2    not asked (TLS 1.2 not accepted)", "Client cert required", "ALPN       h2");
        vm.selectedAuthorityProperty().set(SampleWorkspace.A);
        assertThat(vm.certificateDetailsProperty().get()).doesNotContain("TLS settings");
    }

    @Test
    void selecting_a_handshake_selects_its_authority() {
        vm.show(SampleWorkspace.inspection());
        HandshakeRow row = vm.handshakes().get(4);
        vm.selectedHandshakeProperty().set(row);
        assertThat(vm.selectedAuthorityProperty().get()).isEqualTo(row.authorityKey());
        assertThat(vm.selectedHandshakeProperty().get()).isSameAs(row);
    }

    @Test
    void a_new_inspection_keeps_the_selected_authority_when_it_is_still_there() {
        vm.show(SampleWorkspace.inspection());
        vm.selectedAuthorityProperty().set(SampleWorkspace.B);
        vm.show(SampleWorkspace.inspection());
        assertThat(vm.selectedAuthorityProperty().get()).isEqualTo(SampleWorkspace.B);
        assertThat(vm.selectedHandshakeProperty().get().authorityKey()).isEqualTo(SampleWorkspace.B);
    }

    @Test
    void an_authority_whose_name_did_not_resolve_gets_a_row_with_the_reason() {
        dev.misdirect.core.model.Inspection sample = SampleWorkspace.inspection();
        dev.misdirect.core.model.Authority gone = dev.misdirect.core.names.AuthorityParser.parse("gone.example.test:443")
                .authorities().get(0);
        java.util.List<dev.misdirect.core.model.ProbeResult> results = new java.util.ArrayList<>(sample.results());
        results.add(new dev.misdirect.core.model.ProbeResult(gone, java.util.List.of(), "system resolver",
                java.util.Optional.of("gone.example.test: Name or service not known"), 1200, java.util.List.of()));
        vm.show(new dev.misdirect.core.model.Inspection(results, sample.coverage(), sample.overlaps(), sample.findings()));

        assertThat(vm.handshakes()).hasSize(7);
        HandshakeRow row = vm.handshakes().get(6);
        assertThat(row.authorityKey()).isEqualTo("gone.example.test:443");
        assertThat(row.verdict()).isEqualTo(VerdictText.bad("✘ DNS failed"));
        assertThat(row.address()).isEqualTo("not resolved (system resolver)");
        assertThat(row.leafSubject()).isEqualTo("✘ gone.example.test: Name or service not known");
        vm.selectedAuthorityProperty().set("gone.example.test:443");
        assertThat(vm.certificateDetailsProperty().get())
                .isEqualTo("No certificate: gone.example.test: Name or service not known");
    }

    @Test
    void without_data_the_table_explains_what_to_do() {
        assertThat(vm.emptyMessageProperty().get()).contains("Probe");
        assertThat(vm.certificateDetailsProperty().get()).startsWith("Select a handshake");
    }

    @Test
    void a_merged_session_shows_every_vantages_handshakes_and_the_filter_shows_one_vantage_with_its_coverage()
            throws Exception {
        dev.misdirect.core.model.Session merged = dev.misdirect.core.vantage.VantageFixtures.mergedTwo();
        vm.show(dev.misdirect.core.probe.Analysis.analyse(merged.probes()));
        vm.showVantages(merged.vantages(), dev.misdirect.core.probe.Analysis::analyse);

        assertThat(vm.mergedProperty().get()).isTrue();
        assertThat(vm.vantageChoices()).containsExactly(InspectViewModel.ALL_VANTAGES, "eu", "ap");
        assertThat(vm.handshakes()).extracting(HandshakeRow::vantage, HandshakeRow::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eu", "192.0.2.1:443"),
                        org.assertj.core.groups.Tuple.tuple("ap", "192.0.2.9:443"));

        vm.vantageProperty().set("ap");

        assertThat(vm.handshakes()).extracting(HandshakeRow::vantage).containsExactly("ap");
        assertThat(vm.coverageProperty().get().certificates()).singleElement()
                .satisfies(c -> assertThat(c.sha256Fingerprint()).isEqualTo("CC:CC:CC:CC:03"));
    }

    @Test
    void a_new_probe_after_a_merged_session_drops_the_vantages() throws Exception {
        dev.misdirect.core.model.Session merged = dev.misdirect.core.vantage.VantageFixtures.mergedTwo();
        vm.showVantages(merged.vantages(), dev.misdirect.core.probe.Analysis::analyse);

        vm.show(SampleWorkspace.inspection());

        assertThat(vm.mergedProperty().get()).isFalse();
        assertThat(vm.vantages()).isEmpty();
        assertThat(vm.vantageChoices()).containsExactly(InspectViewModel.ALL_VANTAGES);
        assertThat(vm.handshakes()).allSatisfy(r -> assertThat(r.vantage()).isEmpty());
    }
}
