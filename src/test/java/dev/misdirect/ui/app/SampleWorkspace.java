package dev.misdirect.ui.app;

import dev.misdirect.core.model.ConnectionPolicy;
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
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.timeline.TimelineEvent.ConnectionAcquired;
import dev.misdirect.core.timeline.TimelineEvent.ConnectionOpened;
import dev.misdirect.core.timeline.TimelineEvent.DnsResolved;
import dev.misdirect.core.timeline.TimelineEvent.Misdirected;
import dev.misdirect.core.timeline.TimelineEvent.RequestSent;
import dev.misdirect.core.timeline.TimelineEvent.ResponseReceived;
import dev.misdirect.core.timeline.TimelineEvent.RetryScheduled;
import dev.misdirect.core.timeline.TimelineEvent.ServerObserved;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-made sample data set, shown (always with {@link #NOTICE}) when no engine service is available to produce
 * real data: a wildcard certificate shared by tenants behind one address (with a 421 on the coalesced connection
 * and the client's hidden retry), an ingress whose second node lacks one name, and a healthy control. Every value
 * here is invented for illustration; the coverage cells are computed with the real {@link HostnameMatcher}.
 */
public final class SampleWorkspace {
    /** The notice the window shows while this data is on screen. */
    public static final String NOTICE = "Sample data — illustrative values, not from a real probe or replay.";
    public static final String TITLE = "Sample: tenants behind one wildcard certificate";

    public static final String A = "a.tenants.lab.test:443";
    public static final String B = "b.tenants.lab.test:443";
    public static final String C = "c.tenants.lab.test:443";
    public static final String SHOP = "shop.ingress.lab.test:443";
    public static final String CONTROL = "control.lab.test:443";

    private static final Instant NOT_BEFORE = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-02-01T00:00:00Z");

    private SampleWorkspace() {
    }

    public static AuthoritySet authoritySet() {
        return AuthorityParser.parse("""
                a.tenants.lab.test resolve=127.0.0.11 tag=tenant
                b.tenants.lab.test resolve=127.0.0.11 tag=tenant
                c.tenants.lab.test resolve=127.0.0.11 tag=tenant
                shop.ingress.lab.test resolve=127.0.0.21,127.0.0.22 tag=ingress
                control.lab.test resolve=127.0.0.31 tag=control
                legacy.tenants.lab.test resolve=127.0.0.300 tag=tenant
                """);
    }

    static CertificateInfo cert(String cn, List<String> sans) {
        String fp = fingerprint(cn + sans);
        return new CertificateInfo("CN=" + cn + ",O=Misdirect sample", "CN=Sample Lab CA,O=Misdirect sample",
                fp.replace(":", "").substring(0, 16).toLowerCase(), sans, List.of(), NOT_BEFORE, NOT_AFTER, "EC", 256,
                "SHA256withECDSA", fp, "sample-spki-" + cn, false, false,
                "-----BEGIN CERTIFICATE-----\n(sample data: " + cn + " — no real certificate)\n-----END CERTIFICATE-----\n");
    }

    public static final CertificateInfo WILDCARD = cert("*.tenants.lab.test", List.of("*.tenants.lab.test"));
    public static final CertificateInfo INGRESS_OLD = cert("ingress.lab.test", List.of("ingress.lab.test", "api.ingress.lab.test"));
    public static final CertificateInfo INGRESS_NEW = cert("shop.ingress.lab.test", List.of("shop.ingress.lab.test", "ingress.lab.test"));
    public static final CertificateInfo CONTROL_CERT = cert("control.lab.test", List.of("control.lab.test"));

    public static Inspection inspection() {
        AuthoritySet set = authoritySet();
        List<ProbeResult> results = new ArrayList<>();
        for (Authority a : set.authorities()) {
            List<Handshake> hs = new ArrayList<>();
            for (String ip : a.resolve()) {
                CertificateInfo leaf = switch (a.key()) {
                    case SHOP -> ip.endsWith(".22") ? INGRESS_OLD : INGRESS_NEW;
                    case CONTROL -> CONTROL_CERT;
                    default -> WILDCARD;
                };
                NameMatch m = HostnameMatcher.match(a.host(), leaf);
                boolean clientCert = a.key().equals(B);
                hs.add(new Handshake(a.key(), new Endpoint(ip, 443), a.effectiveSni(), HandshakeStatus.OK, "handshake ok",
                        Optional.of("TLSv1.3"), Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"), List.of(leaf),
                        m.covered() ? TrustVerdict.TRUSTED : TrustVerdict.NAME_MISMATCH,
                        m.covered() ? "chains to Sample Lab CA; " + m.reason() : m.reason(), List.of(), clientCert,
                        clientCert ? List.of("CN=Tenant B clients") : List.of(), Optional.of(true),
                        new PhaseTimings(0, 180 + ip.hashCode() % 40, 2400 + a.host().length() * 37)));
            }
            results.add(new ProbeResult(a, a.resolve(), "resolve override", Optional.empty(), 0, hs));
        }
        return new Inspection(results, coverage(set, results), List.of(
                new OverlapGroup(new Endpoint("127.0.0.11", 443), List.of(A, B, C))), findings());
    }

    static CoverageMatrix coverage(AuthoritySet set, List<ProbeResult> results) {
        Map<String, CertificateInfo> certs = new LinkedHashMap<>();
        results.forEach(r -> r.handshakes().forEach(h -> h.leaf().ifPresent(c -> certs.putIfAbsent(c.sha256Fingerprint(), c))));
        List<CoverageCell> cells = new ArrayList<>();
        for (ProbeResult r : results) {
            for (CertificateInfo c : certs.values()) {
                NameMatch m = HostnameMatcher.match(r.authority().host(), c);
                boolean served = r.handshakes().stream().anyMatch(h -> h.leaf().map(l -> l.equals(c)).orElse(false));
                cells.add(new CoverageCell(r.authority().key(), c.sha256Fingerprint(), m.covered(), m.matchedSan(), m.reason(), served));
            }
        }
        return new CoverageMatrix(set.authorities().stream().map(Authority::key).toList(), List.copyOf(certs.values()), cells);
    }

    public static List<Finding> findings() {
        return List.of(
                new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM,
                        "421 for b.tenants.lab.test on the connection opened for a.tenants.lab.test",
                        "Exchange #2 (GET https://b.tenants.lab.test/) travelled on connection #1, whose SNI is "
                                + "a.tenants.lab.test (127.0.0.11:443). The tenant router answered 421.",
                        "The client coalesced: b resolves to the same address and the wildcard certificate served for a "
                                + "also covers b (RFC 9113 §9.1.1). The origin routes by SNI and refuses another tenant's "
                                + "authority on that connection (RFC 9110 §15.5.20).",
                        "Serve each tenant from its own address or certificate, or let the router answer any tenant on "
                                + "any connection; clients then stop sharing (or sharing stops mattering).",
                        List.of(B, A)),
                new Finding(FindingCause.HIDDEN_RETRY, Severity.WARNING,
                        "The client hid the 421 for b.tenants.lab.test by retrying",
                        "Exchange #2 got 421 and was retried as exchange #3 on a new connection #2 (SNI b.tenants.lab.test).",
                        "Browsers and OkHttp retry once without coalescing after a 421, so the caller sees only the retry's "
                                + "200. The extra round trip and handshake cost latency on every first request to b.",
                        "Stop the sharing at its cause (see the 421 finding); until then expect one extra connection per tenant.",
                        List.of(B)),
                new Finding(FindingCause.NAME_NOT_COVERED, Severity.PROBLEM,
                        "shop.ingress.lab.test is not covered by the certificate of 127.0.0.22",
                        "127.0.0.22 serves CN=ingress.lab.test with SANs ingress.lab.test, api.ingress.lab.test; "
                                + "127.0.0.21 serves a certificate that covers shop.ingress.lab.test.",
                        "One ingress node has an older certificate; clients that land on it see a name mismatch, and clients "
                                + "that coalesced onto it may be told 421.",
                        "Deploy the current certificate to every ingress node and check each address, not just the name.",
                        List.of(SHOP)),
                new Finding(FindingCause.COALESCING_PRECONDITION, Severity.INFO,
                        "a, b and c.tenants.lab.test share 127.0.0.11:443 and one wildcard certificate",
                        "All three resolve to 127.0.0.11 and are served *.tenants.lab.test.",
                        "Shared address plus a certificate covering both names is exactly what lets HTTP/2 clients reuse "
                                + "one connection for several authorities.",
                        "Nothing to fix by itself; it matters when the origin treats the tenants differently.",
                        List.of(A, B, C)),
                new Finding(FindingCause.CLIENT_CERT_DIFFERS, Severity.WARNING,
                        "b.tenants.lab.test asks for a client certificate; a and c do not",
                        "Behind 127.0.0.11 only b's handshake carried a CertificateRequest (CN=Tenant B clients).",
                        "nginx and Apache answer 421 when a request for a name with client authentication arrives on a "
                                + "connection negotiated for another name.",
                        "Give b its own address or certificate so clients never coalesce it with the others.",
                        List.of(B)));
    }

    public static List<CoalescingPrediction> predictions() {
        List<PairDecision> sharing = new ArrayList<>();
        for (String[] p : new String[][]{{A, B}, {A, C}, {B, A}, {B, C}, {C, A}, {C, B}}) {
            boolean withB = p[0].equals(B) || p[1].equals(B);
            sharing.add(new PairDecision(p[0], p[1], true,
                    "same peer 127.0.0.11:443 and *.tenants.lab.test covers " + p[1].replace(":443", ""),
                    withB ? MisdirectRisk.LIKELY : MisdirectRisk.POSSIBLE,
                    withB ? "b requires a client certificate: nginx/Apache answer 421 on a shared connection"
                            : "the tenant router selects the tenant by SNI"));
        }
        sharing.add(new PairDecision(A, SHOP, false, "refused: different address (127.0.0.21, 127.0.0.22)", MisdirectRisk.NONE, ""));
        sharing.add(new PairDecision(A, CONTROL, false, "refused: different address (127.0.0.31)", MisdirectRisk.NONE, ""));
        List<PairDecision> none = sharing.stream().map(d -> new PairDecision(d.first(), d.second(), false,
                d.shared() ? "refused: the pool is keyed by host:port" : d.rule(), MisdirectRisk.NONE, "")).toList();
        return List.of(
                new CoalescingPrediction("chromium-h2", "Chromium (HTTP/2)", List.of(List.of(A, B, C)), sharing,
                        "restarts the request once with IP pooling disabled"),
                new CoalescingPrediction("firefox", "Firefox", List.of(List.of(A, B, C)), sharing,
                        "clears the mapping and retries once on a fresh connection"),
                new CoalescingPrediction("okhttp", "OkHttp 5", List.of(List.of(A, B, C)), sharing,
                        "retries once without coalescing (visible only to an EventListener)"),
                new CoalescingPrediction("curl", "curl", List.of(), none, "returns the 421"),
                new CoalescingPrediction("go", "Go net/http", List.of(), none, "returns the 421"));
    }

    /** A replay of GET a, GET b, GET a with the coalescing policy and the 421 retry on. */
    public static ReplayRun replay() {
        List<TimelineEvent> e = new ArrayList<>();
        Optional<String> sniA = Optional.of("a.tenants.lab.test");
        Optional<String> sniB = Optional.of("b.tenants.lab.test");
        e.add(new DnsResolved(0, 40, "a.tenants.lab.test", List.of("127.0.0.11"), "resolve override"));
        e.add(new TimelineEvent.ConnectStarted(60, 1, "127.0.0.11", 443));
        e.add(new ConnectionOpened(3_100, 1, "127.0.0.11", 443, 51012, sniA, "h2", Optional.of("TLSv1.3"),
                Optional.of("CN=*.tenants.lab.test SAN *.tenants.lab.test"), 60, 420, 3_100));
        e.add(new ConnectionAcquired(3_150, 1, 1, "a.tenants.lab.test", false, "new connection"));
        e.add(new RequestSent(3_200, 1, 1, 0, 1, "GET", "a.tenants.lab.test", "/"));
        e.add(new ResponseReceived(6_900, 1, 1, 200, "h2"));
        e.add(new ServerObserved(6_900, 1, new ServerView("tenant-router 127.0.0.11:443", 51012, sniA, "h2",
                "a.tenants.lab.test", "/", 200, "SNI and authority name the same tenant")));
        e.add(new DnsResolved(7_000, 30, "b.tenants.lab.test", List.of("127.0.0.11"), "resolve override"));
        e.add(new ConnectionAcquired(7_100, 2, 1, "b.tenants.lab.test", true,
                "coalesced: IP pool match 127.0.0.11:443, certificate *.tenants.lab.test covers b.tenants.lab.test"));
        e.add(new RequestSent(7_150, 2, 1, 1, 1, "GET", "b.tenants.lab.test", "/"));
        e.add(new ResponseReceived(9_400, 2, 1, 421, "h2"));
        e.add(new Misdirected(9_400, 2, 1, "b.tenants.lab.test", sniA, true));
        e.add(new ServerObserved(9_400, 2, new ServerView("tenant-router 127.0.0.11:443", 51012, sniA, "h2",
                "b.tenants.lab.test", "/", 421, "SNI a.tenants.lab.test selected tenant a; authority b.tenants.lab.test "
                + "belongs to tenant b (client certificate required): cross-tenant request refused")));
        e.add(new RetryScheduled(9_450, 2, 3, "421 on a coalesced connection: retry without coalescing"));
        e.add(new TimelineEvent.ConnectStarted(9_500, 2, "127.0.0.11", 443));
        e.add(new ConnectionOpened(12_800, 2, "127.0.0.11", 443, 51013, sniB, "h2", Optional.of("TLSv1.3"),
                Optional.of("CN=*.tenants.lab.test SAN *.tenants.lab.test"), 9_500, 9_800, 12_800));
        e.add(new ConnectionAcquired(12_850, 3, 2, "b.tenants.lab.test", false, "new connection (coalescing disabled for the retry)"));
        e.add(new RequestSent(12_900, 3, 2, 1, 2, "GET", "b.tenants.lab.test", "/"));
        e.add(new ResponseReceived(16_100, 3, 2, 200, "h2"));
        e.add(new ServerObserved(16_100, 3, new ServerView("tenant-router 127.0.0.11:443", 51013, sniB, "h2",
                "b.tenants.lab.test", "/", 200, "SNI and authority name the same tenant")));
        e.add(new ConnectionAcquired(16_300, 4, 1, "a.tenants.lab.test", false, "reused: same authority"));
        e.add(new RequestSent(16_350, 4, 1, 2, 1, "GET", "a.tenants.lab.test", "/"));
        e.add(new ResponseReceived(18_200, 4, 1, 200, "h2"));
        e.add(new ServerObserved(18_200, 4, new ServerView("tenant-router 127.0.0.11:443", 51012, sniA, "h2",
                "a.tenants.lab.test", "/", 200, "SNI and authority name the same tenant")));
        e.add(new TimelineEvent.ConnectionClosed(20_000, 1, "run finished"));
        e.add(new TimelineEvent.ConnectionClosed(20_000, 2, "run finished"));
        return new ReplayRun("GET https://a.tenants.lab.test/\nGET https://b.tenants.lab.test/\nGET https://a.tenants.lab.test/",
                ConnectionPolicy.COALESCING, true, false, Optional.empty(), false, Instant.parse("2026-11-27T10:00:00Z"), List.of(), e,
                List.of());
    }

    /**
     * A replay of GET a, GET b through an SNI-routing passthrough proxy, coalescing: b's request rides a's connection,
     * reaches a's backend and is answered 404 (misrouted, no 421, no retry).
     */
    public static ReplayRun misroutedReplay() {
        List<TimelineEvent> e = new ArrayList<>();
        Optional<String> sniA = Optional.of("a.passthrough.lab.test");
        e.add(new TimelineEvent.ConnectStarted(60, 1, "127.0.0.1", 443));
        e.add(new ConnectionOpened(3_100, 1, "127.0.0.1", 443, 52012, sniA, "h2", Optional.of("TLSv1.3"),
                Optional.of("CN=shared SAN a.passthrough.lab.test, b.passthrough.lab.test"), 60, 420, 3_100));
        e.add(new ConnectionAcquired(3_150, 1, 1, "a.passthrough.lab.test", false, "new connection"));
        e.add(new RequestSent(3_200, 1, 1, 0, 1, "GET", "a.passthrough.lab.test", "/"));
        e.add(new ResponseReceived(6_900, 1, 1, 200, "h2"));
        e.add(new ServerObserved(6_900, 1, new ServerView("backend-a 127.0.0.1:443", 52012, sniA, "h2",
                "a.passthrough.lab.test", "/", 200, "vhost a answered Host a", false)));
        e.add(new ConnectionAcquired(7_100, 2, 1, "b.passthrough.lab.test", true,
                "coalesced: IP pool match 127.0.0.1:443, certificate covers b.passthrough.lab.test"));
        e.add(new RequestSent(7_150, 2, 1, 1, 1, "GET", "b.passthrough.lab.test", "/"));
        e.add(new ResponseReceived(9_400, 2, 1, 404, "h2"));
        e.add(new ServerObserved(9_400, 2, new ServerView("backend-a 127.0.0.1:443", 52012, sniA, "h2",
                "b.passthrough.lab.test", "/", 404, "backend-a has no route for Host b.passthrough.lab.test", true)));
        e.add(new TimelineEvent.ConnectionClosed(10_000, 1, "run finished"));
        return new ReplayRun("GET https://a.passthrough.lab.test/\nGET https://b.passthrough.lab.test/",
                ConnectionPolicy.COALESCING, true, false, Optional.of("sni-passthrough"), false,
                Instant.parse("2026-11-27T10:00:00Z"), List.of(), e, List.of());
    }

    private static String fingerprint(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
