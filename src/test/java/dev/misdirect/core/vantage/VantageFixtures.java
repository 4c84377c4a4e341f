package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.model.Vantage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-built sessions from several vantages, for the merge, the matrix and the reports. */
public final class VantageFixtures {
    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private VantageFixtures() {
    }

    public static CertificateInfo cert(String fp, String... dns) {
        return new CertificateInfo("CN=" + dns[0], "CN=Test CA", "1", List.of(dns), List.of(), Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1), "EC", 256, "SHA256withECDSA", fp, "pin", false, false, "pem");
    }

    public static Handshake handshake(String host, String address, CertificateInfo leaf, String version) {
        return new Handshake(host + ":443", new Endpoint(address, 443), Optional.of(host), HandshakeStatus.OK,
                "handshake ok", Optional.of(version), Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"),
                List.of(leaf), TrustVerdict.TRUSTED, "trusted", List.of(), false, List.of(), Optional.empty(),
                new PhaseTimings(1, 2, 3));
    }

    public static ProbeResult probe(String host, String address, CertificateInfo leaf) {
        return probe(host, address, leaf, "TLSv1.3");
    }

    public static ProbeResult probe(String host, String address, CertificateInfo leaf, String version) {
        return new ProbeResult(Authority.of(host, 443), List.of(address), "system resolver", Optional.empty(), 1,
                List.of(handshake(host, address, leaf, version)));
    }

    public static Session session(String label, String host, Instant at, ProbeResult... probes) {
        return Session.of("probe", AuthoritySet.of(java.util.Arrays.stream(probes).map(ProbeResult::authority).toList()), at)
                .withProbes(List.of(probes), List.of())
                .withVantage(Optional.of(new Vantage(Optional.ofNullable(label), host, "system resolver",
                        List.of("10.0.0.5"), at)));
    }

    public static SessionMerge.Source source(String file, Session s) {
        return new SessionMerge.Source(file, s);
    }

    /** Two vantages of a.example: eu sees a certificate for a and b on 192.0.2.1, ap one for a only on 192.0.2.9. */
    public static Session mergedTwo() throws MergeException {
        CertificateInfo full = cert("AA:AA:AA:AA:01", "a.example", "b.example");
        CertificateInfo partial = cert("CC:CC:CC:CC:03", "a.example");
        return SessionMerge.merge(List.of(source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", full))),
                source("ap.json", session("ap", "h3", T0, probe("a.example", "192.0.2.9", partial)))), T0);
    }
}
