package dev.misdirect.core.io;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates as PEM text, each block preceded by explanatory lines (subject, issuer, SANs, SHA-256), which
 * PEM readers such as OpenSSL skip (RFC 7468 §2). Pure and thread-safe.
 */
public final class PemExporter {
    private PemExporter() {
    }

    /** One certificate with its explanatory lines. */
    public static String pem(CertificateInfo c) {
        StringBuilder sb = new StringBuilder();
        sb.append("subject=").append(c.subject()).append('\n');
        sb.append("issuer=").append(c.issuer()).append('\n');
        if (!c.dnsNames().isEmpty() || !c.ipAddresses().isEmpty()) {
            sb.append("subjectAltName=");
            List<String> sans = new java.util.ArrayList<>();
            c.dnsNames().forEach(d -> sans.add("DNS:" + d));
            c.ipAddresses().forEach(i -> sans.add("IP:" + i));
            sb.append(String.join(", ", sans)).append('\n');
        }
        sb.append("sha256=").append(c.sha256Fingerprint()).append('\n');
        String body = c.pem().strip();
        sb.append(body).append('\n');
        return sb.toString();
    }

    /** A served chain, leaf first. */
    public static String chain(Handshake h) {
        StringBuilder sb = new StringBuilder();
        for (CertificateInfo c : h.chain()) {
            sb.append(pem(c));
        }
        return sb.toString();
    }

    /** Every distinct certificate (by SHA-256) served in a session's probes, in the order first served. */
    public static String all(Session s) {
        Map<String, CertificateInfo> distinct = new LinkedHashMap<>();
        for (ProbeResult p : s.probes()) {
            for (Handshake h : p.handshakes()) {
                for (CertificateInfo c : h.chain()) {
                    distinct.putIfAbsent(c.sha256Fingerprint(), c);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        distinct.values().forEach(c -> sb.append(pem(c)));
        return sb.toString();
    }
}
