package dev.misdirect.core.tls;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import javax.crypto.KeyAgreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcArithmeticTest {
    private static final byte[] MESSAGE = "the server's CertificateVerify content".getBytes(StandardCharsets.US_ASCII);
    private static ExecutorService pool;
    private static boolean installedBeforeThisClassRan;

    @BeforeAll
    static void start() {
        installedBeforeThisClassRan = EcArithmetic.isInstalled();
        pool = Prober.newExecutor(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @AfterEach
    void restoreTheProductConfiguration() {
        System.clearProperty(EcArithmetic.PROPERTY);
        EcArithmetic.install();
    }

    private static Provider sunEc() {
        return Security.getProvider("SunEC");
    }

    private static Provider ours() {
        return new EcArithmetic();
    }

    @Test
    void every_test_class_runs_with_the_provider_installed_as_the_entry_point_installs_it() {
        assertThat(installedBeforeThisClassRan).isTrue();
    }

    @Test
    void it_offers_only_elliptic_curve_signatures_key_generation_and_agreement() {
        Provider p = ours();
        List<String> services = new ArrayList<>();
        for (Provider.Service s : p.getServices()) {
            services.add(s.getType() + "." + s.getAlgorithm());
        }
        assertThat(services).containsExactlyInAnyOrderElementsOf(EcArithmetic.offered());
        assertThat(services).allMatch(s -> s.startsWith("Signature.") || s.startsWith("KeyPairGenerator.")
                || s.startsWith("KeyAgreement."));
        assertThat(services).noneMatch(s -> s.contains("RSA") || s.contains("AES") || s.contains("KeyStore"));
        assertThat(EcArithmetic.offered()).contains("Signature.SHA256withECDSA", "KeyAgreement.ECDH", "KeyAgreement.XDH",
                "KeyPairGenerator.X25519");
    }

    @Test
    void every_offered_implementation_class_exists_and_can_be_created() throws Exception {
        for (Provider.Service s : ours().getServices()) {
            assertThat(s.newInstance(null)).as(s.getType() + "." + s.getAlgorithm()).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1:SHA256withECDSA", "secp384r1:SHA384withECDSA", "secp521r1:SHA512withECDSA"})
    void its_ecdsa_signatures_verify_with_the_jdk_and_the_jdks_verify_with_it(String curveAndAlgorithm) throws Exception {
        String curve = curveAndAlgorithm.split(":")[0];
        String algorithm = curveAndAlgorithm.split(":")[1];
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", sunEc());
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair jdkKeys = g.generateKeyPair();

        Signature signer = Signature.getInstance(algorithm, ours());
        signer.initSign(jdkKeys.getPrivate());
        signer.update(MESSAGE);
        byte[] ourSignature = signer.sign();
        Signature jdkVerifier = Signature.getInstance(algorithm, sunEc());
        jdkVerifier.initVerify(jdkKeys.getPublic());
        jdkVerifier.update(MESSAGE);
        assertThat(jdkVerifier.verify(ourSignature)).isTrue();

        Signature jdkSigner = Signature.getInstance(algorithm, sunEc());
        jdkSigner.initSign(jdkKeys.getPrivate());
        jdkSigner.update(MESSAGE);
        byte[] jdkSignature = jdkSigner.sign();
        Signature verifier = Signature.getInstance(algorithm, ours());
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(jdkSignature)).isTrue();

        byte[] tampered = MESSAGE.clone();
        tampered[0] ^= 1;
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(tampered);
        assertThat(verifier.verify(jdkSignature)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "1.3.132.0.35", "size:256", "size:384", "explicit:secp256r1"})
    void generated_ec_keys_are_valid_keys_of_the_asked_curve_that_sign_and_verify_with_the_jdk(String ask) throws Exception {
        KeyPairGenerator mine = KeyPairGenerator.getInstance("EC", ours());
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", sunEc());
        if (ask.startsWith("size:")) {
            mine.initialize(Integer.parseInt(ask.substring(5)));
            jdk.initialize(Integer.parseInt(ask.substring(5)));
        } else if (ask.startsWith("explicit:")) {
            var params = java.security.AlgorithmParameters.getInstance("EC", sunEc());
            params.init(new ECGenParameterSpec(ask.substring(9)));
            mine.initialize(params.getParameterSpec(java.security.spec.ECParameterSpec.class));
            jdk.initialize(params.getParameterSpec(java.security.spec.ECParameterSpec.class));
        } else {
            mine.initialize(new ECGenParameterSpec(ask));
            jdk.initialize(new ECGenParameterSpec(ask));
        }
        KeyPair a = mine.generateKeyPair();
        KeyPair b = mine.generateKeyPair();
        var expected = ((java.security.interfaces.ECPublicKey) jdk.generateKeyPair().getPublic()).getParams();
        var pub = (java.security.interfaces.ECPublicKey) a.getPublic();
        assertThat(pub.getParams().getCurve()).isEqualTo(expected.getCurve());
        assertThat(pub.getParams().getOrder()).isEqualTo(expected.getOrder());
        assertThat(a.getPublic()).isNotEqualTo(b.getPublic());
        String algorithm = pub.getParams().getOrder().bitLength() > 300 ? "SHA384withECDSA" : "SHA256withECDSA";
        Signature jdkSigner = Signature.getInstance(algorithm, sunEc());
        jdkSigner.initSign(a.getPrivate());
        jdkSigner.update(MESSAGE);
        Signature jdkVerifier = Signature.getInstance(algorithm, sunEc());
        jdkVerifier.initVerify(a.getPublic());
        jdkVerifier.update(MESSAGE);
        assertThat(jdkVerifier.verify(jdkSigner.sign())).as("the JDK signs with the private key and verifies with the public one")
                .isTrue();
    }

    @Test
    void a_curve_outside_the_nist_three_is_still_generated_through_bouncycastle() throws Exception {
        KeyPairGenerator mine = KeyPairGenerator.getInstance("EC", ours());
        mine.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        KeyPair k = mine.generateKeyPair();
        assertThat(((java.security.interfaces.ECPublicKey) k.getPublic()).getParams().getOrder().bitLength()).isEqualTo(256);
        Signature signer = Signature.getInstance("SHA256withECDSA", ours());
        signer.initSign(k.getPrivate());
        signer.update(MESSAGE);
        Signature verifier = Signature.getInstance("SHA256withECDSA", ours());
        verifier.initVerify(k.getPublic());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void signatures_use_deterministic_nonces_and_a_signature_that_is_not_der_is_refused_by_name() throws Exception {
        KeyPair k = TestPki.ecKey();
        Signature signer = Signature.getInstance("SHA256withECDSA", ours());
        signer.initSign(k.getPrivate());
        signer.update(MESSAGE);
        byte[] first = signer.sign();
        signer.update(MESSAGE);
        assertThat(signer.sign()).as("RFC 6979: same key and message, same signature").isEqualTo(first);
        Signature verifier = Signature.getInstance("SHA256withECDSA", ours());
        verifier.initVerify(k.getPublic());
        verifier.update(MESSAGE);
        assertThatThrownBy(() -> verifier.verify(new byte[] {1, 2, 3}))
                .isInstanceOf(java.security.SignatureException.class).hasMessageContaining("SHA256withECDSA");
    }

    @Test
    void an_ec_key_size_it_does_not_know_is_refused_with_the_size_named() {
        assertThatThrownBy(() -> KeyPairGenerator.getInstance("EC", ours()).initialize(200))
                .hasMessageContaining("200");
    }

    @Test
    void ecdh_with_a_jdk_peer_agrees_on_the_same_fixed_length_secret_even_with_a_leading_zero_byte() throws Exception {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", sunEc());
        jdk.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator mine = KeyPairGenerator.getInstance("EC", ours());
        mine.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair peer = jdk.generateKeyPair();
        boolean sawLeadingZero = false;
        // A leading zero byte comes once in 256 agreements on average; TLS needs it kept (RFC 8446 §7.4.2).
        for (int i = 0; i < 4000 && !sawLeadingZero; i++) {
            KeyPair own = mine.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", ours());
            ka.init(own.getPrivate());
            ka.doPhase(peer.getPublic(), true);
            byte[] secret = ka.generateSecret("TlsPremasterSecret").getEncoded();
            KeyAgreement jdkKa = KeyAgreement.getInstance("ECDH", sunEc());
            jdkKa.init(peer.getPrivate());
            jdkKa.doPhase(own.getPublic(), true);
            byte[] expected = jdkKa.generateSecret();
            assertThat(secret).hasSize(32).isEqualTo(expected);
            sawLeadingZero = secret[0] == 0;
        }
        assertThat(sawLeadingZero).as("an agreement with a leading zero byte was checked").isTrue();
    }

    @Test
    void x25519_the_way_the_jdks_tls_asks_for_it_agrees_with_a_jdk_peer() throws Exception {
        KeyPairGenerator mine = KeyPairGenerator.getInstance("XDH", ours());
        mine.initialize(NamedParameterSpec.X25519);
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("XDH", sunEc());
        jdk.initialize(NamedParameterSpec.X25519);
        for (int i = 0; i < 20; i++) {
            KeyPair own = mine.generateKeyPair();
            KeyPair peer = jdk.generateKeyPair();
            assertThat(own.getPublic()).isInstanceOf(java.security.interfaces.XECPublicKey.class);
            KeyAgreement ka = KeyAgreement.getInstance("XDH", ours());
            ka.init(own.getPrivate());
            ka.doPhase(peer.getPublic(), true);
            KeyAgreement jdkKa = KeyAgreement.getInstance("XDH", sunEc());
            jdkKa.init(peer.getPrivate());
            jdkKa.doPhase(own.getPublic(), true);
            assertThat(ka.generateSecret("TlsPremasterSecret").getEncoded()).hasSize(32).isEqualTo(jdkKa.generateSecret());
        }
    }

    @Test
    void once_installed_the_jca_hands_ecdsa_and_ecdh_to_it_and_rsa_stays_with_the_jdk() throws Exception {
        assertThat(EcArithmetic.install()).isTrue();
        assertThat(Security.getProviders()[0].getName()).isEqualTo(EcArithmetic.NAME);
        KeyPair ec = TestPki.ecKey();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(ec.getPublic());
        assertThat(s.getProvider().getName()).isEqualTo(EcArithmetic.NAME);
        KeyPair rsa = TestPki.rsaKey(2048);
        Signature r = Signature.getInstance("SHA256withRSA");
        r.initVerify(rsa.getPublic());
        assertThat(r.getProvider().getName()).isNotEqualTo(EcArithmetic.NAME);
    }

    @Test
    void choosing_the_jdks_arithmetic_keeps_the_provider_out_and_install_says_so() {
        EcArithmetic.uninstall();
        System.setProperty(EcArithmetic.PROPERTY, "jdk");
        assertThat(EcArithmetic.install()).isFalse();
        assertThat(EcArithmetic.isInstalled()).isFalse();
        System.clearProperty(EcArithmetic.PROPERTY);
        assertThat(EcArithmetic.install()).isTrue();
        assertThat(EcArithmetic.install()).as("idempotent").isTrue();
        assertThat(java.util.Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(EcArithmetic.NAME)))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void the_jdks_tls_completes_handshakes_with_it_for_ec_and_rsa_servers(String protocol) throws Exception {
        assertThat(EcArithmetic.install()).isTrue();
        TestPki.Issued ca = TestPki.ca("Arithmetic CA");
        TestPki.Issued ecLeaf = TestPki.leaf(ca, "ec.arith.test", List.of("ec.arith.test"), List.of());
        TestPki.Issued rsaLeaf = TestPki.leafWithKey(ca, "rsa.arith.test", List.of("rsa.arith.test"), TestPki.rsaKey(2048));
        try (var ecServer = TlsTestServer.on("127.0.0.2").identity(ecLeaf).protocol(protocol).start();
             var rsaServer = TlsTestServer.on("127.0.0.3").identity(rsaLeaf).protocol(protocol).start()) {
            Prober prober = new Prober(pool, new MapResolver(Map.of(), "test"), ChainVerifier.trusting(List.of(ca.cert())));
            List<Authority> authorities = List.of(
                    Authority.of("ec.arith.test", ecServer.port()).withResolve(List.of("127.0.0.2")),
                    Authority.of("rsa.arith.test", rsaServer.port()).withResolve(List.of("127.0.0.3")));
            var results = prober.probe(authorities, ProbeOptions.defaults());
            for (var r : results) {
                Handshake h = r.handshakes().get(0);
                assertThat(h.status()).as(h.message()).isEqualTo(HandshakeStatus.OK);
                assertThat(h.tlsVersion()).contains(protocol);
                assertThat(h.verdict()).as(h.verdictReason()).isEqualTo(TrustVerdict.TRUSTED);
            }
        }
    }
}
