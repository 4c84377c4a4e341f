package dev.misdirect.core.tls;

import dev.misdirect.testing.TestPki;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsFilesTest {
    static final TestPki.Issued CA = TestPki.ca("Files CA");

    @TempDir
    Path dir;

    @Test
    void a_pem_bundle_yields_every_certificate_in_file_order() throws Exception {
        var other = TestPki.ca("Second CA");
        Path f = TestPki.writePem(dir.resolve("cas.pem"), List.of(CA.cert(), other.cert()));
        assertThat(PemFiles.readCertificates(f)).containsExactly(CA.cert(), other.cert());
    }

    @Test
    void certificates_are_found_among_keys_words_and_legacy_labels_and_other_blocks_are_passed_over() throws Exception {
        var other = TestPki.ca("Second CA");
        String ca = Files.readString(TestPki.writePem(dir.resolve("ca.pem"), List.of(CA.cert())));
        String second = Files.readString(TestPki.writePem(dir.resolve("second.pem"), List.of(other.cert())));
        String key = Files.readString(TestPki.writeKeyPem(dir.resolve("k.pem"), CA.key()));
        String legacy = second.replace("BEGIN CERTIFICATE", "BEGIN X509 CERTIFICATE")
                .replace("END CERTIFICATE", "END X509 CERTIFICATE");
        String trusted = ca.replace("BEGIN CERTIFICATE", "BEGIN TRUSTED CERTIFICATE")
                .replace("END CERTIFICATE", "END TRUSTED CERTIFICATE");
        Path f = Files.writeString(dir.resolve("mixed.pem"), key + "subject=CN = Files CA\n" + ca.replace("\n", "\r\n")
                + "issuer words\n" + trusted + legacy + "trailing words\n");
        assertThat(PemFiles.readCertificates(f)).containsExactly(CA.cert(), other.cert());
    }

    @Test
    void a_broken_certificate_block_is_refused_naming_the_file_and_what_is_wrong() throws Exception {
        String ca = Files.readString(TestPki.writePem(dir.resolve("ca.pem"), List.of(CA.cert())));
        Path unended = Files.writeString(dir.resolve("unended.pem"), ca.substring(0, ca.indexOf("-----END")));
        assertThatThrownBy(() -> PemFiles.readCertificates(unended)).hasMessage(unended
                + ": not a readable PEM certificate file: -----BEGIN CERTIFICATE----- has no -----END CERTIFICATE-----");
        String[] lines = ca.split("\n");
        lines[2] = "!" + lines[2].substring(1);
        Path garbled = Files.writeString(dir.resolve("garbled.pem"), String.join("\n", lines) + "\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(garbled))
                .hasMessageStartingWith(garbled + ": not a readable PEM certificate file: ");
        Path headless = Files.writeString(dir.resolve("headless.pem"), "-----BEGIN CERTIFICATE\nMIIB\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(headless)).hasMessage(headless
                + ": not a readable PEM certificate file: a block begins (-----BEGIN ) but its header line does not"
                + " end with -----");
    }

    @Test
    void a_missing_or_empty_ca_file_is_refused_naming_the_file() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> PemFiles.readCertificates(missing)).hasMessage(missing + ": no such file");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "hello\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(empty)).hasMessageStartingWith(empty + ": no certificate found");
    }

    @Test
    void client_credentials_load_from_a_pem_certificate_and_a_pkcs8_ec_key() throws Exception {
        var client = TestPki.leaf(CA, "client", List.of(), List.of());
        Path cert = TestPki.writePem(dir.resolve("client.pem"), client.chain());
        Path key = TestPki.writeKeyPem(dir.resolve("client.key"), client.key());
        ClientCredentials c = ClientCredentials.fromPem(cert, key);
        assertThat(c.chain()).containsExactly(client.cert(), CA.cert());
        assertThat(c.keyManager().getCertificateChain("client")).hasSize(2);
    }

    @Test
    void a_traditional_rsa_private_key_pem_is_read() throws Exception {
        KeyPair kp = TestPki.rsaKey(2048);
        var client = TestPki.leafWithKey(CA, "client", List.of(), kp);
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(kp);
        }
        assertThat(sw.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path key = Files.writeString(dir.resolve("rsa.key"), sw.toString());
        Path cert = TestPki.writePem(dir.resolve("rsa.pem"), List.of(client.cert()));
        assertThat(ClientCredentials.fromPem(cert, key).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void a_key_that_does_not_belong_to_the_certificate_is_refused_naming_both_files() throws Exception {
        var client = TestPki.leaf(CA, "client", List.of(), List.of());
        var other = TestPki.leaf(CA, "other", List.of(), List.of());
        Path cert = TestPki.writePem(dir.resolve("client.pem"), List.of(client.cert()));
        Path key = TestPki.writeKeyPem(dir.resolve("other.key"), other.key());
        assertThatThrownBy(() -> ClientCredentials.fromPem(cert, key))
                .isInstanceOf(TlsFileException.class)
                .hasMessage(key + ": this private key does not belong to the certificate in " + cert);
    }

    @Test
    void a_pem_without_a_key_is_refused_naming_the_file() throws Exception {
        Path notKey = TestPki.writePem(dir.resolve("cert-only.pem"), List.of(CA.cert()));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(notKey)).hasMessageStartingWith(notKey + ": no private key found");
    }

    @Test
    void a_pkcs12_file_loads_with_its_password_and_a_wrong_password_is_named() throws Exception {
        var client = TestPki.leaf(CA, "client", List.of(), List.of());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", client.key(), "secret".toCharArray(), client.chain().toArray(new Certificate[0]));
        Path p12 = dir.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, "secret".toCharArray());
        }
        assertThat(ClientCredentials.fromPkcs12(p12, "secret".toCharArray()).chain().get(0)).isEqualTo(client.cert());
        assertThatThrownBy(() -> ClientCredentials.fromPkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith(p12 + ": wrong password");
    }
}
