package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * What one TLS handshake with one address of one authority showed.
 *
 * @param authorityKey        the authority probed ({@code host:port})
 * @param endpoint            the address and port connected to
 * @param sniSent             the server_name sent, or empty when none was sent
 * @param status              how far it got
 * @param message             human-readable outcome ("handshake ok", "connection refused", "timed out after 5000 ms")
 * @param tlsVersion          negotiated protocol ("TLSv1.3"), empty when no handshake
 * @param cipherSuite         negotiated cipher suite, empty when no handshake
 * @param alpn                negotiated ALPN protocol ("h2", "http/1.1"), empty when none was agreed
 * @param chain               served chain, leaf first, empty when no handshake
 * @param verdict             trust verdict for the chain and the name
 * @param verdictReason       why that verdict ("issuer CN=Lab CA is not in the trust store")
 * @param chainProblems       order problems in the served chain (e.g. "certificate 2 does not sign certificate 1")
 * @param clientCertRequested whether the server sent a CertificateRequest
 * @param clientCertIssuers   the certificate authorities the server named in its request
 * @param resumed             whether a second handshake resumed the session; empty when not tried
 * @param timings             phase timings
 * @param tlsStack            the TLS implementation that made the handshake ("Conscrypt 2.5.2 (BoringSSL)"); empty when
 *                            not known (a capture, or a session written before it was recorded)
 * @param tlsSettings         what this address accepts for this SNI (versions, TLS 1.2 cipher suites, client
 *                            certificate, ALPN); empty when the settings pass was not asked for (or a session written
 *                            before it existed)
 */
public record Handshake(
        String authorityKey,
        Endpoint endpoint,
        Optional<String> sniSent,
        HandshakeStatus status,
        String message,
        Optional<String> tlsVersion,
        Optional<String> cipherSuite,
        Optional<String> alpn,
        List<CertificateInfo> chain,
        TrustVerdict verdict,
        String verdictReason,
        List<String> chainProblems,
        boolean clientCertRequested,
        List<String> clientCertIssuers,
        Optional<Boolean> resumed,
        PhaseTimings timings,
        Optional<String> tlsStack,
        Optional<TlsSettings> tlsSettings) {

    public Handshake {
        tlsStack = tlsStack == null ? Optional.empty() : tlsStack; // absent from session files written before it
        tlsSettings = tlsSettings == null ? Optional.empty() : tlsSettings; // likewise
        chain = List.copyOf(chain);
        chainProblems = List.copyOf(chainProblems);
        clientCertIssuers = List.copyOf(clientCertIssuers);
    }

    /** A handshake whose TLS implementation is not known (imports, tests of what does not depend on it). */
    public Handshake(String authorityKey, Endpoint endpoint, Optional<String> sniSent, HandshakeStatus status,
                     String message, Optional<String> tlsVersion, Optional<String> cipherSuite, Optional<String> alpn,
                     List<CertificateInfo> chain, TrustVerdict verdict, String verdictReason, List<String> chainProblems,
                     boolean clientCertRequested, List<String> clientCertIssuers, Optional<Boolean> resumed,
                     PhaseTimings timings) {
        this(authorityKey, endpoint, sniSent, status, message, tlsVersion, cipherSuite, alpn, chain, verdict,
                verdictReason, chainProblems, clientCertRequested, clientCertIssuers, resumed, timings, Optional.empty(),
                Optional.empty());
    }

    /** A handshake made without the settings pass. */
    public Handshake(String authorityKey, Endpoint endpoint, Optional<String> sniSent, HandshakeStatus status,
                     String message, Optional<String> tlsVersion, Optional<String> cipherSuite, Optional<String> alpn,
                     List<CertificateInfo> chain, TrustVerdict verdict, String verdictReason, List<String> chainProblems,
                     boolean clientCertRequested, List<String> clientCertIssuers, Optional<Boolean> resumed,
                     PhaseTimings timings, Optional<String> tlsStack) {
        this(authorityKey, endpoint, sniSent, status, message, tlsVersion, cipherSuite, alpn, chain, verdict,
                verdictReason, chainProblems, clientCertRequested, clientCertIssuers, resumed, timings, tlsStack,
                Optional.empty());
    }

    /** This handshake with the settings the settings pass learned. */
    public Handshake withTlsSettings(TlsSettings settings) {
        return new Handshake(authorityKey, endpoint, sniSent, status, message, tlsVersion, cipherSuite, alpn, chain,
                verdict, verdictReason, chainProblems, clientCertRequested, clientCertIssuers, resumed, timings, tlsStack,
                Optional.of(settings));
    }

    /** The leaf certificate, when the handshake got that far. */
    public Optional<CertificateInfo> leaf() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    public boolean completed() {
        return status == HandshakeStatus.OK;
    }
}
