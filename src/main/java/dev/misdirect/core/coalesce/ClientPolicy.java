package dev.misdirect.core.coalesce;

import dev.misdirect.core.coalesce.Condition.Check;
import dev.misdirect.core.names.NameMatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.misdirect.core.coalesce.Condition.ALPN_H2;
import static dev.misdirect.core.coalesce.Condition.ANY_SHARED_ADDRESS_OR_ORIGIN;
import static dev.misdirect.core.coalesce.Condition.CERTIFICATE_COVERS;
import static dev.misdirect.core.coalesce.Condition.CONNECTION_EXISTS;
import static dev.misdirect.core.coalesce.Condition.HTTP3_ADVERTISED;
import static dev.misdirect.core.coalesce.Condition.NO_CERTIFICATE_ERROR;
import static dev.misdirect.core.coalesce.Condition.NO_CLIENT_CERTIFICATE;
import static dev.misdirect.core.coalesce.Condition.OKHTTP_OWN_HOSTNAME_VERIFIER;
import static dev.misdirect.core.coalesce.Condition.PEER_ADDRESS;
import static dev.misdirect.core.coalesce.Condition.PEER_ADDRESS_OR_ORIGIN;
import static dev.misdirect.core.coalesce.Condition.PINS_MATCH;
import static dev.misdirect.core.coalesce.Condition.REPORTED_PEER_ADDRESS;
import static dev.misdirect.core.coalesce.Condition.UNSETTLED_CERTIFICATE_ERROR;
import static dev.misdirect.core.coalesce.Condition.UNSETTLED_CLIENT_CERTIFICATE;

/**
 * The connection-reuse rules of one real client or pool (DESIGN.md §2), each decided from the probe's facts.
 *
 * <p>A policy answers one question for an ordered pair: with a connection open for authority A (A's first completed
 * handshake), would this client send authority B's request on it? Conditions are checked in a fixed order and the
 * first that fails is the reason given. Ids are stable: they appear in session files and on the command line.
 */
public enum ClientPolicy {
    /** Chromium over HTTP/2: IP pooling onto the session whose peer address B resolves to (spdy_session_pool.cc). */
    CHROMIUM_H2("chromium-h2", "Chromium (HTTP/2)", "Chromium",
            "B resolves to the actual peer IP and port of A's direct HTTP/2 session; no certificate error; "
                    + "no client certificate; the certificate covers B; pins pass",
            "restarts the request once with IP pooling disabled (NetLog HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST)",
            List.of(CONNECTION_EXISTS, PEER_ADDRESS, ALPN_H2, NO_CERTIFICATE_ERROR, NO_CLIENT_CERTIFICATE,
                    CERTIFICATE_COVERS, PINS_MATCH)),
    /**
     * Chromium over HTTP/3, predicted only for names that advertise HTTP/3 (otherwise the decision is unknown). What
     * Chromium's source shows (net/quic/quic_session_pool.cc, {@code QuicSessionPool::FindExistingSession}): an
     * existing QUIC session is reused for B when {@code CanWaiveIpMatching} holds (B is the session's own destination,
     * or the server sent the NOIP connection option, or {@code skip_dns_with_origin_frame} is on and the session's
     * ORIGIN frame listed B) and {@code QuicChromiumClientSession::CanPool} passes, which applies the HTTP/2 rule
     * {@code SpdySession::CanPool} (certificate covers B, no certificate error, pins) in quic_chromium_client_session.cc;
     * B's request also joins a session whose peer IP is one of B's addresses ({@code HasMatchingIpSession}). ORIGIN
     * frames are recorded by {@code QuicChromiumClientSession::OnOriginFrame} only when {@code enable_origin_frame} is
     * on, and QUICHE parses them only behind its {@code enable_h3_origin_frame} flag. The probe sees TLS over TCP; the
     * prediction assumes the QUIC session meets the same peer and certificate.
     *
     * <p>Where HTTP/3 is advertised: Chromium learns it from an {@code Alt-Svc} header (net/http/http_stream_factory.cc,
     * {@code ProcessAlternativeServices}) and from the {@code alpn} of an HTTPS DNS record, which starts a QUIC job
     * without any earlier response (net/http/http_stream_factory_job_controller.cc, the {@code dns_alpn_h3_job_}
     * behind feature {@code kUseDnsHttpsSvcbAlpn} in net/base/features.cc). The probe's own HTTPS record lookup is
     * therefore evidence for this policy, and so is a reported Alt-Svc header ({@link PredictionInput}).
     */
    CHROMIUM_H3("chromium-h3", "Chromium (HTTP/3)", "Chromium",
            "only where both names advertise HTTP/3 (Alt-Svc or HTTPS record): B resolves to the peer IP of A's QUIC "
                    + "session, or that session's ORIGIN frame lists B (when Chromium's ORIGIN support is on); no "
                    + "certificate error; no client certificate; the certificate covers B; pins pass",
            "restarts the request once with IP pooling disabled (NetLog HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST)",
            List.of(CONNECTION_EXISTS, HTTP3_ADVERTISED, PEER_ADDRESS_OR_ORIGIN, NO_CERTIFICATE_ERROR,
                    NO_CLIENT_CERTIFICATE, CERTIFICATE_COVERS, PINS_MATCH)),
    /** Firefox defaults: the candidate connection's peer IP must be one of B's addresses (or ORIGIN lists B). */
    FIREFOX("firefox", "Firefox", "Firefox",
            "the peer IP of A's HTTP/2 connection is in B's DNS set (or its ORIGIN frame lists B); same port; "
                    + "no certificate error; no client certificate; the certificate covers B; pins pass",
            "clears the coalescing mapping, re-resolves and retries once on a fresh connection",
            List.of(CONNECTION_EXISTS, PEER_ADDRESS_OR_ORIGIN, ALPN_H2, NO_CERTIFICATE_ERROR, NO_CLIENT_CERTIFICATE,
                    CERTIFICATE_COVERS, PINS_MATCH)),
    /** Firefox with {@code network.http.http2.aggressive_coalescing}: any address shared by A's and B's DNS sets. */
    FIREFOX_AGGRESSIVE("firefox-aggressive", "Firefox (aggressive coalescing)", "Firefox",
            "as Firefox, but any address shared by A's and B's DNS sets is enough",
            "clears the coalescing mapping, re-resolves and retries once on a fresh connection",
            List.of(CONNECTION_EXISTS, ANY_SHARED_ADDRESS_OR_ORIGIN, ALPN_H2, NO_CERTIFICATE_ERROR,
                    NO_CLIENT_CERTIFICATE, CERTIFICATE_COVERS, PINS_MATCH)),
    /**
     * OkHttp 4.12 / 5.x ({@code RealConnection.isEligible}): HTTP/2, a route to the same socket address, OkHttp's own
     * hostname verifier, the leaf covers B, the pinner passes. A certificate error means OkHttp has no connection at
     * all. It does not look at client certificates: one client presents the same one everywhere.
     */
    OKHTTP("okhttp", "OkHttp", "OkHttp",
            "HTTP/2; one of B's routes has the socket address of A's connection; OkHttp's own hostname verifier; "
                    + "the leaf covers B; the certificate pinner passes",
            "when the connection was coalesced and the body is not one-shot: retries on a fresh connection without "
                    + "coalescing (silently; only an EventListener shows it)",
            List.of(CONNECTION_EXISTS, PEER_ADDRESS, ALPN_H2, NO_CERTIFICATE_ERROR, OKHTTP_OWN_HOSTNAME_VERIFIER,
                    CERTIFICATE_COVERS, PINS_MATCH)),
    /**
     * Safari (WebKit over Apple's closed CFNetwork), as reported from Safari 13.1 to 17.5. CFNetwork's pooling code is
     * not public and neither WebKit's source nor Apple's documentation states its coalescing rule, so only what the
     * reports show is claimed: with a wildcard or multi-SAN certificate covering B and both names on one address,
     * Safari sends B's request on A's HTTP/2 connection, and a 421 answer reaches the user (a blank page or the
     * server's 421 page) without a retry. Reports: openradar FB7745565 (Safari 13.1.1, "Safari will incorrectly re-use
     * the TLS connection"; Chrome and Firefox retry), traefik/traefik#7277 (13.1.2), pomerium/pomerium#2150 (14.1, "Safari
     * returns a blank empty response") with the Pomerium maintainer's word in pomerium/pomerium#3596 ("some browsers
     * detect this and create a new connection, but not all browsers. In particular iOS devices will not re-establish
     * the connection"), johngodley/redirection#3868 (17.5 shows Apache's 421 page) and
     * NginxProxyManager/nginx-proxy-manager#5209 (macOS Safari, 2026). No source shows a version where either behaviour
     * changed, so one model covers them all. What no report settles is left unknown: a shared address other than the
     * connection's peer, a different port, a certificate error, a client certificate. A certificate that does not
     * cover B is refused: RFC 9113 §9.1.1 requires it to, and every report involves a covering certificate.
     */
    SAFARI("safari", "Safari (13.1 to 17.5, as reported)", "Safari",
            "as reported (CFNetwork's rule is not public): HTTP/2; the certificate of A's connection covers B and B "
                    + "resolves to that connection's peer IP; other cases (another shared address, another port, a "
                    + "certificate error, a client certificate) are unknown",
            "shows the 421 to the user (a blank page or the server's 421 page): no retry, as reported for Safari 13.1 "
                    + "to 17.5 (openradar FB7745565, pomerium#2150, redirection#3868)",
            List.of(CONNECTION_EXISTS, ALPN_H2, CERTIFICATE_COVERS, REPORTED_PEER_ADDRESS, UNSETTLED_CERTIFICATE_ERROR,
                    UNSETTLED_CLIENT_CERTIFICATE, PINS_MATCH)),
    /** curl keys its pool by the URL's host and port. */
    CURL("curl", "curl", "curl",
            "never across host names: the pool key is host:port",
            "returns the 421; no retry",
            "curl keys its connection pool by host and port"),
    /** Go net/http with x/net/http2: the pool key is the URL's host:port. */
    GO("go", "Go net/http", "Go",
            "never: the pool key is host:port of the URL",
            "returns the 421",
            "Go net/http keys its HTTP/2 connection pool by the URL's host:port and never shares by certificate names"),
    /** The JDK's java.net.http.HttpClient: keyed by host:port (or proxy). */
    JAVA_HTTPCLIENT("java-httpclient", "Java HttpClient", "Java",
            "never: connections are keyed by host:port or proxy",
            "returns the 421",
            "Java HttpClient keys its HTTP/2 connections by host and port"),
    /**
     * Node.js undici, the engine of Node's {@code fetch} (nodejs/undici v8.10.0, commit 7eb7c8e). {@code Agent} keeps one
     * dispatcher per origin ({@code lib/dispatcher/agent.js}: the key is {@code String(opts.origin)}), and a
     * {@code Client} sets its TLS servername from the request's Host ({@code lib/core/request.js} {@code
     * getServerName(this.host)}), reconnecting when it changes ({@code lib/dispatcher/client.js}, "servername changed"):
     * it never sends one name's request on another's connection. HTTP/2 is on by default since v8 ({@code allowH2},
     * nodejs/undici#4828). On 421, {@code fetch()} follows the Fetch standard's step (whatwg/fetch#1141; {@code
     * lib/web/fetch/index.js} "response's status is 421", since nodejs/undici#928): when the body is null or can be read
     * again it drops the response and sends once more through the same origin's dispatcher; {@code request()},
     * {@code stream()} and {@code dispatch()} return the 421.
     */
    UNDICI("undici", "Node.js fetch / undici", "Node.js undici",
            "never: one dispatcher per origin, and the TLS servername follows the Host",
            "fetch() sends the request once more through the same origin's pool when its body can be sent again "
                    + "(the Fetch standard's 421 step); request() and stream() return the 421",
            "undici keeps one connection pool per origin and sets the TLS servername from the Host"),
    /**
     * .NET {@code HttpClient} ({@code SocketsHttpHandler}) over HTTP/2 (dotnet/runtime, {@code
     * src/libraries/System.Net.Http/src/System/Net/Http/SocketsHttpHandler}, read at commits 0074b92 and 01b9a79). {@code
     * HttpConnectionPoolManager.GetConnectionKey} keys pools by kind, URI host, port, SSL host name (the Host header's
     * host when one is set, else the URI's), proxy and identity, so connections never cross names. {@code
     * HttpConnectionPool.SendWithVersionDetectionAndRetryAsync} retries only connection failures, a version downgrade
     * and a full stream limit: an HTTP/2 421 is returned to the caller.
     */
    DOTNET_H2("dotnet-h2", ".NET HttpClient (HTTP/2)", ".NET", DotNet.RULE,
            "returns the 421 (HttpConnectionPool retries connection failures only)", DotNet.NEVER),
    /**
     * .NET {@code HttpClient} over HTTP/3, keyed as {@link #DOTNET_H2}. {@code HttpConnectionPool.Http3.cs} (commit
     * 0175c78), {@code TrySendUsingHttp3Async}: "If an Alt-Svc authority returns 421 ... we blocklist the authority and
     * retry the request at the origin" (for ten minutes, {@code AltSvcBlocklistTimeoutInMilliseconds}); a 421 from the
     * origin's own authority is returned.
     */
    DOTNET_H3("dotnet-h3", ".NET HttpClient (HTTP/3)", ".NET", DotNet.RULE, "a 421 from an Alt-Svc alternative: "
            + "blocklists it for ten minutes and retries at the origin; a 421 from the origin itself is returned",
            DotNet.NEVER),
    /**
     * Python httpx over httpcore (httpx 0.28.1, httpcore 1.0.9). httpcore's pool hands a request only a connection
     * whose origin equals the request's ({@code httpcore/_async/connection_pool.py} {@code
     * connection.can_handle_request(origin)}, which is {@code origin == self._origin} in {@code connection.py} and
     * {@code http2.py}). httpx has no 421 handling: its transport's {@code retries} covers connect errors only, so the
     * 421 is returned.
     */
    HTTPX("httpx", "Python httpx", "httpx",
            "never: a connection serves only its own origin (httpcore can_handle_request)",
            "returns the 421",
            "httpx (httpcore) reuses a connection only for its own origin"),
    /** Envoy's dynamic forward proxy with {@code allow_coalesced_connections}. */
    ENVOY_DFP("envoy-dfp", "Envoy dynamic forward proxy (allow_coalesced_connections)", "Envoy",
            "B's resolved address equals the peer address of A's HTTP/2 upstream connection and its certificate is "
                    + "valid for B",
            "passes the 421 to its client",
            List.of(CONNECTION_EXISTS, PEER_ADDRESS, ALPN_H2, NO_CERTIFICATE_ERROR, CERTIFICATE_COVERS)),
    /** A buggy proxy or CDN pool keyed by IP:port only; the replay policy {@code ip-keyed}. */
    IP_KEYED("ip-keyed", "IP-keyed pool", "an IP-keyed pool",
            "any connection to the same IP:port, whatever the certificate says",
            "passes the 421 to its client",
            List.of(CONNECTION_EXISTS, PEER_ADDRESS)),
    /** One pool per authority, the fix; the replay policy {@code isolated}. */
    ISOLATED("isolated", "Authority-keyed pool", "an authority-keyed pool",
            "never: one pool per authority",
            "cannot receive a 421 from coalescing",
            "an authority-keyed pool opens one connection per authority");

    /** What both .NET variants share: the pool key. */
    private static final class DotNet {
        static final String RULE = "never: one pool per host, port and SNI (HttpConnectionPoolManager.GetConnectionKey)";
        static final String NEVER = ".NET HttpClient keys its connection pools by host, port and SNI";
    }

    private final String id;
    private final String displayName;
    private final String family;
    private final String rule;
    private final String onMisdirected;
    private final List<Condition> conditions;
    private final Optional<String> neverReason;

    ClientPolicy(String id, String displayName, String family, String rule, String onMisdirected,
                 List<Condition> conditions) {
        this.id = id;
        this.displayName = displayName;
        this.family = family;
        this.rule = rule;
        this.onMisdirected = onMisdirected;
        this.conditions = List.copyOf(conditions);
        this.neverReason = Optional.empty();
    }

    ClientPolicy(String id, String displayName, String family, String rule, String onMisdirected, String neverReason) {
        this.id = id;
        this.displayName = displayName;
        this.family = family;
        this.rule = rule;
        this.onMisdirected = onMisdirected;
        this.conditions = List.of();
        this.neverReason = Optional.of(neverReason);
    }

    /** The stable id: {@code chromium-h2}, {@code firefox}, {@code okhttp}, {@code ip-keyed}, ... */
    public String id() {
        return id;
    }

    /** The name shown to people: "Chromium (HTTP/2)". */
    public String displayName() {
        return displayName;
    }

    /** The client family without the variant ("Chromium" for both HTTP/2 and HTTP/3), for summaries. */
    public String family() {
        return family;
    }

    /** The reuse rule in one sentence, as in DESIGN.md §2. */
    public String rule() {
        return rule;
    }

    /** What this client does when it receives 421 Misdirected Request. */
    public String onMisdirected() {
        return onMisdirected;
    }

    /** True for clients that never send one authority's request on another's connection. */
    public boolean neverAcrossAuthorities() {
        return neverReason.isPresent();
    }

    /** The policy with this id (case-insensitive), if any. */
    public static Optional<ClientPolicy> byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    /** All ids, comma separated, for messages and help. */
    public static String ids() {
        return Arrays.stream(values()).map(ClientPolicy::id).collect(Collectors.joining(", "));
    }

    /**
     * Would this client send {@code b}'s request on the connection opened for {@code a}? Pure; {@code a != b}.
     * {@code checks} keeps what other clients of the same prediction have checked already.
     */
    Decision decide(AuthorityFacts a, AuthorityFacts b, PredictionInput in, Checks checks) {
        if (neverReason.isPresent()) {
            return new Decision(false, "refused: " + neverReason.get() + ": " + b.key() + " is not " + a.key());
        }
        List<String> clauses = new ArrayList<>();
        for (Condition c : conditions) {
            Check check = checks.check(c, a, b, in, this);
            if (!check.passed()) {
                return new Decision(false, checks.text((check.unknown() ? "not predicted: " : "refused: ")
                        + check.words()));
            }
            if (!check.words().isEmpty()) {
                clauses.add(check.words());
            }
        }
        if (this == IP_KEYED) {
            boolean covered = a.leafCovers(b.authority().host()).map(NameMatch::covered).orElse(false);
            clauses.add("the pool reuses any connection to that IP:port whatever its certificate says (it "
                    + (covered ? "covers " : "does not cover ") + b.name() + ")");
        }
        return new Decision(true, checks.sharedRule(clauses));
    }

    /** A policy's answer for one ordered pair. */
    record Decision(boolean shared, String rule) {
    }
}
