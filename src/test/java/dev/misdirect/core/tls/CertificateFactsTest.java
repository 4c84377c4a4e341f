package dev.misdirect.core.tls;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.testing.TestPki;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateFactsTest {
    static final TestPki.Issued CA = TestPki.ca("Facts CA");

    @Test
    void an_ec_leaf_reports_names_key_signature_validity_and_flags() {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example", "*.tenants.example"),
                List.of("192.0.2.7", "2001:DB8:0:0:0:0:0:1"));
        CertificateInfo info = CertificateFacts.of(leaf.cert());
        assertThat(info.subject()).isEqualTo("CN=a.example");
        assertThat(info.issuer()).isEqualTo("CN=Facts CA");
        assertThat(info.serialHex()).isEqualTo(leaf.cert().getSerialNumber().toString(16));
        assertThat(info.dnsNames()).containsExactly("a.example", "*.tenants.example");
        assertThat(info.ipAddresses()).containsExactly("192.0.2.7", "2001:db8::1");
        assertThat(info.keyAlgorithm()).isEqualTo("EC");
        assertThat(info.keyBits()).isEqualTo(256);
        assertThat(info.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(info.notBefore()).isEqualTo(leaf.cert().getNotBefore().toInstant());
        assertThat(info.notAfter()).isEqualTo(leaf.cert().getNotAfter().toInstant());
        assertThat(info.selfSigned()).isFalse();
        assertThat(info.ca()).isFalse();
    }

    @Test
    void an_rsa_key_reports_its_modulus_size() {
        var leaf = TestPki.leafWithKey(CA, "rsa.example", List.of("rsa.example"), TestPki.rsaKey(2048));
        CertificateInfo info = CertificateFacts.of(leaf.cert());
        assertThat(info.keyAlgorithm()).isEqualTo("RSA");
        assertThat(info.keyBits()).isEqualTo(2048);
    }

    @Test
    void fingerprint_is_upper_case_colon_hex_of_the_der_and_the_pin_is_base64_sha256_of_the_spki() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        CertificateInfo info = CertificateFacts.of(leaf.cert());
        byte[] der = MessageDigest.getInstance("SHA-256").digest(leaf.cert().getEncoded());
        assertThat(info.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(info.sha256Fingerprint().replace(":", "")).isEqualTo(HexFormat.of().withUpperCase().formatHex(der));
        byte[] spki = new JcaX509CertificateHolder(leaf.cert()).getSubjectPublicKeyInfo().getEncoded();
        assertThat(info.spkiSha256()).isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki)));
    }

    @Test
    void the_pem_parses_back_to_the_same_certificate() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        String pem = CertificateFacts.of(leaf.cert()).pem();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        var back = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(back).isEqualTo(leaf.cert());
    }

    @Test
    void a_ca_is_flagged_as_ca_and_self_signed() {
        CertificateInfo info = CertificateFacts.of(CA.cert());
        assertThat(info.ca()).isTrue();
        assertThat(info.selfSigned()).isTrue();
        assertThat(CertificateFacts.of(TestPki.selfSigned("s.example", List.of("s.example")).cert()).selfSigned()).isTrue();
    }

    @Test
    void a_chain_in_order_has_no_problems() {
        var inter = TestPki.intermediate(CA, "Facts Intermediate");
        var leaf = TestPki.leaf(inter, "a.example", List.of("a.example"), List.of());
        assertThat(CertificateFacts.chainProblems(leaf.chain())).isEmpty();
    }

    @Test
    void a_chain_served_in_reverse_names_the_certificates_out_of_order() {
        var inter = TestPki.intermediate(CA, "Facts Intermediate");
        var leaf = TestPki.leaf(inter, "a.example", List.of("a.example"), List.of());
        List<String> problems = CertificateFacts.chainProblems(List.of(leaf.cert(), CA.cert(), inter.cert()));
        assertThat(problems).containsExactly(
                "certificate 2 (CN=Facts CA) did not issue certificate 1 (issuer CN=Facts Intermediate)",
                "certificate 3 (CN=Facts Intermediate) did not issue certificate 2 (issuer CN=Facts CA)");
    }

    @Test
    void a_leaf_followed_by_an_unrelated_ca_is_a_problem() {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        var other = TestPki.ca("Other CA");
        assertThat(CertificateFacts.chainProblems(List.of(leaf.cert(), other.cert())))
                .containsExactly("certificate 2 (CN=Other CA) did not issue certificate 1 (issuer CN=Facts CA)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "[::1], ::1",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "not-an-ip, not-an-ip"
    })
    void ip_literals_are_written_in_canonical_text_and_a_mapped_address_stays_ipv6(String in, String out) {
        assertThat(CertificateFacts.canonicalIp(in)).isEqualTo(out);
    }
}
