package dev.misdirect.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The facts of one X.509 certificate that matter for 421 diagnosis.
 *
 * @param subject            subject DN (RFC 2253)
 * @param issuer             issuer DN (RFC 2253)
 * @param serialHex          serial number in lower-case hex
 * @param dnsNames           subjectAltName dNSName entries, as written in the certificate
 * @param ipAddresses        subjectAltName iPAddress entries, canonical text form
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param keyAlgorithm       e.g. "EC", "RSA", "Ed25519"
 * @param keyBits            key size in bits (curve size for EC), 0 when unknown
 * @param signatureAlgorithm e.g. "SHA256withECDSA"
 * @param sha256Fingerprint  SHA-256 of the DER encoding, upper-case hex with colons
 * @param spkiSha256         base64 SHA-256 of the SubjectPublicKeyInfo (the pin form HPKP and Chromium use)
 * @param selfSigned         subject equals issuer and the signature verifies with its own key
 * @param ca                 basicConstraints cA is true
 * @param pem                the certificate in PEM form
 */
public record CertificateInfo(
        String subject,
        String issuer,
        String serialHex,
        List<String> dnsNames,
        List<String> ipAddresses,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keyBits,
        String signatureAlgorithm,
        String sha256Fingerprint,
        String spkiSha256,
        boolean selfSigned,
        boolean ca,
        String pem) {

    public CertificateInfo {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** A short label: the first DNS SAN or the subject, plus the fingerprint prefix. */
    public String shortLabel() {
        String name = !dnsNames.isEmpty() ? dnsNames.get(0) : !ipAddresses.isEmpty() ? ipAddresses.get(0) : subject;
        String fp = sha256Fingerprint.length() >= 11 ? sha256Fingerprint.substring(0, 11) : sha256Fingerprint;
        return name + (dnsNames.size() + ipAddresses.size() > 1 ? " +" + (dnsNames.size() + ipAddresses.size() - 1) : "")
                + " (" + fp + ")";
    }
}
