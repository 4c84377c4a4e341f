package dev.misdirect.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabCaTest {
    @TempDir
    Path home;

    @Test
    void new_ca_is_an_ec_p256_ca_certificate_stored_with_an_owner_only_key_in_an_owner_only_directory() throws Exception {
        LabCa ca = LabCa.open(home.resolve("lab"));
        X509Certificate cert = ca.caCertificate();
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        cert.verify(cert.getPublicKey());
        assertThat(ca.caPemPath()).exists();
        assertThat(Files.readString(ca.caPemPath())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.caPemPath()))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("lab")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("lab/ca-key.pem")))).isEqualTo("rw-------");
    }

    @Test
    void leaf_carries_exactly_the_requested_sans_is_signed_by_the_ca_and_its_key_is_owner_only() throws Exception {
        LabCa ca = LabCa.open(home);
        LeafCredential leaf = ca.leaf("t", List.of("*.tenants.lab.test", "x.lab.test"));
        X509Certificate cert = leaf.certificate();
        cert.verify(ca.caCertificate().getPublicKey());
        cert.checkValidity();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList())
                .containsExactlyInAnyOrder("*.tenants.lab.test", "x.lab.test");
        assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant())).isLessThanOrEqualTo(LabCa.LEAF_VALIDITY);
        assertThat(leaf.chain()).containsExactly(cert, ca.caCertificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("leaf-t-key.pem")))).isEqualTo("rw-------");
    }

    @Test
    void leaf_authority_key_identifier_matches_the_ca_subject_key_identifier() throws Exception {
        LabCa ca = LabCa.open(home);
        X509Certificate leaf = ca.leaf("t", List.of("a.lab.test")).certificate();
        byte[] caSki = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils.parseExtensionValue(
                        ca.caCertificate().getExtensionValue("2.5.29.14"))).getKeyIdentifier();
        byte[] leafAki = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(
                org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils.parseExtensionValue(
                        leaf.getExtensionValue("2.5.29.35"))).getKeyIdentifierObject().getOctets();
        assertThat(leafAki).hasSize(20).isEqualTo(caSki);
    }

    @Test
    void reopening_reuses_the_stored_ca_and_leaf_and_changed_names_mint_a_new_leaf() {
        LabCa first = LabCa.open(home);
        X509Certificate leaf = first.leaf("t", List.of("a.lab.test")).certificate();
        LabCa again = LabCa.open(home);
        assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(again.leaf("t", List.of("a.lab.test")).certificate()).isEqualTo(leaf);
        assertThat(again.leaf("t", List.of("a.lab.test", "b.lab.test")).certificate()).isNotEqualTo(leaf);
    }

    @Test
    void a_ca_near_expiry_is_replaced_on_open_and_its_leaves_are_reissued() {
        LabCa first = LabCa.open(home);
        X509Certificate leaf = first.leaf("t", List.of("a.lab.test")).certificate();
        Instant nearExpiry = first.caCertificate().getNotAfter().toInstant().minus(LabCa.RENEW_BEFORE).plusSeconds(60);
        LabCa later = LabCa.open(home, Clock.fixed(nearExpiry, ZoneOffset.UTC));
        assertThat(later.caCertificate()).isNotEqualTo(first.caCertificate());
        X509Certificate reissued = later.leaf("t", List.of("a.lab.test")).certificate();
        assertThat(reissued).isNotEqualTo(leaf);
        assertThat(reissued.getIssuerX500Principal()).isEqualTo(later.caCertificate().getSubjectX500Principal());
    }

    @Test
    void an_expiring_leaf_is_reissued_under_the_same_ca() {
        LabCa first = LabCa.open(home);
        X509Certificate leaf = first.leaf("t", List.of("a.lab.test")).certificate();
        Instant leafNearExpiry = leaf.getNotAfter().toInstant().minus(LabCa.RENEW_BEFORE).plusSeconds(60);
        LabCa later = LabCa.open(home, Clock.fixed(leafNearExpiry, ZoneOffset.UTC));
        assertThat(later.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(later.leaf("t", List.of("a.lab.test")).certificate()).isNotEqualTo(leaf);
    }

    @Test
    void regenerate_mints_a_new_ca_and_drops_the_old_leaves() {
        LabCa ca = LabCa.open(home);
        X509Certificate old = ca.caCertificate();
        ca.leaf("t", List.of("a.lab.test"));
        ca.regenerate();
        assertThat(ca.caCertificate()).isNotEqualTo(old);
        assertThat(home.resolve("leaf-t.pem")).doesNotExist();
        assertThat(LabCa.open(home).caCertificate()).isEqualTo(ca.caCertificate());
    }

    @Test
    void a_damaged_ca_file_is_replaced() throws Exception {
        LabCa.open(home);
        Files.writeString(home.resolve("ca.pem"), "not a certificate");
        LabCa ca = LabCa.open(home);
        ca.caCertificate().checkValidity();
        assertThat(Files.readString(ca.caPemPath())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void leaf_ids_outside_the_file_name_alphabet_are_refused() {
        LabCa ca = LabCa.open(home);
        assertThatThrownBy(() -> ca.leaf("../x", List.of("a.lab.test"))).hasMessageContaining("../x");
        assertThatThrownBy(() -> ca.leaf("x", List.of())).hasMessageContaining("at least one");
    }

    @Test
    void default_directory_follows_the_misdirect_home_property() {
        assertThat(LabCa.defaultDirectory()).isEqualTo(Path.of(System.getProperty("misdirect.home"), "lab"));
    }
}
