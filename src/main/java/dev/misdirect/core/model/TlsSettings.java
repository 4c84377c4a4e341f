package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS settings one address applies to one SNI, learned by extra handshakes that each offer one protocol version,
 * one TLS 1.2 cipher suite or one ALPN protocol: what the server accepts, not only what it negotiates with a
 * client offering everything. A version or cipher suite counts as accepted when the server answered with it (its
 * ServerHello and certificate), even if the handshake later ended for want of a client certificate.
 *
 * @param testedVersions      the versions offered one at a time ({@code TLSv1.2}, {@code TLSv1.3})
 * @param acceptedVersions    those the server accepted, oldest first
 * @param testedCipherSuites  the TLS 1.2 cipher suites offered one at a time (empty when TLS 1.2 was not accepted)
 * @param acceptedCipherSuites those the server accepted, in the tested order
 * @param clientCertificate   whether it requests or requires a client certificate
 * @param testedAlpn          the ALPN protocols offered one at a time
 * @param acceptedAlpn        those the server selected when offered alone
 * @param clientHellos        how many ClientHellos the extra handshakes sent
 */
public record TlsSettings(
        List<String> testedVersions,
        List<String> acceptedVersions,
        List<String> testedCipherSuites,
        List<String> acceptedCipherSuites,
        ClientCertMode clientCertificate,
        List<String> testedAlpn,
        List<String> acceptedAlpn,
        int clientHellos) {

    public TlsSettings {
        testedVersions = List.copyOf(testedVersions);
        acceptedVersions = List.copyOf(acceptedVersions);
        testedCipherSuites = List.copyOf(testedCipherSuites);
        acceptedCipherSuites = List.copyOf(acceptedCipherSuites);
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        testedAlpn = List.copyOf(testedAlpn);
        acceptedAlpn = List.copyOf(acceptedAlpn);
    }

    /** The versions the settings pass offers, oldest first. */
    public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /**
     * The TLS 1.2 cipher suites the settings pass offers, one at a time: the usual forward-secret AEAD suites for
     * ECDSA and RSA keys, one CBC suite and one without forward secrecy (the ones server configurations most often
     * differ in).
     */
    public static final List<String> TLS12_CIPHER_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256");

    /** The most ClientHellos the pass sends per name and address when offering {@code alpnProtocols} ALPN protocols. */
    public static int maxClientHellos(int alpnProtocols) {
        return VERSIONS.size() + TLS12_CIPHER_SUITES.size() + alpnProtocols;
    }

    /** The oldest version accepted, empty when none of the tested ones was. */
    public Optional<String> oldestAccepted() {
        return acceptedVersions.isEmpty() ? Optional.empty() : Optional.of(acceptedVersions.get(0));
    }
}
