package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.names.NameMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How likely the origin behind A's connection is to answer 421 when B's request arrives on it (DESIGN.md §3), from
 * what the probe saw when B's own name was sent as SNI to the same address.
 */
final class RiskAssessor {
    static final String SNI_ROUTERS = "servers that route by SNI — tenant routers, CDNs, Caddy strict_sni_host — "
            + "answer 421";
    /** What one handshake per name cannot show: Apache compares the vhosts' configured settings, not the negotiated ones. */
    static final String HIDDEN_SETTINGS = "nginx serves it; Apache serves it unless the two vhosts differ in settings "
            + "a handshake does not show (the protocol versions or ciphers each allows beyond the ones negotiated), "
            + "then it answers 421 (AH02032)";
    static final String WOULD_NOT = "Envoy/Istio never answer 421 (a per-SNI filter chain answers 404 NR) and "
            + "Jetty answers 400 Invalid SNI";

    private RiskAssessor() {
    }

    record Risk(MisdirectRisk level, String reason) {
    }

    static Risk assess(AuthorityFacts a, AuthorityFacts b, PredictionInput in) {
        Handshake conn = a.connection().orElseThrow();
        String where = conn.endpoint().toString();
        Optional<CertificateInfo> aLeaf = conn.leaf();
        if (aLeaf.isEmpty() || !a.leafCovers(b.authority().host()).map(NameMatch::covered).orElse(false)) {
            return new Risk(MisdirectRisk.LIKELY, "the certificate of " + a.name() + "'s connection does not cover "
                    + b.name() + ": CDNs (Fastly, CloudFront, Cloudflare) answer 421 when Host is not covered by the "
                    + "connection's certificate, and origins that select a vhost by SNI answer 421 or the wrong site");
        }
        String peer = a.peerAddress().orElseThrow();
        if (!b.addresses().contains(peer)) {
            if (in.originFrame(a.key()).contains(b.key())) {
                return new Risk(MisdirectRisk.POSSIBLE, "the server at " + where + " listed " + b.authority().origin()
                        + " in its ORIGIN frame, so it claims to answer for it (RFC 8336); if it does not, it must answer "
                        + "421 and the client removes the origin from the connection's origin set");
            }
            return new Risk(MisdirectRisk.LIKELY, b.name() + " does not resolve to " + peer + ", the peer of "
                    + a.name() + "'s connection: the server there may not serve " + b.name() + " at all and answers "
                    + "421 (CDNs, tenant routers) or the wrong site");
        }
        Optional<Handshake> there = b.handshakeAt(peer, conn.endpoint().port());
        if (there.isEmpty()) {
            return new Risk(MisdirectRisk.POSSIBLE, b.name() + " was not probed with its own SNI on " + where
                    + ", so its TLS settings there are unknown; " + SNI_ROUTERS + "; " + WOULD_NOT);
        }
        Handshake bh = there.get();
        List<String> reasons = new ArrayList<>();
        Optional<CertificateInfo> bLeaf = bh.leaf();
        String aFp = aLeaf.get().sha256Fingerprint();
        if (bLeaf.isPresent() && !bLeaf.get().sha256Fingerprint().equals(aFp)) {
            reasons.add("different certificates behind one IP (" + a.name() + " gets " + aLeaf.get().shortLabel()
                    + ", " + b.name() + " gets " + bLeaf.get().shortLabel() + " on " + where
                    + "): Apache (mod_ssl, AH02032) answers 421");
        }
        if (bh.clientCertRequested()) {
            reasons.add(b.name() + " asks for a client certificate on " + where
                    + ": nginx answers 421 when the Host's server block verifies client certificates (ssl_verify_client)"
                    + (conn.clientCertRequested() ? "" : ", and Apache (AH02032) when the vhosts' client verification differs"));
        } else if (conn.clientCertRequested()) {
            reasons.add(a.name() + " asks for a client certificate and " + b.name()
                    + " does not: Apache (mod_ssl, AH02032) answers 421 when the vhosts' client verification differs");
        }
        if (!Objects.equals(conn.tlsVersion(), bh.tlsVersion()) || !Objects.equals(conn.cipherSuite(), bh.cipherSuite())) {
            reasons.add("TLS settings differ (" + a.name() + ": " + tls(conn) + ", " + b.name() + ": " + tls(bh)
                    + "): Apache (mod_ssl, AH02032) answers 421");
        }
        if (conn.alpn().equals(Optional.of("h2")) && !bh.alpn().equals(Optional.of("h2"))) {
            reasons.add(b.name() + " does not offer h2 on " + where
                    + ": nginx 1.25.1+ answers 421 when the Host's server block has http2 off");
        }
        if (!reasons.isEmpty()) {
            return new Risk(MisdirectRisk.LIKELY, String.join("; ", reasons));
        }
        return new Risk(MisdirectRisk.POSSIBLE, "same certificate and TLS settings for both names on " + where + ": "
                + SNI_ROUTERS + "; " + HIDDEN_SETTINGS + "; " + WOULD_NOT);
    }

    private static String tls(Handshake h) {
        return h.tlsVersion().orElse("?") + " " + h.cipherSuite().orElse("?");
    }
}
