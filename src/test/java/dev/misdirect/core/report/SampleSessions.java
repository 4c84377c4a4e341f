package dev.misdirect.core.report;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.timeline.TimelineEvent.ConnectionAcquired;
import dev.misdirect.core.timeline.TimelineEvent.ConnectionOpened;
import dev.misdirect.core.timeline.TimelineEvent.Misdirected;
import dev.misdirect.core.timeline.TimelineEvent.RequestSent;
import dev.misdirect.core.timeline.TimelineEvent.ResponseReceived;
import dev.misdirect.core.timeline.TimelineEvent.RetryScheduled;
import dev.misdirect.core.timeline.TimelineEvent.ServerObserved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A realistic session built by hand: the lab's "wildcard tenants" scenario (a.tenants and b.tenants share
 * 127.0.0.1:8443 and a *.tenants.lab.test certificate; the tenant router refuses cross-tenant requests),
 * probed, predicted and replayed with the coalescing policy, with a hidden 421 retry. Secrets can be planted.
 */
public final class SampleSessions {
    public static final String A = "a.tenants.lab.test:8443";
    public static final String B = "b.tenants.lab.test:8443";
    public static final String C = "control.lab.test:8443";
    public static final Instant T0 = Instant.parse("2026-11-27T14:05:00Z");

    /** Secrets planted by {@link #withSecrets()}; none may appear in a redacted output. */
    public static final List<String> PLANTED = List.of("PLANTEDbearer7f3a9", "PLANTEDcookie55", "PLANTEDtoken0x1",
            "PLANTEDsig42", "PLANTEDpw99", "PLANTEDapikey", "PLANTEDsetcookie", "PLANTEDproxyauth", "PLANTEDuserpass",
            "PLANTEDaccess8");

    private SampleSessions() {
    }

    public static CertificateInfo wildcard() {
        return cert("CN=*.tenants.lab.test", List.of("*.tenants.lab.test"),
                "3A:F1:09:6B:22:C4:7D:E0:11:9A:50:BB:0C:6E:D2:81:44:73:A9:5F:E8:01:3C:76:92:AB:CD:EF:10:32:54:76");
    }

    public static CertificateInfo control() {
        return cert("CN=control.lab.test", List.of("control.lab.test"),
                "C0:1D:5E:77:10:98:3B:AA:0F:61:24:DE:9C:38:7B:E5:40:12:5A:FF:03:9D:6C:81:27:44:B0:3E:D1:06:8A:2B");
    }

    static CertificateInfo cert(String subject, List<String> sans, String fp) {
        return new CertificateInfo(subject, "CN=Misdirect Lab CA", "1a2b3c", sans, List.of(),
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-11-01T00:00:00Z"), "EC", 256,
                "SHA256withECDSA", fp, "q83uWIIF0vB+8h0oN7b4Vsb7y2Q8f1Zb2W2cz+Y0f1Q=", false, false,
                "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUGm8ExampleOnlyNotARealCert==\n-----END CERTIFICATE-----\n");
    }

    static Handshake handshake(String key, String ip, String sni, CertificateInfo leaf, boolean clientCert) {
        return new Handshake(key, new Endpoint(ip, 8443), Optional.of(sni), HandshakeStatus.OK, "handshake ok",
                Optional.of("TLSv1.3"), Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"), List.of(leaf),
                TrustVerdict.TRUSTED, "chain verifies to CN=Misdirect Lab CA (lab trust store)", List.of(), clientCert,
                List.of(), Optional.empty(), new PhaseTimings(40, 310, 4_800));
    }

    public static Session realistic() {
        Authority a = Authority.of("a.tenants.lab.test", 8443).withResolve(List.of("127.0.0.1"));
        Authority b = Authority.of("b.tenants.lab.test", 8443).withResolve(List.of("127.0.0.1"));
        Authority c = Authority.of("control.lab.test", 8443).withResolve(List.of("127.0.0.12"));
        AuthoritySet set = new AuthoritySet(List.of(a, b, c),
                List.of(new LineProblem(4, "tenant c.lab.test:99999", "port 99999 is out of range (1..65535)")),
                List.of());
        List<ProbeResult> probes = List.of(
                new ProbeResult(a, List.of("127.0.0.1"), "lab name map", Optional.empty(), 40,
                        List.of(handshake(A, "127.0.0.1", "a.tenants.lab.test", wildcard(), false))),
                new ProbeResult(b, List.of("127.0.0.1"), "lab name map", Optional.empty(), 38,
                        List.of(handshake(B, "127.0.0.1", "b.tenants.lab.test", wildcard(), false))),
                new ProbeResult(c, List.of("127.0.0.12"), "lab name map", Optional.empty(), 35,
                        List.of(handshake(C, "127.0.0.12", "control.lab.test", control(), false))));
        List<Finding> findings = List.of(
                new Finding(FindingCause.COALESCING_PRECONDITION, Severity.WARNING,
                        "a.tenants.lab.test and b.tenants.lab.test share 127.0.0.1:8443 and one certificate",
                        "Both names resolve to 127.0.0.1 and are served CN=*.tenants.lab.test, whose SAN "
                                + "*.tenants.lab.test covers both.",
                        "An HTTP/2 client with a connection to one name may reuse it for the other (RFC 9113 §9.1.1).",
                        "Give each tenant its own certificate or IP, or make the origin answer for every name the "
                                + "certificate covers.",
                        List.of(A, B)),
                new Finding(FindingCause.COALESCING_PREDICTED, Severity.WARNING,
                        "Chromium, Firefox and OkHttp would send b.tenants.lab.test on a.tenants.lab.test's connection",
                        "3 of 9 client policies share the connection; the tenant router routes by SNI.",
                        "Coalescing needs only an address match and a certificate that covers the name.",
                        "Serve an ORIGIN frame listing only the connection's own tenant, or split the certificate.",
                        List.of(A, B)),
                new Finding(FindingCause.OTHER, Severity.INFO, "control.lab.test stands alone",
                        "control.lab.test resolves to 127.0.0.12, shared with no other authority.",
                        "Without a shared address no client coalesces.", "Nothing to do.", List.of(C)));
        List<CoalescingPrediction> predictions = List.of(
                prediction("chromium-h2", "Chromium (HTTP/2)", true, "restarts once with IP pooling disabled"),
                prediction("firefox", "Firefox", true, "clears the mapping and retries once on a fresh connection"),
                prediction("okhttp", "OkHttp 5", true, "retries silently on a non-coalesced connection"),
                prediction("curl", "curl", false, "returns the 421, no retry"),
                prediction("go", "Go net/http", false, "returns the 421"),
                prediction("ip-keyed", "IP-keyed proxy pool", true, "—"));
        Session s = Session.of("Tenant router answers 421 to coalesced requests", set, T0)
                .withLabScenario(Optional.of("tenants-wildcard"))
                .withProbes(probes, findings)
                .withPredictions(predictions)
                .withReplay(replay("GET https://a.tenants.lab.test:8443/\nGET https://b.tenants.lab.test:8443/\n"
                        + "GET https://a.tenants.lab.test:8443/", "/"))
                .withNotes("Seen first by the support team on tenant B's dashboard: intermittent 421 after visiting "
                        + "tenant A.\nReproduced in the lab with the coalescing policy.");
        return s;
    }

    static CoalescingPrediction prediction(String id, String client, boolean shares, String on421) {
        PairDecision ab = new PairDecision(A, B, shares,
                shares ? "shared: same IP and port 127.0.0.1:8443, certificate covers b.tenants.lab.test"
                        : "refused: pool key is host:port",
                shares ? MisdirectRisk.LIKELY : MisdirectRisk.NONE,
                shares ? "the tenant router routes by SNI and refuses other tenants' Host with 421" : "");
        PairDecision ac = new PairDecision(A, C, false, "refused: different address", MisdirectRisk.NONE, "");
        return new CoalescingPrediction(id, client, shares ? List.of(List.of(A, B)) : List.of(), List.of(ab, ac), on421);
    }

    public static CoverageMatrix coverage() {
        CertificateInfo w = wildcard();
        CertificateInfo c = control();
        List<CoverageCell> cells = new ArrayList<>();
        cells.add(new CoverageCell(A, w.sha256Fingerprint(), true, Optional.of("*.tenants.lab.test"),
                "matched by wildcard *.tenants.lab.test", true));
        cells.add(new CoverageCell(A, c.sha256Fingerprint(), false, Optional.empty(),
                "no subjectAltName covers a.tenants.lab.test", false));
        cells.add(new CoverageCell(B, w.sha256Fingerprint(), true, Optional.of("*.tenants.lab.test"),
                "matched by wildcard *.tenants.lab.test", true));
        cells.add(new CoverageCell(B, c.sha256Fingerprint(), false, Optional.empty(),
                "no subjectAltName covers b.tenants.lab.test", false));
        cells.add(new CoverageCell(C, w.sha256Fingerprint(), false, Optional.empty(),
                "wildcard *.tenants.lab.test does not cover control.lab.test: different parent domain", false));
        cells.add(new CoverageCell(C, c.sha256Fingerprint(), true, Optional.of("control.lab.test"),
                "matched by control.lab.test", true));
        return new CoverageMatrix(List.of(A, B, C), List.of(w, c), cells);
    }

    public static List<OverlapGroup> overlaps() {
        return List.of(new OverlapGroup(new Endpoint("127.0.0.1", 8443), List.of(A, B)));
    }

    public static ScenarioDiagram diagram() {
        return new ScenarioDiagram("tenants-wildcard: two tenants behind one router with a shared wildcard certificate",
                List.of(new ScenarioDiagram.Box("client", "client (coalescing)", List.of("OkHttp rules"), 0),
                        new ScenarioDiagram.Box("router", "tenant router", List.of("127.0.0.1:8443",
                                "cert *.tenants.lab.test", "routes by SNI, 421 otherwise"), 1),
                        new ScenarioDiagram.Box("ta", "tenant A", List.of("a.tenants.lab.test"), 2),
                        new ScenarioDiagram.Box("tb", "tenant B", List.of("b.tenants.lab.test"), 2)),
                List.of(new ScenarioDiagram.Arrow("client", "router", "SNI a.tenants, :authority b.tenants", true),
                        new ScenarioDiagram.Arrow("router", "ta", "SNI a.tenants", false),
                        new ScenarioDiagram.Arrow("router", "tb", "SNI b.tenants", false)));
    }

    /** The replay: GET a (200) on #1, GET b coalesced on #1 (421, hidden), retried on #2 (200), GET a on #1 (200). */
    static ReplayRun replay(String plan, String path) {
        List<TimelineEvent> ev = new ArrayList<>();
        Optional<String> sniA = Optional.of("a.tenants.lab.test");
        Optional<String> sniB = Optional.of("b.tenants.lab.test");
        ev.add(new ConnectionOpened(6_200, 1, "127.0.0.1", 8443, 51_514, sniA, "h2", Optional.of("TLSv1.3"),
                Optional.of("CN=*.tenants.lab.test (SAN *.tenants.lab.test)"), 300, 900, 6_200));
        ev.add(new ConnectionAcquired(6_250, 1, 1, "a.tenants.lab.test:8443", false, "new connection"));
        ev.add(new RequestSent(6_300, 1, 1, 0, 1, "GET", "a.tenants.lab.test:8443", path));
        ev.add(new ServerObserved(8_100, 1, new ServerView("tenant router 127.0.0.1:8443", 51_514, sniA, "h2",
                "a.tenants.lab.test:8443", path, 200, "SNI and :authority name the same tenant")));
        ev.add(new ResponseReceived(8_900, 1, 1, 200, "h2"));
        ev.add(new ConnectionAcquired(9_400, 2, 1, "b.tenants.lab.test:8443", true,
                "coalesced: IP pool match 127.0.0.1:8443, certificate covers b.tenants.lab.test"));
        ev.add(new RequestSent(9_450, 2, 1, 1, 1, "GET", "b.tenants.lab.test:8443", path));
        ev.add(new ServerObserved(10_300, 2, new ServerView("tenant router 127.0.0.1:8443", 51_514, sniA, "h2",
                "b.tenants.lab.test:8443", path, 421, "SNI a.tenants.lab.test selects tenant A; :authority names tenant B")));
        ev.add(new ResponseReceived(10_900, 2, 1, 421, "h2"));
        ev.add(new Misdirected(10_900, 2, 1, "b.tenants.lab.test:8443", sniA, true));
        ev.add(new RetryScheduled(11_000, 2, 3, "421 on a coalesced connection: retry without coalescing"));
        ev.add(new ConnectionOpened(16_700, 2, "127.0.0.1", 8443, 51_516, sniB, "h2", Optional.of("TLSv1.3"),
                Optional.of("CN=*.tenants.lab.test (SAN *.tenants.lab.test)"), 11_100, 11_600, 16_700));
        ev.add(new ConnectionAcquired(16_750, 3, 2, "b.tenants.lab.test:8443", false, "new connection (coalescing off)"));
        ev.add(new RequestSent(16_800, 3, 2, 1, 2, "GET", "b.tenants.lab.test:8443", path));
        ev.add(new ServerObserved(18_400, 3, new ServerView("tenant router 127.0.0.1:8443", 51_516, sniB, "h2",
                "b.tenants.lab.test:8443", path, 200, "SNI and :authority name the same tenant")));
        ev.add(new ResponseReceived(19_100, 3, 2, 200, "h2"));
        ev.add(new ConnectionAcquired(19_600, 4, 1, "a.tenants.lab.test:8443", false, "reused: same authority"));
        ev.add(new RequestSent(19_650, 4, 1, 2, 1, "GET", "a.tenants.lab.test:8443", path));
        ev.add(new ServerObserved(20_700, 4, new ServerView("tenant router 127.0.0.1:8443", 51_514, sniA, "h2",
                "a.tenants.lab.test:8443", path, 200, "SNI and :authority name the same tenant")));
        ev.add(new ResponseReceived(21_300, 4, 1, 200, "h2"));
        ev.add(new TimelineEvent.ConnectionClosed(22_000, 1, "run finished"));
        ev.add(new TimelineEvent.ConnectionClosed(22_000, 2, "run finished"));
        List<StepOutcome> steps = List.of(
                new StepOutcome(0, "GET", "https://a.tenants.lab.test:8443" + path, A, 200,
                        List.of(new AttemptRecord(1, 1, sniA, A, 200, false, Optional.empty())), Optional.empty()),
                new StepOutcome(1, "GET", "https://b.tenants.lab.test:8443" + path, B, 200,
                        List.of(new AttemptRecord(2, 1, sniA, B, 421, true, Optional.empty()),
                                new AttemptRecord(3, 2, sniB, B, 200, false, Optional.empty())), Optional.empty()),
                new StepOutcome(2, "GET", "https://a.tenants.lab.test:8443" + path, A, 200,
                        List.of(new AttemptRecord(4, 1, sniA, A, 200, false, Optional.empty())), Optional.empty()));
        List<Finding> findings = List.of(
                new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM,
                        "b.tenants.lab.test answered 421 on a.tenants.lab.test's connection",
                        "Exchange #2 (GET b.tenants.lab.test:8443) travelled on connection #1, whose SNI is "
                                + "a.tenants.lab.test; the tenant router answered 421 Misdirected Request.",
                        "The client coalesced: same IP 127.0.0.1:8443 and the wildcard certificate covers both names "
                                + "(RFC 9113 §9.1.1). The router selects the tenant by SNI and refuses other Hosts "
                                + "(RFC 9110 §15.5.20).",
                        "Issue one certificate per tenant, serve an ORIGIN frame (RFC 8336) naming only the tenant, "
                                + "or make the router answer by :authority.",
                        List.of(A, B)),
                new Finding(FindingCause.HIDDEN_RETRY, Severity.WARNING,
                        "The client hid the 421 behind a retry for b.tenants.lab.test",
                        "Exchange #2's 421 was retried as exchange #3 on a new connection #2; the caller saw 200.",
                        "OkHttp retries a 421 on a coalesced connection without telling the caller; only its "
                                + "EventListener shows it.",
                        "Look at server logs for 421s the clients never reported; the fix is the same as for the 421.",
                        List.of(B)));
        return new ReplayRun(plan, ConnectionPolicy.COALESCING, true, false, Optional.of("tenants-wildcard"), false,
                T0.plusSeconds(60), steps, ev, findings);
    }

    /** {@link #realistic()} with every {@link #PLANTED} secret hidden somewhere a string can carry it. */
    public static Session withSecrets() {
        Session s = realistic();
        ReplayRun secretRun = replay("GET https://a.tenants.lab.test:8443/api?token=PLANTEDtoken0x1&page=2\n"
                        + "  header Authorization: Bearer PLANTEDbearer7f3a9\n"
                        + "  header Cookie: sid=PLANTEDcookie55; theme=dark\n"
                        + "GET https://b.tenants.lab.test:8443/dl?X-Amz-Signature=PLANTEDsig42&api_key=PLANTEDapikey\n"
                        + "  header Proxy-Authorization: Basic PLANTEDproxyauth\n",
                "/api?access_token=PLANTEDaccess8&page=2");
        return s.withReplay(secretRun)
                .withNotes(s.notes() + "\nThe server replied Set-Cookie: session=PLANTEDsetcookie; HttpOnly\n"
                        + "Login with https://admin:PLANTEDuserpass@a.tenants.lab.test:8443/ and password=PLANTEDpw99");
    }
}
