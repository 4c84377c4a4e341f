package dev.misdirect.core.probe;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.TlsSettings;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.net.HttpConnectTunnel;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns probe results into the side-by-side view: the SAN coverage matrix, the address-overlap groups and
 * findings with details, cause and fix. Pure: no I/O, thread-safe, never throws for any probe outcome.
 */
public final class Analysis {
    private Analysis() {
    }

    /** The coverage matrix, overlap groups and findings of these results (findings most severe first). */
    public static Inspection analyse(List<ProbeResult> results) {
        CoverageMatrix matrix = coverage(results);
        List<OverlapGroup> overlaps = overlaps(results);
        List<Finding> findings = new ArrayList<>();
        for (ProbeResult r : results) {
            dnsFinding(r).ifPresent(findings::add);
            for (Handshake h : r.handshakes()) {
                failureFinding(r, h).ifPresent(findings::add);
                nameFinding(r, h).ifPresent(findings::add);
            }
            driftFinding(r).ifPresent(findings::add);
        }
        findings.addAll(trustFindings(results));
        Map<String, ProbeResult> byKey = new LinkedHashMap<>();
        results.forEach(r -> byKey.putIfAbsent(r.authority().key(), r));
        for (OverlapGroup g : overlaps) {
            findings.addAll(coalescingFindings(g, byKey));
            clientCertFinding(g, byKey).ifPresent(findings::add);
            findings.addAll(settingsFindings(g, byKey));
        }
        findings.sort(Comparator.comparing((Finding f) -> f.severity()).reversed());
        return new Inspection(results, matrix, overlaps, findings);
    }

    /** Rows = authorities, columns = distinct leaf certificates served (by fingerprint, in the order first served). */
    public static CoverageMatrix coverage(List<ProbeResult> results) {
        Map<String, CertificateInfo> leaves = new LinkedHashMap<>();
        for (ProbeResult r : results) {
            for (Handshake h : r.handshakes()) {
                h.leaf().ifPresent(l -> leaves.putIfAbsent(l.sha256Fingerprint(), l));
            }
        }
        List<String> keys = new ArrayList<>();
        List<CoverageCell> cells = new ArrayList<>();
        for (ProbeResult r : results) {
            String key = r.authority().key();
            if (keys.contains(key)) {
                continue;
            }
            keys.add(key);
            Set<String> served = r.handshakes().stream().flatMap(h -> h.leaf().stream())
                    .map(CertificateInfo::sha256Fingerprint).collect(Collectors.toSet());
            for (CertificateInfo cert : leaves.values()) {
                NameMatch m = HostnameMatcher.match(r.authority().host(), cert);
                cells.add(new CoverageCell(key, cert.sha256Fingerprint(), m.covered(), m.matchedSan(), m.reason(),
                        served.contains(cert.sha256Fingerprint())));
            }
        }
        return new CoverageMatrix(keys, List.copyOf(leaves.values()), cells);
    }

    /** Authorities that resolved to the same address and port (two or more each), in the order first seen. */
    public static List<OverlapGroup> overlaps(List<ProbeResult> results) {
        Map<Endpoint, Set<String>> byEndpoint = new LinkedHashMap<>();
        for (ProbeResult r : results) {
            for (String address : r.addresses()) {
                byEndpoint.computeIfAbsent(new Endpoint(address, r.authority().port()), e -> new LinkedHashSet<>())
                        .add(r.authority().key());
            }
        }
        return byEndpoint.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> new OverlapGroup(e.getKey(), List.copyOf(e.getValue())))
                .toList();
    }

    private static Optional<Finding> dnsFinding(ProbeResult r) {
        if (r.dnsError().isEmpty() || r.dnsError().get().startsWith(Prober.CANCELLED_PREFIX)) {
            return Optional.empty();
        }
        String key = r.authority().key();
        return Optional.of(new Finding(FindingCause.DNS_FAILURE, Severity.PROBLEM,
                r.authority().displayName() + " does not resolve",
                r.dnsError().get() + " (" + r.addressSource() + ")",
                "Without an address no client can connect, so nothing about TLS or coalescing can be learned for this name.",
                "Check the name's A/AAAA records, or probe a known address with resolve=ADDR on the line "
                        + "(or --resolve " + r.authority().host() + ":" + r.authority().port() + ":ADDR).",
                List.of(key)));
    }

    private static Optional<Finding> failureFinding(ProbeResult r, Handshake h) {
        if (h.status() == HandshakeStatus.OK || h.status() == HandshakeStatus.CANCELLED) {
            return Optional.empty();
        }
        boolean tcp = h.status() == HandshakeStatus.REFUSED || h.status() == HandshakeStatus.CONNECT_TIMEOUT
                || h.status() == HandshakeStatus.ERROR;
        String name = r.authority().displayName();
        String sni = h.sniSent().map(s -> "SNI " + s).orElse("no SNI");
        if (tcp && HttpConnectTunnel.namesTheProxy(h.message())) {
            return Optional.of(new Finding(FindingCause.CONNECT_FAILURE, Severity.PROBLEM,
                    name + ": the proxy opened no tunnel to " + h.endpoint(),
                    h.message(),
                    "Every connection goes through the forward proxy; it could not be reached, or it refused or failed "
                            + "to open this tunnel, so nothing of the server behind it was measured.",
                    "Check the proxy's address, the credentials it asks for and the ports it allows CONNECT to (tinyproxy "
                            + "ConnectPort, Squid's SSL_ports); for a name the proxy cannot resolve, pin its address with "
                            + "resolve=ADDR.",
                    List.of(r.authority().key())));
        }
        if (tcp) {
            return Optional.of(new Finding(FindingCause.CONNECT_FAILURE, Severity.PROBLEM,
                    name + ": cannot connect to " + h.endpoint(),
                    h.message(),
                    "The TCP connection did not open, so clients that pick this address fail before TLS. When a name has "
                            + "several addresses, clients that land on this one see errors the others do not.",
                    "Check that the server listens on " + h.endpoint() + " and that no firewall drops the connection; "
                            + "remove the address from DNS if the node is gone.",
                    List.of(r.authority().key())));
        }
        if (h.message().startsWith(Prober.CLIENT_LIMIT)) {
            return Optional.of(new Finding(FindingCause.TLS_FAILURE, Severity.WARNING,
                    name + ": the server's handshake is larger than Misdirect accepts, on " + h.endpoint(),
                    h.message() + " (" + sni + ")",
                    "The handshake failed on a limit of this client's TLS implementation ("
                            + h.tlsStack().orElse("the JDK's TLS") + "), not on the server: a certificate with thousands "
                            + "of names or a very long chain makes handshake messages larger than it reads.",
                    "Probe again with --tls-provider jdk and java -Djdk.tls.maxHandshakeMessageSize=1048576 "
                            + "-Djdk.tls.maxCertificateChainLength=200 -jar misdirect.jar ..., or check with another "
                            + "client; shorten the chain or split the certificate if real clients fail too.",
                    List.of(r.authority().key())));
        }
        if (h.message().startsWith(Prober.NOT_TLS)) {
            return Optional.of(new Finding(FindingCause.TLS_FAILURE, Severity.PROBLEM,
                    name + ": " + h.endpoint() + " does not speak TLS",
                    h.message() + " (" + sni + ")",
                    "The server answered the TLS ClientHello with something else, usually plain HTTP: this port serves "
                            + "no TLS at all, whatever the SNI.",
                    "Use the port that serves HTTPS (443 by default), or turn TLS on for " + h.endpoint() + ".",
                    List.of(r.authority().key())));
        }
        return Optional.of(new Finding(FindingCause.TLS_FAILURE, Severity.PROBLEM,
                name + ": TLS handshake failed on " + h.endpoint(),
                h.message() + " (" + sni + ")"
                        + (h.clientCertRequested() ? "; the server asked for a client certificate" : "")
                        + h.tlsStack().map(stack -> "; handshake made by " + stack).orElse(""),
                "The server accepted the TCP connection but did not complete TLS for this SNI. Servers refuse an unknown "
                        + "SNI, a required client certificate that was not sent, or protocols and ciphers they do not share.",
                h.clientCertRequested()
                        ? "Probe again with the client certificate (--cert/--key or --pkcs12), or stop requiring one on this name."
                        : "Check the server's SNI map and TLS settings for " + h.sniSent().orElse("requests without SNI")
                                + " on " + h.endpoint() + ".",
                List.of(r.authority().key())));
    }

    private static Optional<Finding> nameFinding(ProbeResult r, Handshake h) {
        Optional<CertificateInfo> leaf = h.leaf();
        if (leaf.isEmpty()) {
            return Optional.empty();
        }
        NameMatch m = HostnameMatcher.match(r.authority().host(), leaf.get());
        if (m.covered()) {
            return Optional.empty();
        }
        String host = r.authority().unicodeHost();
        String sni = h.sniSent().map(s -> "SNI " + s).orElse("no SNI");
        return Optional.of(new Finding(FindingCause.NAME_NOT_COVERED, Severity.PROBLEM,
                "address " + h.endpoint().address() + " serves a certificate that does not cover " + host,
                "With " + sni + ", " + h.endpoint() + " presented " + leaf.get().subject() + " (" + sans(leaf.get())
                        + "): " + m.reason() + ".",
                "Clients check the certificate against the host they asked for, using only its subjectAltName entries "
                        + "(RFC 9110 §4.3.4, RFC 9525). This address answers for another name: a missing SAN, an SNI "
                        + "map that sends this name to the wrong vhost, or an ingress node with an outdated certificate.",
                "Add " + r.authority().host() + " to the certificate's subjectAltName, or route " + sni + " on "
                        + h.endpoint() + " to the vhost whose certificate covers it.",
                List.of(r.authority().key())));
    }

    /** One finding per served certificate with a trust or validity problem, naming every authority it was served to. */
    private static List<Finding> trustFindings(List<ProbeResult> results) {
        Map<String, List<Handshake>> byProblem = new LinkedHashMap<>();
        Map<String, Set<String>> keysByProblem = new LinkedHashMap<>();
        Map<String, Set<String>> namesByProblem = new LinkedHashMap<>();
        for (ProbeResult r : results) {
            for (Handshake h : r.handshakes()) {
                TrustVerdict v = h.verdict();
                if (h.leaf().isPresent() && (v == TrustVerdict.UNKNOWN_ISSUER || v == TrustVerdict.SELF_SIGNED
                        || v == TrustVerdict.EXPIRED || v == TrustVerdict.NOT_YET_VALID)) {
                    String k = v + " " + h.leaf().get().sha256Fingerprint();
                    byProblem.computeIfAbsent(k, x -> new ArrayList<>()).add(h);
                    keysByProblem.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(r.authority().key());
                    namesByProblem.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(r.authority().displayName());
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (var e : byProblem.entrySet()) {
            List<Handshake> hs = e.getValue();
            Handshake h = hs.get(0);
            String where = hs.stream().map(x -> x.endpoint().toString()).distinct().collect(Collectors.joining(", "));
            String names = String.join(", ", namesByProblem.get(e.getKey()));
            boolean validity = h.verdict() == TrustVerdict.EXPIRED || h.verdict() == TrustVerdict.NOT_YET_VALID;
            out.add(new Finding(validity ? FindingCause.CERT_VALIDITY : FindingCause.CERT_UNTRUSTED,
                    validity ? Severity.PROBLEM : Severity.WARNING,
                    names + ": the certificate " + (h.verdict() == TrustVerdict.EXPIRED ? "has expired"
                            : h.verdict() == TrustVerdict.NOT_YET_VALID ? "is not valid yet"
                            : h.verdict() == TrustVerdict.SELF_SIGNED ? "is self-signed" : "does not chain to a trusted CA"),
                    h.leaf().orElseThrow().shortLabel() + " served on " + where + ": " + h.verdictReason() + ".",
                    validity
                            ? "Clients refuse certificates outside their validity period; the handshake fails for everyone."
                            : "Clients without this CA in their trust store refuse the connection. Browsers and OkHttp also "
                                    + "never coalesce onto a connection whose certificate had an error.",
                    validity ? "Renew the certificate and reload every server that presents it."
                            : "Serve a chain that ends at a public CA (include the intermediates), or, for an internal CA, "
                                    + "pass its certificate with --cacert when probing.",
                    List.copyOf(keysByProblem.get(e.getKey()))));
        }
        return out;
    }

    private static Optional<Finding> driftFinding(ProbeResult r) {
        Map<String, List<Handshake>> byLeaf = new LinkedHashMap<>();
        for (Handshake h : r.handshakes()) {
            h.leaf().ifPresent(l -> byLeaf.computeIfAbsent(l.sha256Fingerprint(), k -> new ArrayList<>()).add(h));
        }
        if (byLeaf.size() < 2) {
            return Optional.empty();
        }
        String details = byLeaf.values().stream()
                .map(hs -> hs.stream().map(h -> h.endpoint().toString()).collect(Collectors.joining(", "))
                        + " → " + hs.get(0).leaf().orElseThrow().shortLabel())
                .collect(Collectors.joining("; "));
        String name = r.authority().displayName();
        return Optional.of(new Finding(FindingCause.INGRESS_DRIFT, Severity.WARNING,
                name + " gets different certificates on different addresses",
                "With the same SNI, the addresses of " + name + " present " + byLeaf.size() + " different certificates: "
                        + details + ".",
                "Each address is a different ingress node or load balancer, and they do not share one certificate or SNI "
                        + "map. Clients that land on one node succeed; on another they fail, or get a 421 when they "
                        + "coalesce with a name that node's certificate covers differently.",
                "Deploy the same certificate and vhost/SNI map on every node behind " + name + ".",
                List.of(r.authority().key())));
    }

    /** Longer lists of names than this are shown as a count with the first and last (the finding's authorities keep all). */
    static final int GROUP_FROM = 3;

    private static List<Finding> coalescingFindings(OverlapGroup g, Map<String, ProbeResult> byKey) {
        Map<String, Handshake> onEndpoint = handshakesOn(g, byKey);
        Map<String, List<String>> sourcesByLeaf = new LinkedHashMap<>();
        Map<String, CertificateInfo> leaves = new LinkedHashMap<>();
        onEndpoint.forEach((key, h) -> h.leaf().ifPresent(l -> {
            sourcesByLeaf.computeIfAbsent(l.sha256Fingerprint(), k -> new ArrayList<>()).add(key);
            leaves.putIfAbsent(l.sha256Fingerprint(), l);
        }));
        List<Finding> out = new ArrayList<>();
        for (var e : sourcesByLeaf.entrySet()) {
            CertificateInfo leaf = leaves.get(e.getKey());
            String source = e.getValue().get(0);
            List<String> covered = new ArrayList<>();
            // names grouped by the SAN that covers them, so 49 names under one wildcard read as one group
            Map<String, List<String>> bySan = new LinkedHashMap<>();
            for (String other : g.authorityKeys()) {
                if (other.equals(source)) {
                    continue;
                }
                NameMatch m = HostnameMatcher.match(byKey.get(other).authority().host(), leaf);
                if (m.covered()) {
                    covered.add(other);
                    bySan.computeIfAbsent(m.matchedSan().orElse(m.reason()), k -> new ArrayList<>())
                            .add(name(byKey, other));
                }
            }
            List<String> reasons = new ArrayList<>();
            bySan.forEach((san, names) -> {
                if (names.size() > GROUP_FROM) {
                    reasons.add(names.size() + " names under " + san + ": " + names.get(0) + " … "
                            + names.get(names.size() - 1));
                } else {
                    names.forEach(n -> reasons.add(n + " (matched by " + san + ")"));
                }
            });
            if (covered.isEmpty()) {
                continue;
            }
            List<String> differing = covered.stream().filter(k -> {
                Handshake h = onEndpoint.get(k);
                return h != null && h.leaf().isPresent() && !h.leaf().get().sha256Fingerprint().equals(e.getKey());
            }).toList();
            String src = name(byKey, source);
            String srcSni = onEndpoint.get(source).sniSent().map(x -> "SNI " + x).orElse("no SNI");
            String others = covered.size() > GROUP_FROM
                    ? covered.size() + " names (" + name(byKey, covered.get(0)) + " … "
                    + name(byKey, covered.get(covered.size() - 1)) + ")"
                    : covered.stream().map(k -> name(byKey, k)).collect(Collectors.joining(", "));
            String coveredHosts = covered.size() > GROUP_FROM ? "them" : covered.stream()
                    .map(k -> byKey.get(k).authority().unicodeHost()).distinct().collect(Collectors.joining(", "));
            String title = covered.size() == 1
                    ? others + " resolves to the same IP as " + src + " and " + src + "'s certificate covers " + coveredHosts
                    : others + " resolve to the same IP as " + src + " and " + src + "'s certificate covers them";
            List<String> keys = new ArrayList<>();
            keys.add(source);
            keys.addAll(covered);
            out.add(new Finding(FindingCause.COALESCING_PRECONDITION, differing.isEmpty() ? Severity.INFO : Severity.WARNING,
                    title + ": HTTP/2 clients may send " + (covered.size() == 1 ? others + "'s" : "their")
                            + " requests on " + src + "'s connection",
                    "All resolve to " + g.endpoint() + ". The certificate served for " + src + " (" + leaf.shortLabel()
                            + ") also covers " + String.join("; ", reasons) + "."
                            + (differing.isEmpty() ? "" : " The server presents a different certificate when asked for "
                            + differing.stream().map(k -> name(byKey, k)).collect(Collectors.joining(", ")) + "."),
                    "RFC 9113 §9.1.1: a client holding a connection for " + src + " may reuse it for any name that resolves "
                            + "to the connection's IP and that its certificate covers. Chromium, Firefox, Safari and OkHttp do; "
                            + "curl, Go, Java, Node's undici, .NET and httpx do not. The server then sees " + srcSni + " with the :authority of another "
                            + "name. Servers that route by SNI or keep TLS settings per vhost (Apache mod_ssl, nginx with "
                            + "client certificates, tenant routers, CDNs) answer 421 Misdirected Request."
                            + (differing.isEmpty() ? " One certificate for all names usually means one vhost answers them all."
                            : " Different certificates behind one IP are the classic Apache 421 (AH02032)."),
                    "If the server cannot answer these names on one connection: give them separate IPs, or certificates "
                            + "that do not cover each other. Otherwise make every vhost on " + g.endpoint()
                            + " share TLS settings. Either way the server must answer 421 (not 400/404) so clients retry on "
                            + "a fresh connection.",
                    keys));
            if (!differing.isEmpty()) {
                List<String> dk = new ArrayList<>();
                dk.add(source);
                dk.addAll(differing);
                String diff = differing.stream().map(k -> name(byKey, k) + " → "
                        + onEndpoint.get(k).leaf().orElseThrow().shortLabel()).collect(Collectors.joining("; "));
                out.add(new Finding(FindingCause.TLS_SETTINGS_DIFFER, Severity.WARNING,
                        "names covered by " + src + "'s certificate get different certificates on " + g.endpoint(),
                        src + " → " + leaf.shortLabel() + "; " + diff + ".",
                        "Apache mod_ssl answers 421 when the SNI's vhost and the Host's vhost differ in certificate or "
                                + "TLS settings; tenant routers that pick the backend by SNI misroute instead.",
                        "Serve one certificate (and one set of TLS settings) for all names on " + g.endpoint()
                                + ", or stop the certificates covering each other's names.",
                        dk));
            }
        }
        return out;
    }

    private static Optional<Finding> clientCertFinding(OverlapGroup g, Map<String, ProbeResult> byKey) {
        Map<String, Handshake> onEndpoint = handshakesOn(g, byKey);
        List<String> asking = new ArrayList<>();
        List<String> notAsking = new ArrayList<>();
        onEndpoint.forEach((k, h) -> {
            if (h.leaf().isPresent()) {
                (h.clientCertRequested() ? asking : notAsking).add(k);
            }
        });
        if (asking.isEmpty() || notAsking.isEmpty()) {
            return Optional.empty();
        }
        String a = asking.stream().map(k -> name(byKey, k)).collect(Collectors.joining(", "));
        String n = notAsking.stream().map(k -> name(byKey, k)).collect(Collectors.joining(", "));
        List<String> keys = new ArrayList<>(asking);
        keys.addAll(notAsking);
        return Optional.of(new Finding(FindingCause.CLIENT_CERT_DIFFERS, Severity.WARNING,
                a + (asking.size() == 1 ? " asks" : " ask") + " for a client certificate and " + n
                        + (notAsking.size() == 1 ? " does" : " do") + " not: a browser reuses a connection to " + n
                        + " for " + a + ", and nginx/Apache answer 421 there",
                "On " + g.endpoint() + ", the handshake for " + a + " carried a CertificateRequest"
                        + issuers(asking, onEndpoint) + "; the handshake for " + n + " did not.",
                "Browsers never pool a connection that sent a client certificate with other names, but a connection "
                        + "on which no certificate was asked for is reused for the client-certificate name (Chromium "
                        + "does when the address and the certificate match): the request arrives without a client "
                        + "certificate, and nginx (ssl_verify_client on that server block) and Apache (per-vhost "
                        + "SSLVerifyClient) answer 421 Misdirected Request; the browser retries on a connection of its own.",
                "Put the client-certificate names on their own IP (or port), or make sure no certificate on this address "
                        + "covers both kinds of names.",
                keys));
    }

    /**
     * Names on one address whose learned TLS settings differ: one finding per set of names that differs from the
     * settings of the group's first name, naming a name of each side, the address and what differs. A difference in
     * the certificate alone is left to the coalescing findings.
     */
    private static List<Finding> settingsFindings(OverlapGroup g, Map<String, ProbeResult> byKey) {
        Map<List<Object>, List<String>> namesBySettings = new LinkedHashMap<>();
        Map<String, Handshake> onEndpoint = handshakesOn(g, byKey);
        onEndpoint.forEach((key, h) -> h.tlsSettings().ifPresent(t -> namesBySettings
                .computeIfAbsent(signature(h, t), x -> new ArrayList<>()).add(key)));
        if (namesBySettings.size() < 2) {
            return List.of();
        }
        List<List<String>> sides = List.copyOf(namesBySettings.values());
        List<String> reference = sides.get(0);
        Handshake ref = onEndpoint.get(reference.get(0));
        List<Finding> out = new ArrayList<>();
        for (List<String> other : sides.subList(1, sides.size())) {
            Handshake oth = onEndpoint.get(other.get(0));
            String a = name(byKey, reference.get(0));
            String b = name(byKey, other.get(0));
            List<String> differences = settingsDifferences(a, ref, b, oth);
            if (differences.size() == 1 && differences.get(0).startsWith(CERTIFICATE)) {
                continue;
            }
            List<String> keys = new ArrayList<>(reference);
            keys.addAll(other);
            boolean coalescable = covers(ref, other, byKey) || covers(oth, reference, byKey);
            String what = differences.stream().map(d -> d.substring(0, d.indexOf(':'))).collect(Collectors.joining(", "));
            out.add(new Finding(FindingCause.TLS_SETTINGS_DIFFER, coalescable ? Severity.WARNING : Severity.INFO,
                    side(byKey, reference) + " and " + side(byKey, other) + " differ in TLS settings on " + g.endpoint() + " (" + what + ")"
                            + (coalescable ? ": Apache answers 421 when a client coalesces them" : ""),
                    "On " + g.endpoint() + ", handshakes offering one choice at a time show: "
                            + String.join("; ", differences) + "."
                            + (coalescable ? " A certificate served there covers both names, so HTTP/2 clients may "
                            + "send one name's requests on the other's connection." : ""),
                    "Apache mod_ssl refuses a request whose Host selects a vhost that is not TLS-compatible with the "
                            + "vhost its connection's SNI selected (different SSLProtocol, SSLCipherSuite, SSLVerifyClient "
                            + "or certificate): 421 Misdirected Request, AH02032. Chromium and Firefox then retry on a "
                            + "connection of their own (one more round trip and handshake); Safari, Node's undici and "
                            + ".NET show the 421. nginx answers 421 when the Host's server block verifies client "
                            + "certificates, and (1.25.1 and later) when it has http2 off on an HTTP/2 connection. "
                            + "Whatever the server, min-tls and cipher policies then hold for one name and not the other.",
                    "Give every name on " + g.endpoint() + " the same TLS settings (for Apache: SSLProtocol, "
                            + "SSLCipherSuite and SSLVerifyClient once, outside the vhosts), or put " + b
                            + " on its own address, with a certificate that does not cover " + a + ".",
                    keys));
        }
        return out;
    }

    private static final String CERTIFICATE = "certificate";

    /** What the settings findings compare: the learned settings (what was tested aside) and the certificate. */
    private static List<Object> signature(Handshake h, TlsSettings t) {
        return List.of(t.acceptedVersions(), t.acceptedCipherSuites(), t.clientCertificate(), t.acceptedAlpn(),
                h.leaf().map(CertificateInfo::sha256Fingerprint).orElse(""));
    }

    /** Each difference as "what: a …, b …". */
    static List<String> settingsDifferences(String a, Handshake ha, String b, Handshake hb) {
        TlsSettings sa = ha.tlsSettings().orElseThrow();
        TlsSettings sb = hb.tlsSettings().orElseThrow();
        List<String> out = new ArrayList<>();
        if (!sa.acceptedVersions().equals(sb.acceptedVersions())) {
            out.add("accepted versions: " + a + " " + versions(sa) + ", " + b + " " + versions(sb));
        }
        if (sa.acceptedVersions().contains("TLSv1.2") && sb.acceptedVersions().contains("TLSv1.2")
                && !sa.acceptedCipherSuites().equals(sb.acceptedCipherSuites())) {
            List<String> onlyA = minus(sa.acceptedCipherSuites(), sb.acceptedCipherSuites());
            List<String> onlyB = minus(sb.acceptedCipherSuites(), sa.acceptedCipherSuites());
            List<String> parts = new ArrayList<>();
            if (!onlyA.isEmpty()) {
                parts.add(a + " accepts " + String.join(", ", onlyA) + " and " + b + " does not");
            }
            if (!onlyB.isEmpty()) {
                parts.add(b + " accepts " + String.join(", ", onlyB) + " and " + a + " does not");
            }
            out.add("TLS 1.2 cipher suites: " + String.join("; ", parts));
        }
        if (sa.clientCertificate() != sb.clientCertificate()) {
            out.add("client certificate: " + a + " " + sa.clientCertificate().inSentence() + ", " + b + " "
                    + sb.clientCertificate().inSentence());
        }
        if (!sa.acceptedAlpn().equals(sb.acceptedAlpn())) {
            out.add("ALPN: " + a + " " + alpn(sa) + ", " + b + " " + alpn(sb));
        }
        String leafA = ha.leaf().map(CertificateInfo::shortLabel).orElse("none");
        String leafB = hb.leaf().map(CertificateInfo::shortLabel).orElse("none");
        if (!ha.leaf().map(CertificateInfo::sha256Fingerprint).equals(hb.leaf().map(CertificateInfo::sha256Fingerprint))) {
            out.add(CERTIFICATE + ": " + a + " " + leafA + ", " + b + " " + leafB);
        }
        return out;
    }

    private static String versions(TlsSettings t) {
        return t.acceptedVersions().isEmpty() ? "none of " + String.join(", ", t.testedVersions())
                : String.join(" + ", t.acceptedVersions());
    }

    private static String alpn(TlsSettings t) {
        return t.acceptedAlpn().isEmpty() ? "none of " + String.join(", ", t.testedAlpn())
                : String.join(" + ", t.acceptedAlpn());
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    /** Whether the certificate {@code h} served covers one of {@code keys}' names. */
    private static boolean covers(Handshake h, List<String> keys, Map<String, ProbeResult> byKey) {
        return h.leaf().isPresent() && keys.stream()
                .anyMatch(k -> HostnameMatcher.match(byKey.get(k).authority().host(), h.leaf().get()).covered());
    }

    /** A side of a difference: its one name, or its first name and how many more. */
    private static String side(Map<String, ProbeResult> byKey, List<String> keys) {
        return name(byKey, keys.get(0)) + (keys.size() > 1 ? " (and " + (keys.size() - 1) + " more with its settings)" : "");
    }

    private static String issuers(List<String> keys, Map<String, Handshake> onEndpoint) {
        Set<String> all = new LinkedHashSet<>();
        keys.forEach(k -> all.addAll(onEndpoint.get(k).clientCertIssuers()));
        return all.isEmpty() ? "" : " naming " + String.join("; ", all);
    }

    /** The completed-or-not handshake of each authority in the group on the group's endpoint. */
    private static Map<String, Handshake> handshakesOn(OverlapGroup g, Map<String, ProbeResult> byKey) {
        Map<String, Handshake> out = new LinkedHashMap<>();
        for (String key : g.authorityKeys()) {
            ProbeResult r = byKey.get(key);
            if (r == null) {
                continue;
            }
            r.handshakes().stream().filter(h -> h.endpoint().equals(g.endpoint())).findFirst()
                    .ifPresent(h -> out.put(key, h));
        }
        return out;
    }

    private static String name(Map<String, ProbeResult> byKey, String key) {
        ProbeResult r = byKey.get(key);
        Authority a = r == null ? null : r.authority();
        return a == null ? key : a.displayName();
    }

    private static String sans(CertificateInfo c) {
        List<String> all = new ArrayList<>(c.dnsNames());
        all.addAll(c.ipAddresses());
        return all.isEmpty() ? "no subjectAltName" : "SANs " + String.join(", ", all);
    }
}
