package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds probe results the way the probe records them, for predictor tests. */
final class ProbeFixture {
    private final List<AuthorityBuilder> authorities = new ArrayList<>();

    /** A leaf certificate with these SANs (entries that parse as IP literals become iPAddress SANs). */
    static CertificateInfo cert(String id, String... sans) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String s : sans) {
            (s.matches("[0-9.]+") || s.contains(":") ? ips : dns).add(s);
        }
        String fp = sha256Hex(id).replaceAll("(..)(?!$)", "$1:");
        return new CertificateInfo("CN=" + id, "CN=Lab CA", Integer.toHexString(id.hashCode()), dns, ips,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), "EC", 256,
                "SHA256withECDSA", fp, "spki-" + id, false, false, "");
    }

    private static String sha256Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().withUpperCase().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    AuthorityBuilder authority(String host) {
        AuthorityBuilder b = new AuthorityBuilder(host);
        authorities.add(b);
        return b;
    }

    List<ProbeResult> results() {
        return authorities.stream().map(AuthorityBuilder::build).toList();
    }

    static final class AuthorityBuilder {
        private final String host;
        private int port = 443;
        private final List<String> addresses = new ArrayList<>();
        private final Set<String> failing = new HashSet<>();
        private CertificateInfo leaf = cert("default", "default.example");
        private Optional<String> alpn = Optional.of("h2");
        private TrustVerdict verdict = TrustVerdict.TRUSTED;
        private boolean clientCert;
        private String tlsVersion = "TLSv1.3";
        private String cipher = "TLS_AES_128_GCM_SHA256";
        private boolean resolvedByProxy;

        private AuthorityBuilder(String host) {
            this.host = host;
        }

        AuthorityBuilder port(int p) {
            port = p;
            return this;
        }

        /** Resolves to these addresses, in this order; one handshake per address. */
        AuthorityBuilder at(String... ips) {
            addresses.addAll(List.of(ips));
            return this;
        }

        AuthorityBuilder serving(CertificateInfo cert) {
            leaf = cert;
            return this;
        }

        AuthorityBuilder alpn(String protocol) {
            alpn = Optional.of(protocol);
            return this;
        }

        AuthorityBuilder verdict(TrustVerdict v) {
            verdict = v;
            return this;
        }

        AuthorityBuilder requestsClientCertificate() {
            clientCert = true;
            return this;
        }

        AuthorityBuilder tls(String version, String cipherSuite) {
            tlsVersion = version;
            cipher = cipherSuite;
            return this;
        }

        /** Probed through a forward proxy that resolved the name: no addresses, one handshake to the name. */
        AuthorityBuilder resolvedByProxy() {
            resolvedByProxy = true;
            return this;
        }

        /** The handshake with this address is refused. */
        AuthorityBuilder refusedOn(String ip) {
            failing.add(ip);
            return this;
        }

        ProbeResult build() {
            Authority a = Authority.of(host, port);
            if (resolvedByProxy) {
                return new ProbeResult(a, List.of(), ProbeResult.RESOLVED_BY_PROXY, Optional.empty(), PhaseTimings.NOT_MEASURED,
                        List.of(new Handshake(a.key(), new Endpoint(host, port), a.effectiveSni(), HandshakeStatus.OK,
                                "handshake ok", Optional.of(tlsVersion), Optional.of(cipher), alpn, List.of(leaf), verdict,
                                "chain verifies", List.of(), clientCert, List.of(), Optional.empty(), PhaseTimings.none())));
            }
            List<Handshake> hs = new ArrayList<>();
            for (String ip : addresses) {
                Endpoint ep = new Endpoint(ip, port);
                if (failing.contains(ip)) {
                    hs.add(new Handshake(a.key(), ep, a.effectiveSni(), HandshakeStatus.REFUSED, "connection refused",
                            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), TrustVerdict.NOT_CHECKED,
                            "no handshake", List.of(), false, List.of(), Optional.empty(), PhaseTimings.none()));
                } else {
                    hs.add(new Handshake(a.key(), ep, a.effectiveSni(), HandshakeStatus.OK, "handshake ok",
                            Optional.of(tlsVersion), Optional.of(cipher), alpn, List.of(leaf), verdict,
                            verdict == TrustVerdict.TRUSTED ? "chain verifies" : "issuer CN=Other CA is not trusted",
                            List.of(), clientCert, List.of(), Optional.empty(), PhaseTimings.none()));
                }
            }
            return new ProbeResult(a, addresses, addresses.isEmpty() ? "system resolver" : "resolve override",
                    addresses.isEmpty() ? Optional.of("no such host") : Optional.empty(), 10, hs);
        }
    }
}
