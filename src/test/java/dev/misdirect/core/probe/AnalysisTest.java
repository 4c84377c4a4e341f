package dev.misdirect.core.probe;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.ClientCertMode;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.TlsSettings;
import dev.misdirect.core.model.TrustVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Analysis over hand-built probe results: no network. */
class AnalysisTest {
    static CertificateInfo cert(String fp, String... dns) {
        return new CertificateInfo("CN=" + dns[0], "CN=Test CA", "1", List.of(dns), List.of(), Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1), "EC", 256, "SHA256withECDSA", fp, "pin", false, false, "pem");
    }

    static Handshake ok(String key, String address, int port, CertificateInfo leaf, boolean clientCert) {
        return hs(key, address, port, HandshakeStatus.OK, leaf, TrustVerdict.TRUSTED, clientCert);
    }

    static Handshake hs(String key, String address, int port, HandshakeStatus status, CertificateInfo leaf,
                        TrustVerdict verdict, boolean clientCert) {
        String host = key.substring(0, key.lastIndexOf(':'));
        return new Handshake(key, new Endpoint(address, port), Optional.of(host), status,
                status == HandshakeStatus.OK ? "handshake ok" : "connection refused", Optional.of("TLSv1.3"),
                Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"), leaf == null ? List.of() : List.of(leaf),
                verdict, verdict + " because", List.of(), clientCert, clientCert ? List.of("CN=Client CA") : List.of(),
                Optional.empty(), new PhaseTimings(1, 2, 3));
    }

    static ProbeResult result(String host, Handshake... hs) {
        Authority a = Authority.of(host, 443);
        List<String> addresses = new ArrayList<>();
        for (Handshake h : hs) {
            addresses.add(h.endpoint().address());
        }
        return new ProbeResult(a, addresses, "test", Optional.empty(), 1, List.of(hs));
    }

    static List<Finding> of(Inspection in, FindingCause cause) {
        return in.findings().stream().filter(f -> f.cause() == cause).toList();
    }

    final CertificateInfo ab = cert("AB", "a.example", "b.example");
    final CertificateInfo bOnly = cert("BB", "b.example");

    @Test
    void the_matrix_has_one_column_per_distinct_leaf_and_cells_say_covered_served_and_why() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, bOnly, false)),
                result("c.example", ok("c.example:443", "10.0.0.3", 443, ab, false))));
        assertThat(in.coverage().authorityKeys()).containsExactly("a.example:443", "b.example:443", "c.example:443");
        assertThat(in.coverage().certificates()).extracting(CertificateInfo::sha256Fingerprint).containsExactly("AB", "BB");
        assertThat(in.coverage().cells()).hasSize(6);
        CoverageCell aAb = in.coverage().cell("a.example:443", "AB").orElseThrow();
        assertThat(aAb.covered()).isTrue();
        assertThat(aAb.servedToAuthority()).isTrue();
        assertThat(aAb.matchedSan()).contains("a.example");
        CoverageCell bAb = in.coverage().cell("b.example:443", "AB").orElseThrow();
        assertThat(bAb.covered()).isTrue();
        assertThat(bAb.servedToAuthority()).isFalse();
        CoverageCell cAb = in.coverage().cell("c.example:443", "AB").orElseThrow();
        assertThat(cAb.covered()).isFalse();
        assertThat(cAb.servedToAuthority()).isTrue();
        assertThat(cAb.reason()).contains("c.example");
    }

    @Test
    void overlap_groups_join_authorities_on_the_same_address_and_port_only() {
        List<ProbeResult> rs = List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false), ok("a.example:443", "10.0.0.2", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.2", 443, ab, false)),
                new ProbeResult(Authority.of("c.example", 8443), List.of("10.0.0.2"), "test", Optional.empty(), 1, List.of()));
        assertThat(Analysis.overlaps(rs)).containsExactly(
                new OverlapGroup(new Endpoint("10.0.0.2", 443), List.of("a.example:443", "b.example:443")));
    }

    @Test
    void a_shared_ip_with_a_certificate_covering_both_is_the_coalescing_precondition() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false))));
        List<Finding> f = of(in, FindingCause.COALESCING_PRECONDITION);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).title()).isEqualTo("b.example resolves to the same IP as a.example and a.example's certificate "
                + "covers b.example: HTTP/2 clients may send b.example's requests on a.example's connection");
        assertThat(f.get(0).severity()).as("same certificate for both: one vhost").isEqualTo(Severity.INFO);
        assertThat(f.get(0).explanation()).contains("RFC 9113").contains("SNI a.example");
        assertThat(f.get(0).authorities()).containsExactly("a.example:443", "b.example:443");
        assertThat(of(in, FindingCause.TLS_SETTINGS_DIFFER)).isEmpty();
    }

    @Test
    void a_covered_name_served_a_different_certificate_on_the_shared_ip_is_a_likely_421() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, bOnly, false))));
        Finding pre = of(in, FindingCause.COALESCING_PRECONDITION).get(0);
        assertThat(pre.severity()).isEqualTo(Severity.WARNING);
        assertThat(pre.details()).contains("different certificate when asked for b.example");
        Finding differ = of(in, FindingCause.TLS_SETTINGS_DIFFER).get(0);
        assertThat(differ.explanation()).contains("Apache");
        assertThat(differ.authorities()).containsExactly("a.example:443", "b.example:443");
    }

    @Test
    void an_address_serving_a_certificate_without_the_name_is_reported_by_address_and_name() {
        Inspection in = Analysis.analyse(List.of(
                result("api.example", ok("api.example:443", "10.0.0.1", 443, bOnly, false),
                        ok("api.example:443", "10.0.0.2", 443, bOnly, false))));
        List<Finding> f = of(in, FindingCause.NAME_NOT_COVERED);
        assertThat(f).extracting(Finding::title).containsExactly(
                "address 10.0.0.1 serves a certificate that does not cover api.example",
                "address 10.0.0.2 serves a certificate that does not cover api.example");
        assertThat(f.get(0).severity()).isEqualTo(Severity.PROBLEM);
        assertThat(f.get(0).fix()).contains("Add api.example");
    }

    @Test
    void different_certificates_on_the_addresses_of_one_name_are_ingress_drift() {
        CertificateInfo old = cert("OLD", "api.example");
        CertificateInfo fresh = cert("NEW", "api.example", "www.example");
        Inspection in = Analysis.analyse(List.of(
                result("api.example", ok("api.example:443", "10.0.0.1", 443, fresh, false),
                        ok("api.example:443", "10.0.0.2", 443, old, false))));
        List<Finding> f = of(in, FindingCause.INGRESS_DRIFT);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).details()).contains("10.0.0.1:443").contains("10.0.0.2:443").contains("2 different certificates");
    }

    @Test
    void one_name_asking_for_a_client_certificate_on_a_shared_ip_is_reported() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, true))));
        List<Finding> f = of(in, FindingCause.CLIENT_CERT_DIFFERS);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).title()).isEqualTo("b.example asks for a client certificate and a.example does not: a browser "
                + "reuses a connection to a.example for b.example, and nginx/Apache answer 421 there");
        assertThat(f.get(0).details()).contains("CN=Client CA");
    }

    @Test
    void dns_failures_are_problems_but_cancelled_lookups_are_not() {
        ProbeResult failed = new ProbeResult(Authority.of("gone.example", 443), List.of(), "test",
                Optional.of("gone.example: no such name"), 5, List.of());
        ProbeResult cancelled = new ProbeResult(Authority.of("later.example", 443), List.of(), "test",
                Optional.of(Prober.CANCELLED_PREFIX + " before later.example was resolved"), -1, List.of());
        Inspection in = Analysis.analyse(List.of(failed, cancelled));
        assertThat(of(in, FindingCause.DNS_FAILURE)).singleElement()
                .satisfies(f -> assertThat(f.title()).isEqualTo("gone.example does not resolve"));
    }

    @Test
    void refused_connections_and_failed_handshakes_become_findings_with_their_message() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", hs("a.example:443", "10.0.0.1", 443, HandshakeStatus.REFUSED, null, TrustVerdict.NOT_CHECKED, false)),
                result("b.example", hs("b.example:443", "10.0.0.1", 443, HandshakeStatus.TLS_FAILED, null, TrustVerdict.NOT_CHECKED, true))));
        assertThat(of(in, FindingCause.CONNECT_FAILURE)).singleElement()
                .satisfies(f -> assertThat(f.title()).isEqualTo("a.example: cannot connect to 10.0.0.1:443"));
        assertThat(of(in, FindingCause.TLS_FAILURE)).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("--cert"));
    }

    @Test
    void one_untrusted_certificate_served_to_several_names_is_one_finding_and_expiry_is_a_problem() {
        CertificateInfo expired = cert("EX", "old.example");
        Inspection in = Analysis.analyse(List.of(
                result("a.example", hs("a.example:443", "10.0.0.1", 443, HandshakeStatus.OK, ab, TrustVerdict.UNKNOWN_ISSUER, false)),
                result("b.example", hs("b.example:443", "10.0.0.9", 443, HandshakeStatus.OK, ab, TrustVerdict.UNKNOWN_ISSUER, false)),
                result("old.example", hs("old.example:443", "10.0.0.5", 443, HandshakeStatus.OK, expired, TrustVerdict.EXPIRED, false))));
        assertThat(of(in, FindingCause.CERT_UNTRUSTED)).singleElement().satisfies(f -> {
            assertThat(f.authorities()).containsExactly("a.example:443", "b.example:443");
            assertThat(f.details()).contains("10.0.0.1:443, 10.0.0.9:443");
        });
        assertThat(of(in, FindingCause.CERT_VALIDITY)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.PROBLEM));
    }

    @Test
    void findings_are_ordered_most_severe_first() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false)),
                result("api.example", ok("api.example:443", "10.0.0.1", 443, ab, false))));
        List<Severity> sev = in.findings().stream().map(Finding::severity).toList();
        assertThat(sev).first().isEqualTo(Severity.PROBLEM);
        assertThat(sev).last().isEqualTo(Severity.INFO);
    }

    static final List<String> SUITES = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");

    static TlsSettings settings(List<String> versions, List<String> suites, ClientCertMode cert, List<String> alpn) {
        return new TlsSettings(TlsSettings.VERSIONS, versions, versions.contains("TLSv1.2") ? SUITES : List.of(),
                suites, cert, List.of("h2", "http/1.1"), alpn, 5);
    }

    static final TlsSettings MODERN = settings(List.of("TLSv1.2", "TLSv1.3"), SUITES, ClientCertMode.NONE,
            List.of("h2", "http/1.1"));

    static List<Finding> settingsFindings(Inspection in) {
        return of(in, FindingCause.TLS_SETTINGS_DIFFER).stream().filter(f -> f.title().contains("differ in TLS settings"))
                .toList();
    }

    @Test
    void names_on_one_address_accepting_different_versions_are_a_finding_naming_both_the_address_and_apache() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(
                        settings(List.of("TLSv1.3"), List.of(), ClientCertMode.NONE, List.of("h2", "http/1.1"))))));
        assertThat(settingsFindings(in)).singleElement().satisfies(f -> {
            assertThat(f.severity()).as("the certificate covers both: coalescable").isEqualTo(Severity.WARNING);
            assertThat(f.title()).contains("a.example and b.example", "10.0.0.1:443", "accepted versions")
                    .doesNotContain("cipher");
            assertThat(f.details()).contains("a.example TLSv1.2 + TLSv1.3, b.example TLSv1.3");
            assertThat(f.explanation()).contains("421", "AH02032");
            assertThat(f.authorities()).containsExactly("a.example:443", "b.example:443");
        });
    }

    @Test
    void cipher_client_certificate_and_alpn_differences_are_each_named() {
        Inspection in = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(
                        settings(List.of("TLSv1.2", "TLSv1.3"), List.of(SUITES.get(1)), ClientCertMode.REQUIRED,
                                List.of("http/1.1"))))));
        assertThat(settingsFindings(in)).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("TLS 1.2 cipher suites, client certificate, ALPN");
            assertThat(f.details()).contains("a.example accepts TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and "
                    + "b.example does not", "b.example requires one", "ALPN: a.example h2 + http/1.1, b.example http/1.1");
        });
    }

    @Test
    void names_with_the_same_settings_or_on_different_addresses_or_not_asked_give_no_settings_finding() {
        Inspection same = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN))));
        TlsSettings old = settings(List.of("TLSv1.2"), SUITES, ClientCertMode.NONE, List.of("h2", "http/1.1"));
        Inspection apart = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN)),
                result("b.example", ok("b.example:443", "10.0.0.2", 443, ab, false).withTlsSettings(old))));
        Inspection unasked = Analysis.analyse(List.of(
                result("a.example", ok("a.example:443", "10.0.0.1", 443, ab, false).withTlsSettings(MODERN)),
                result("b.example", ok("b.example:443", "10.0.0.1", 443, ab, false))));
        assertThat(settingsFindings(same)).isEmpty();
        assertThat(settingsFindings(apart)).isEmpty();
        assertThat(settingsFindings(unasked)).isEmpty();
    }

    @Test
    void names_that_share_settings_are_one_side_of_one_finding_and_uncoalescable_names_are_informational() {
        CertificateInfo c = cert("CC", "c.example");
        CertificateInfo d = cert("DD", "d.example");
        TlsSettings old = settings(List.of("TLSv1.2"), SUITES, ClientCertMode.NONE, List.of("h2", "http/1.1"));
        Inspection in = Analysis.analyse(List.of(
                result("c.example", ok("c.example:443", "10.0.0.1", 443, c, false).withTlsSettings(MODERN)),
                result("d.example", ok("d.example:443", "10.0.0.1", 443, d, false).withTlsSettings(old)),
                result("e.example", ok("e.example:443", "10.0.0.1", 443, d, false).withTlsSettings(old))));
        assertThat(settingsFindings(in)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.title()).contains("d.example (and 1 more with its settings)", "accepted versions, certificate");
            assertThat(f.authorities()).containsExactly("c.example:443", "d.example:443", "e.example:443");
        });
    }

    @Test
    void no_results_give_an_empty_inspection() {
        Inspection in = Analysis.analyse(List.of());
        assertThat(in.coverage().cells()).isEmpty();
        assertThat(in.overlaps()).isEmpty();
        assertThat(in.findings()).isEmpty();
    }
}
