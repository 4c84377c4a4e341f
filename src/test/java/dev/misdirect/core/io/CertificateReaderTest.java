package dev.misdirect.core.io;

import dev.misdirect.core.model.CertificateInfo;
import org.junit.jupiter.api.Test;

import java.security.cert.CertificateException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateReaderTest {
    @Test
    void pem_from_a_capture_reads_the_same_with_or_without_armour() throws Exception {
        CertificateInfo leaf = new NetLogImporter().importFrom(NetLogImporterTest.APACHE).certificates().get(0);
        CertificateInfo again = CertificateReader.readPem(leaf.pem());
        String bare = leaf.pem().replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        assertThat(again).isEqualTo(leaf);
        assertThat(CertificateReader.readPem(bare)).isEqualTo(leaf);
        assertThat(leaf.subject()).isEqualTo("CN=a.lab.test,O=421 Lab");
        assertThat(leaf.dnsNames()).containsExactly("a.lab.test", "b.lab.test");
        assertThat(leaf.ca()).isFalse();
    }

    @Test
    void text_that_is_not_a_certificate_is_refused() {
        assertThatThrownBy(() -> CertificateReader.readPem("not a certificate"))
                .isInstanceOf(CertificateException.class);
    }
}
