package dev.misdirect.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.FailureKind;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;
import dev.misdirect.core.timeline.TimelineEvent;

import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rebuilds HTTP/2 sessions, streams, IP-pool decisions and 421 restarts from NetLog events fed in file order,
 * keeping only the facts it needs (a few fields per socket, session, job, request and stream), never the events.
 * Not thread-safe: one per import.
 */
final class NetLogAssembler {
    enum Phase { BEGIN, END, NONE }

    /** One event, with its names already mapped through the capture's constants. */
    record Event(String name, Phase phase, long sourceId, String sourceType, long timeMs, JsonNode params) {
    }

    /** The event names this assembler reads; params of other events are not even materialised. */
    static final Set<String> NAMES = Set.of("HTTP2_SESSION", "HTTP2_SESSION_INITIALIZED", "HTTP2_SESSION_SEND_HEADERS",
            "HTTP2_SESSION_RECV_HEADERS", "HTTP2_SESSION_CLOSE", "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION_FROM_IP_POOL",
            "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION", "HTTP2_SESSION_POOL_IMPORTED_SESSION_FROM_SOCKET",
            "HTTP_STREAM_JOB_HTTP2_SESSION_AVAILABLE", "HTTP_STREAM_JOB_BOUND_TO_REQUEST", "HTTP_STREAM_REQUEST_BOUND_TO_JOB",
            "URL_REQUEST_START_JOB", "HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST", "TCP_CONNECT", "SSL_CONNECT",
            "SSL_CERTIFICATES_RECEIVED", "HTTP_TRANSACTION_SEND_REQUEST_HEADERS", "QUIC_SESSION", "SOCKET_ALIVE",
            "SSL_ALERT_RECEIVED", "SOCKET_POOL_CONNECT_JOB_CREATED", "SOCKET_POOL_BOUND_TO_CONNECT_JOB", "REQUEST_ALIVE",
            "SSL_CLIENT_CERT_REQUESTED");

    private static final class Socket {
        long connectStartMs = -1;
        long connectEndMs = -1;
        String local = "";
        String remote = "";
        long tlsStartMs = -1;
        long tlsEndMs = -1;
        Optional<String> tlsVersion = Optional.empty();
        List<CertificateInfo> chain = List.of();
        long connectJobId = -1;
        int tlsError;
        Optional<Integer> alert = Optional.empty();
        boolean clientCertRequested;
    }

    private static final class H2Session {
        final long sourceId;
        final String hostPort;
        final long beginMs;
        long socketId = -1;
        long endMs = -1;
        String closeReason = "";
        int closeError;
        /** A socket whose TLS handshake failed: no HTTP/2 session began on it, but it is a connection all the same. */
        boolean handshakeFailed;
        int connectionId;

        H2Session(long sourceId, String hostPort, long beginMs) {
            this.sourceId = sourceId;
            this.hostPort = hostPort;
            this.beginMs = beginMs;
        }

        String host() {
            return ImportSupport.authority(hostPort, 443).map(Authority::host).orElse(hostPort);
        }
    }

    private static final class Stream {
        final H2Session session;
        final int streamId;
        final long sentMs;
        final String method;
        final String authority;
        final String path;
        final long jobId;
        int status;
        long statusMs = -1;
        long requestId = -1;
        int exchangeId;
        int step;
        int attempt = 1;
        boolean hidden;
        long restartMs = -1;
        Stream retry;
        /** Chromium's net error that ended the request on this attempt (0: none). */
        int error;
        /** An attempt whose connection failed before the request could be sent. */
        boolean notSent;
        String server = "";

        Stream(H2Session session, int streamId, long sentMs, String method, String authority, String path, long jobId) {
            this.session = session;
            this.streamId = streamId;
            this.sentMs = sentMs;
            this.method = method;
            this.authority = authority;
            this.path = path;
            this.jobId = jobId;
        }

        String host() {
            return ImportSupport.authority(authority, 443).map(Authority::host).orElse(authority);
        }
    }

    private record Request(String url, String method) {
    }

    private record IpPoolDecision(long timeMs, long jobId, long sessionId) {
    }

    private final String file;
    private final NetLogConstants constants;
    private final Map<Long, Socket> sockets = new HashMap<>();
    private final Map<Long, H2Session> sessions = new LinkedHashMap<>();
    private final Map<Long, Map<Integer, Stream>> openStreams = new HashMap<>();
    private final List<Stream> streams = new ArrayList<>();
    private final Map<Long, Long> jobToRequest = new HashMap<>();
    private final Map<Long, Long> jobFoundExisting = new HashMap<>();
    private final Map<Long, Long> jobCreatedSession = new HashMap<>();
    private final Map<Long, String> connectJobHost = new HashMap<>();
    private final Map<Long, Long> connectJobToJob = new HashMap<>();
    private final Map<Long, Integer> requestErrors = new HashMap<>();
    private final Map<Long, Request> requests = new HashMap<>();
    private final Map<Long, List<Long>> restarts = new HashMap<>();
    private final List<IpPoolDecision> ipPool = new ArrayList<>();
    private final Map<String, Optional<CertificateInfo>> certCache = new HashMap<>();
    private final Map<String, CertificateInfo> leafCertificates = new LinkedHashMap<>();
    private Map<Long, List<H2Session>> failedConnectionsSeen = Map.of();
    private long firstEventMs = Long.MIN_VALUE;
    private long eventCount;
    private long http1Requests;
    private long quicSessions;
    private long headerlessStreams;
    private long unreadableCertificates;

    NetLogConstants constants() {
        return constants;
    }

    NetLogAssembler(String file, NetLogConstants constants) {
        this.file = file;
        this.constants = constants;
    }

    long eventCount() {
        return eventCount;
    }

    /** Counts an event whose params were not needed. */
    void skipped(long timeMs) {
        eventCount++;
        if (firstEventMs == Long.MIN_VALUE) {
            firstEventMs = timeMs;
        }
    }

    void accept(Event e) {
        skipped(e.timeMs());
        JsonNode p = e.params() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : e.params();
        switch (e.name()) {
            case "TCP_CONNECT" -> {
                Socket s = sockets.computeIfAbsent(e.sourceId(), k -> new Socket());
                if (e.phase() == Phase.BEGIN) {
                    s.connectStartMs = e.timeMs();
                } else if (e.phase() == Phase.END) {
                    s.connectEndMs = e.timeMs();
                    s.local = p.path("local_address").asText("");
                    s.remote = p.path("remote_address").asText("");
                }
            }
            case "SSL_CONNECT" -> {
                Socket s = sockets.computeIfAbsent(e.sourceId(), k -> new Socket());
                if (e.phase() == Phase.BEGIN) {
                    s.tlsStartMs = e.timeMs();
                } else if (e.phase() == Phase.END) {
                    s.tlsEndMs = e.timeMs();
                    s.tlsError = p.path("net_error").asInt(0);
                    String v = p.path("version").asText("");
                    s.tlsVersion = v.isEmpty() ? Optional.empty() : Optional.of(v.replace("TLS ", "TLSv"));
                }
            }
            case "SSL_CERTIFICATES_RECEIVED" -> {
                List<CertificateInfo> chain = new ArrayList<>();
                for (JsonNode pem : p.path("certificates")) {
                    certificate(pem.asText()).ifPresent(chain::add);
                }
                sockets.computeIfAbsent(e.sourceId(), k -> new Socket()).chain = List.copyOf(chain);
            }
            case "HTTP2_SESSION" -> {
                if (e.phase() == Phase.BEGIN) {
                    String host = p.path("host").asText(p.path("host_port_pair").asText(""));
                    sessions.put(e.sourceId(), new H2Session(e.sourceId(), host, e.timeMs()));
                } else if (e.phase() == Phase.END) {
                    H2Session s = sessions.get(e.sourceId());
                    if (s != null) {
                        s.endMs = e.timeMs();
                    }
                }
            }
            case "HTTP2_SESSION_INITIALIZED" -> {
                H2Session s = sessions.get(e.sourceId());
                if (s != null) {
                    s.socketId = dependency(p);
                }
            }
            case "HTTP2_SESSION_CLOSE" -> {
                H2Session s = sessions.get(e.sourceId());
                if (s != null) {
                    s.closeReason = ImportSupport.oneLine(p.path("description").asText("closed"));
                    s.closeError = p.path("net_error").asInt(0);
                }
            }
            case "SOCKET_ALIVE" -> {
                if (e.phase() == Phase.BEGIN && e.sourceType().equals("SOCKET")) {
                    sockets.computeIfAbsent(e.sourceId(), k -> new Socket()).connectJobId = dependency(p);
                }
            }
            case "SSL_ALERT_RECEIVED" -> {
                byte[] alert = decodeBase64(p.path("bytes").asText(""));
                if (alert.length >= 2) {
                    sockets.computeIfAbsent(e.sourceId(), k -> new Socket()).alert = Optional.of(alert[1] & 0xff);
                }
            }
            case "SSL_CLIENT_CERT_REQUESTED" -> sockets.computeIfAbsent(e.sourceId(), k -> new Socket()).clientCertRequested = true;
            case "SOCKET_POOL_CONNECT_JOB_CREATED" -> connectJobHost.put(e.sourceId(), groupHost(p.path("group_id").asText("")));
            case "SOCKET_POOL_BOUND_TO_CONNECT_JOB" -> connectJobToJob.put(dependency(p), e.sourceId());
            case "REQUEST_ALIVE" -> {
                if (e.phase() == Phase.END && p.path("net_error").asInt(0) < 0) {
                    requestErrors.put(e.sourceId(), p.path("net_error").asInt());
                }
            }
            case "HTTP2_SESSION_SEND_HEADERS" -> sendHeaders(e, p);
            case "HTTP2_SESSION_RECV_HEADERS" -> {
                Stream st = openStreams.getOrDefault(e.sourceId(), Map.of()).get(p.path("stream_id").asInt(-1));
                if (st != null && st.status == 0) {
                    Map<String, String> headers = headers(p.path("headers"));
                    String status = headers.getOrDefault(":status", headers.getOrDefault("status", ""));
                    st.status = leadingInt(status);
                    st.statusMs = e.timeMs();
                    st.server = headers.getOrDefault("server", "");
                }
            }
            case "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION_FROM_IP_POOL" ->
                    ipPool.add(new IpPoolDecision(e.timeMs(), e.sourceId(), dependency(p)));
            case "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION", "HTTP_STREAM_JOB_HTTP2_SESSION_AVAILABLE" ->
                    jobFoundExisting.putIfAbsent(e.sourceId(), dependency(p));
            case "HTTP2_SESSION_POOL_IMPORTED_SESSION_FROM_SOCKET" -> jobCreatedSession.put(e.sourceId(), dependency(p));
            case "HTTP_STREAM_JOB_BOUND_TO_REQUEST" -> {
                if (constants.sourceName(p.path("source_dependency").path("type").asInt(-1)).equals("URL_REQUEST")) {
                    jobToRequest.put(e.sourceId(), dependency(p));
                }
            }
            case "HTTP_STREAM_REQUEST_BOUND_TO_JOB" -> jobToRequest.put(dependency(p), e.sourceId());
            case "URL_REQUEST_START_JOB" -> {
                if (e.phase() == Phase.BEGIN && p.hasNonNull("url")) {
                    String method = p.path("method").asText("GET");
                    requests.put(e.sourceId(), new Request(p.path("url").asText(),
                            method.matches("[A-Za-z]{1,20}") ? method : "GET"));
                }
            }
            case "HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST" ->
                    restarts.computeIfAbsent(e.sourceId(), k -> new ArrayList<>()).add(e.timeMs());
            case "HTTP_TRANSACTION_SEND_REQUEST_HEADERS" -> http1Requests++;
            case "QUIC_SESSION" -> {
                if (e.phase() == Phase.BEGIN) {
                    quicSessions++;
                }
            }
            default -> {
            }
        }
    }

    private void sendHeaders(Event e, JsonNode p) {
        H2Session session = sessions.get(e.sourceId());
        if (session == null) {
            // the session began before the capture did: its host is unknown, the socket too
            session = new H2Session(e.sourceId(), "", e.timeMs());
            sessions.put(e.sourceId(), session);
        }
        Map<String, String> headers = headers(p.path("headers"));
        if (headers.isEmpty()) {
            headerlessStreams++;
            return;
        }
        String authority = headers.getOrDefault(":authority", headers.getOrDefault(":host", headers.getOrDefault("host", "")));
        Stream st = new Stream(session, p.path("stream_id").asInt(-1), e.timeMs(), headers.getOrDefault(":method", "GET"),
                authority, headers.getOrDefault(":path", "/"), dependency(p));
        streams.add(st);
        openStreams.computeIfAbsent(e.sourceId(), k -> new HashMap<>()).put(st.streamId, st);
    }

    private Optional<CertificateInfo> certificate(String pem) {
        return certCache.computeIfAbsent(pem, text -> {
            try {
                return Optional.of(CertificateReader.readPem(text));
            } catch (CertificateException | IllegalArgumentException e) {
                unreadableCertificates++;
                return Optional.empty();
            }
        });
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** "https://b.example:8443 &lt;https://example same_site&gt;", "pm/https://...", "ssl/b.example:443" → "b.example:8443". */
    static String groupHost(String groupId) {
        String g = groupId;
        int scheme = g.indexOf("://");
        if (scheme >= 0) {
            g = g.substring(scheme + 3);
        } else if (g.startsWith("ssl/")) {
            g = g.substring(4);
        }
        int space = g.indexOf(' ');
        return space >= 0 ? g.substring(0, space) : g;
    }

    private static long dependency(JsonNode p) {
        return p.path("source_dependency").path("id").asLong(-1);
    }

    private static int leadingInt(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, Math.min(i, 3)));
    }

    /** Headers as Chromium logs them: a list of "name: value" strings (new) or an object (old captures). */
    static Map<String, String> headers(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isArray()) {
            for (JsonNode line : node) {
                String s = line.asText();
                int sep = s.indexOf(": ", s.startsWith(":") ? 1 : 0);
                if (sep > 0) {
                    out.putIfAbsent(s.substring(0, sep).toLowerCase(Locale.ROOT), s.substring(sep + 2));
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> out.putIfAbsent(f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText()));
        }
        return out;
    }

    /** Links streams to requests, assigns ids, and turns it all into timeline events and findings. */
    ImportResult finish(Optional<Long> truncatedAt) {
        for (Stream st : streams) {
            st.requestId = jobToRequest.getOrDefault(st.jobId, -1L);
        }
        Map<Long, List<H2Session>> failedConnections = failedConnections();
        failedConnectionsSeen = failedConnections;
        addUnsentAttempts(failedConnections);
        streams.sort(Comparator.comparingLong(st -> st.sentMs));
        // connection ids in the order connections began: sessions that carried a stream, and the connections a
        // request of the capture tried that failed (sessions that carried no stream otherwise are left out)
        Set<H2Session> used = new LinkedHashSet<>();
        streams.stream().map(s -> s.session).forEach(used::add);
        failedConnections.values().forEach(used::addAll);
        List<H2Session> ordered = new ArrayList<>(used);
        ordered.sort(Comparator.comparingLong(s -> s.beginMs));
        used = new LinkedHashSet<>(ordered);
        int nextConn = 1;
        for (H2Session s : used) {
            s.connectionId = nextConn++;
        }
        // steps: one per URL request (streams without a known request each make their own step)
        Map<Long, List<Stream>> byRequest = new LinkedHashMap<>();
        int step = 0;
        int exchangeId = 1;
        for (Stream st : streams) {
            st.exchangeId = exchangeId++;
            if (st.requestId >= 0 && byRequest.containsKey(st.requestId)) {
                List<Stream> attempts = byRequest.get(st.requestId);
                st.step = attempts.get(0).step;
                st.attempt = attempts.size() + 1;
                attempts.add(st);
            } else {
                st.step = step++;
                List<Stream> attempts = new ArrayList<>();
                attempts.add(st);
                byRequest.put(st.requestId >= 0 ? st.requestId : -st.exchangeId - 1_000_000L, attempts);
            }
        }
        List<Long> unmatchedRestarts = linkRestarts(byRequest);
        for (Map.Entry<Long, List<Stream>> r : byRequest.entrySet()) {
            List<Stream> attempts = r.getValue();
            Stream last = attempts.get(attempts.size() - 1);
            int error = requestErrors.getOrDefault(r.getKey(), 0);
            if (last.status == 0 && error < 0) {
                last.error = error;
            }
        }
        for (Stream st : streams) {
            if (st.restartMs >= 0) {
                // hidden only when what the page finally got was no error: a failed retry, or a 400, is what it saw
                Stream last = finalAttempt(st);
                st.hidden = last == st ? requestErrors.getOrDefault(st.requestId, 0) == 0
                        : last.error == 0 && last.status > 0 && last.status < 400;
            }
        }

        long baseMs = Long.MAX_VALUE;
        for (H2Session s : used) {
            Socket sock = sockets.get(s.socketId);
            baseMs = Math.min(baseMs, sock != null && sock.connectStartMs >= 0 ? sock.connectStartMs : s.beginMs);
        }
        for (Stream st : streams) {
            baseMs = Math.min(baseMs, st.sentMs);
        }
        if (baseMs == Long.MAX_VALUE) {
            baseMs = firstEventMs == Long.MIN_VALUE ? 0 : firstEventMs;
        }
        final long base = baseMs;

        List<TimelineEvent> events = new ArrayList<>();
        for (H2Session s : used) {
            Socket sock = sockets.getOrDefault(s.socketId, new Socket());
            String peer = sock.remote.isEmpty() ? "" : ImportSupport.addressHost(sock.remote);
            int peerPort = ImportSupport.addressPort(sock.remote);
            long connectStart = sock.connectStartMs >= 0 ? sock.connectStartMs : s.beginMs;
            if (sock.connectStartMs >= 0) {
                events.add(new TimelineEvent.ConnectStarted(us(sock.connectStartMs, base), s.connectionId, peer, peerPort));
            }
            Optional<String> sni = s.host().isEmpty() ? Optional.empty() : Optional.of(s.host());
            Optional<String> leaf = sock.chain.isEmpty() ? Optional.empty() : Optional.of(summary(sock.chain.get(0)));
            long opened = s.beginMs;
            events.add(new TimelineEvent.ConnectionOpened(us(opened, base), s.connectionId, peer, peerPort,
                    ImportSupport.addressPort(sock.local), sni, s.handshakeFailed ? "no protocol" : "h2",
                    sock.tlsVersion, leaf, us(connectStart, base),
                    us(sock.tlsStartMs >= 0 ? sock.tlsStartMs : connectStart, base),
                    us(sock.tlsEndMs >= 0 ? sock.tlsEndMs : s.beginMs, base)));
            Optional<FailureKind> tlsFailure = connectionFailure(s);
            if (tlsFailure.isPresent()) {
                long at = s.endMs >= 0 ? s.endMs : opened;
                events.add(new TimelineEvent.ConnectFailed(us(at, base), s.connectionId, peer, peerPort,
                        failureText(s.closeError, sock)));
            }
            if (s.endMs >= 0) {
                events.add(new TimelineEvent.ConnectionClosed(us(s.endMs, base), s.connectionId,
                        s.handshakeFailed ? "TLS handshake failed" : s.closeReason.isEmpty() ? "session ended"
                                : s.closeReason));
            }
            if (!sock.chain.isEmpty()) {
                CertificateInfo c = sock.chain.get(0);
                leafCertificates.putIfAbsent(c.sha256Fingerprint(), c);
            }
        }
        for (Stream st : streams) {
            int conn = st.session.connectionId;
            boolean coalesced = !st.session.host().isEmpty() && !st.session.host().equalsIgnoreCase(st.host());
            events.add(new TimelineEvent.ConnectionAcquired(us(st.sentMs, base), st.exchangeId, conn, st.authority,
                    coalesced, acquireReason(st, coalesced)));
            events.add(new TimelineEvent.RequestSent(us(st.sentMs, base), st.exchangeId, conn, st.step, st.attempt,
                    st.method, st.authority, st.path));
            if (st.status > 0) {
                events.add(new TimelineEvent.ResponseReceived(us(st.statusMs, base), st.exchangeId, conn, st.status, "h2"));
            }
            if (st.error < 0) {
                long at = st.session.endMs >= 0 ? Math.max(st.sentMs, st.session.endMs) : st.sentMs;
                events.add(new TimelineEvent.ExchangeFailed(us(at, base), st.exchangeId, conn,
                        (st.notSent ? "not sent: " : "") + failureText(st.error, sockets.get(st.session.socketId))));
            }
            if (st.status == 421) {
                Optional<String> sni = st.session.host().isEmpty() ? Optional.empty() : Optional.of(st.session.host());
                events.add(new TimelineEvent.Misdirected(us(st.statusMs, base), st.exchangeId, conn, st.authority, sni,
                        st.hidden));
            }
            if (st.restartMs >= 0) {
                events.add(new TimelineEvent.RetryScheduled(us(st.restartMs, base), st.exchangeId,
                        st.retry == null ? TimelineEvent.UNKNOWN : st.retry.exchangeId,
                        "Chromium restarted the request after 421 Misdirected Request"
                                + " (HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST)"));
            }
        }

        List<String> limitations = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(coalescingFindings(base));
        truncatedAt.ifPresent(offset -> {
            String text = "The capture stops at byte " + offset + " without its closing brackets (the browser did not "
                    + "finish writing it); the " + eventCount + " events before that point were imported.";
            limitations.add(text);
            findings.add(new Finding(FindingCause.IMPORT_LIMITATION, Severity.WARNING,
                    "Truncated capture: " + file + " stops at byte " + offset, text,
                    "Chromium writes the closing brackets only when logging stops; a crashed or killed browser leaves "
                            + "them out, and whatever happened after the last complete event is not in the file.",
                    "Stop logging from chrome://net-export (Stop Logging) before closing the browser, or record again.",
                    List.of()));
        });
        if (http1Requests > 0) {
            limitations.add(ImportSupport.count(http1Requests, "request") + " over HTTP/1.1 are not drawn: only HTTP/2 "
                    + "sessions are rebuilt from a NetLog.");
        }
        if (quicSessions > 0) {
            limitations.add(ImportSupport.count(quicSessions, "QUIC session") + " (HTTP/3) are not drawn.");
        }
        if (headerlessStreams > 0) {
            limitations.add(ImportSupport.count(headerlessStreams, "HTTP/2 stream") + " carried no headers in the capture "
                    + "(capture mode strips them), so their authority is unknown.");
        }
        if (unreadableCertificates > 0) {
            limitations.add(ImportSupport.count(unreadableCertificates, "certificate") + " in the capture could not be read.");
        }
        if (unmatchedRestarts.size() > 0) {
            limitations.add(ImportSupport.count(unmatchedRestarts.size(), "421 restart")
                    + " could not be tied to a stream of the capture.");
        }
        if (streams.isEmpty()) {
            limitations.add("The capture holds no HTTP/2 request: nothing to draw.");
        }

        ImportSupport.AuthorityCollector authorities = new ImportSupport.AuthorityCollector();
        List<String> plan = new ArrayList<>();
        for (List<Stream> attempts : byRequest.values()) {
            Stream first = attempts.get(0);
            Socket sock = sockets.get(first.session.socketId);
            Optional<String> address = sock == null || sock.remote.isEmpty() ? Optional.empty()
                    : Optional.of(ImportSupport.addressHost(sock.remote));
            Optional<Authority> authority = ImportSupport.authority(first.authority, 443);
            authority.ifPresent(a -> authorities.add(a, address));
            String url = authority.map(Authority::origin).orElse("https://" + first.authority) + first.path;
            plan.add(ImportSupport.planStep(first.method, url, address));
        }
        Optional<Instant> capturedAt = constants.timeTickOffsetMs() > 0 && (firstEventMs != Long.MIN_VALUE || !streams.isEmpty())
                ? Optional.of(Instant.ofEpochMilli(constants.timeTickOffsetMs() + base)) : Optional.empty();
        return new ImportResult(ImportKind.NETLOG, file, capturedAt, authorities.build(), events, findings,
                List.copyOf(leafCertificates.values()), limitations, String.join(" ; ", plan));
    }

    /**
     * Connections that a request of the capture tried and that failed, by request id: sockets whose TLS handshake
     * failed (no session began on them), and sessions that closed on an error before carrying a stream (TLS 1.3
     * servers refuse a client certificate after the client's Finished).
     */
    private Map<Long, List<H2Session>> failedConnections() {
        Map<Long, List<H2Session>> out = new LinkedHashMap<>();
        Set<Long> socketsWithSession = new HashSet<>();
        sessions.values().forEach(s -> socketsWithSession.add(s.socketId));
        Set<H2Session> carried = new HashSet<>();
        streams.forEach(st -> carried.add(st.session));
        for (Map.Entry<Long, Socket> e : sockets.entrySet()) {
            Socket sock = e.getValue();
            long request = jobToRequest.getOrDefault(connectJobToJob.getOrDefault(sock.connectJobId, -1L), -1L);
            if (sock.tlsError < 0 && !sock.remote.isEmpty() && !socketsWithSession.contains(e.getKey())
                    && requests.containsKey(request)) {
                String host = connectJobHost.getOrDefault(sock.connectJobId, "");
                H2Session failed = new H2Session(-e.getKey() - 1, host.isEmpty() ? sock.remote : host,
                        sock.connectStartMs >= 0 ? sock.connectStartMs : sock.tlsStartMs);
                failed.socketId = e.getKey();
                failed.handshakeFailed = true;
                failed.closeError = sock.tlsError;
                failed.endMs = sock.tlsEndMs;
                out.computeIfAbsent(request, k -> new ArrayList<>()).add(failed);
            }
        }
        for (Map.Entry<Long, Long> created : jobCreatedSession.entrySet()) {
            H2Session s = sessions.get(created.getValue());
            long request = jobToRequest.getOrDefault(created.getKey(), -1L);
            if (s != null && !carried.contains(s) && s.closeError < 0 && requests.containsKey(request)
                    && connectionFailure(s).isPresent()) {
                out.computeIfAbsent(request, k -> new ArrayList<>()).add(s);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparingLong(s -> s.beginMs)));
        return out;
    }

    /**
     * A request restarted after 421 whose next attempt never reached a stream (its connection failed) and that ended
     * in an error gets that attempt drawn on the last connection it tried, marked not sent.
     */
    private void addUnsentAttempts(Map<Long, List<H2Session>> failedConnections) {
        for (Map.Entry<Long, List<Long>> r : restarts.entrySet()) {
            long requestId = r.getKey();
            long lastRestart = r.getValue().stream().mapToLong(Long::longValue).max().orElse(Long.MAX_VALUE);
            int error = requestErrors.getOrDefault(requestId, 0);
            Request req = requests.get(requestId);
            boolean sentAfter = streams.stream().anyMatch(st -> st.requestId == requestId && st.sentMs >= lastRestart);
            List<H2Session> tried = failedConnections.getOrDefault(requestId, List.of()).stream()
                    .filter(s -> s.beginMs >= lastRestart).toList();
            if (error == 0 || req == null || sentAfter || tried.isEmpty()) {
                continue;
            }
            H2Session on = tried.get(tried.size() - 1);
            URI uri;
            try {
                uri = URI.create(req.url());
            } catch (IllegalArgumentException e) {
                continue;
            }
            String authority = uri.getRawAuthority() == null ? on.hostPort : uri.getRawAuthority();
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            long at = on.endMs >= 0 ? on.endMs : on.beginMs;
            Stream attempt = new Stream(on, -1, at, req.method(), authority, path, -1);
            attempt.requestId = requestId;
            attempt.notSent = true;
            attempt.error = error;
            streams.add(attempt);
        }
    }

    /** The TLS failure that ended this connection, when it ended in one (a handshake refused, an alert). */
    private Optional<FailureKind> connectionFailure(H2Session s) {
        if (s.closeError >= 0) {
            return Optional.empty();
        }
        FailureKind kind = failureKind(s.closeError, sockets.get(s.socketId));
        boolean tls = switch (kind) {
            case CLIENT_CERTIFICATE_REQUIRED, PROTOCOL_VERSION, UNKNOWN_CA, NAME_NOT_COVERED, HANDSHAKE_FAILURE -> true;
            default -> false;
        };
        return s.handshakeFailed || tls ? Optional.of(kind) : Optional.empty();
    }

    /** "handshake refused: the server requires a client certificate (ERR_BAD_SSL_CLIENT_AUTH_CERT, TLS alert ...)". */
    private String failureText(int error, Socket sock) {
        Optional<Integer> alert = sock == null ? Optional.empty() : sock.alert;
        String name = constants.netErrorName(error);
        return failureKind(error, sock).words() + " (" + name
                + alert.map(a -> ", TLS alert " + FailureKind.alertName(a)).orElse("") + ")";
    }

    private FailureKind failureKind(int error, Socket sock) {
        return FailureKind.ofChromium(constants.netErrorName(error), sock == null ? Optional.empty() : sock.alert);
    }

    /** The last attempt of the request this stream belongs to, following the retry links. */
    private static Stream finalAttempt(Stream st) {
        Stream last = st;
        Set<Stream> seen = new HashSet<>();
        while (last.retry != null && seen.add(last)) {
            last = last.retry;
        }
        return last;
    }

    /** What the page finally got for this request: "200", "400", "failed: handshake refused: ...". */
    private String pageGot(Stream st) {
        Stream last = finalAttempt(st);
        if (last.error < 0) {
            return "failed: " + failureText(last.error, sockets.get(last.session.socketId));
        }
        if (last == st && st.restartMs >= 0 && requestErrors.getOrDefault(st.requestId, 0) < 0) {
            return "failed: " + failureText(requestErrors.get(st.requestId), null);
        }
        return last.status == 0 ? "no response" : String.valueOf(last.status);
    }

    /** Marks each restarted stream 421-hidden and links it to the request's next attempt; returns unmatched ones. */
    private List<Long> linkRestarts(Map<Long, List<Stream>> byRequest) {
        List<Long> unmatched = new ArrayList<>();
        for (Map.Entry<Long, List<Long>> r : restarts.entrySet()) {
            List<Stream> attempts = byRequest.get(r.getKey());
            if (attempts == null) {
                attempts = fallbackAttempts(r.getKey());
            }
            for (long t : r.getValue()) {
                Stream misdirected = null;
                for (Stream st : attempts) {
                    if (st.status == 421 && st.restartMs < 0 && st.sentMs <= t) {
                        misdirected = st;
                    }
                }
                if (misdirected == null) {
                    unmatched.add(t);
                    continue;
                }
                misdirected.restartMs = t;
                misdirected.hidden = true;
                for (Stream st : attempts) {
                    if (st.sentMs >= t && st != misdirected && st.exchangeId > misdirected.exchangeId) {
                        misdirected.retry = st;
                        break;
                    }
                }
            }
        }
        return unmatched;
    }

    /** When job/request links are missing (older captures), the request's attempts are the streams for its URL. */
    private List<Stream> fallbackAttempts(long requestId) {
        Request req = requests.get(requestId);
        if (req == null) {
            return List.of();
        }
        return streams.stream().filter(st -> st.requestId < 0 && req.url().equals(urlOf(st))).toList();
    }

    private static String urlOf(Stream st) {
        String origin = ImportSupport.authority(st.authority, 443).map(Authority::origin).orElse("https://" + st.authority);
        return origin + st.path;
    }

    private String acquireReason(Stream st, boolean coalesced) {
        if (coalesced) {
            return "coalesced: Chromium's IP pool matched the session opened for " + st.session.hostPort
                    + peerText(st.session) + coverText(st.session, st.host());
        }
        if (jobCreatedSession.getOrDefault(st.jobId, -2L) == st.session.sourceId) {
            return "new connection";
        }
        if (jobFoundExisting.getOrDefault(st.jobId, -2L) == st.session.sourceId) {
            return "reused: same authority";
        }
        return "session for " + st.session.hostPort;
    }

    private String peerText(H2Session s) {
        Socket sock = sockets.get(s.socketId);
        return sock == null || sock.remote.isEmpty() ? "" : " (same " + sock.remote + ")";
    }

    private String coverText(H2Session s, String host) {
        Socket sock = sockets.get(s.socketId);
        if (sock == null || sock.chain.isEmpty()) {
            return "";
        }
        NameMatch m = HostnameMatcher.match(host, sock.chain.get(0));
        return m.covered() ? ", certificate covers " + host + m.matchedSan().filter(san -> !san.equals(host))
                .map(san -> " (SAN " + san + ")").orElse("")
                : ", although its certificate does not cover " + host;
    }

    private List<Finding> coalescingFindings(long base) {
        // group coalesced streams by (session, host of the request)
        Map<String, List<Stream>> groups = new LinkedHashMap<>();
        for (Stream st : streams) {
            if (!st.session.host().isEmpty() && !st.session.host().equalsIgnoreCase(st.host())) {
                groups.computeIfAbsent(st.session.sourceId + " " + st.host(), k -> new ArrayList<>()).add(st);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<Stream> group : groups.values()) {
            H2Session s = group.get(0).session;
            String host = group.get(0).host();
            List<IpPoolDecision> decisions = ipPool.stream().filter(d -> d.sessionId() == s.sourceId).toList();
            List<Stream> misdirected = group.stream().filter(st -> st.status == 421).toList();
            List<Stream> restarted = misdirected.stream().filter(st -> st.restartMs >= 0).toList();
            String ipPoolText = decisions.isEmpty() ? "Chromium sent them on that session"
                    : "Chromium's IP pool chose that session (HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION_FROM_IP_POOL at "
                    + decisions.stream().map(d -> ImportSupport.ms(us(d.timeMs(), base))).collect(Collectors.joining(", "))
                    + ")";
            String reasonText = "IP pool:" + peerText(s).replace(" (", " ").replace(")", "") + coverText(s, host);
            StringBuilder details = new StringBuilder();
            details.append(host).append(" was requested ").append(ImportSupport.times(group.size()))
                    .append(" on connection #").append(s.connectionId).append(", the session opened for ")
                    .append(s.hostPort).append(" (SNI ").append(s.host()).append(")").append(peerText(s).isEmpty() ? ""
                            : " to " + sockets.get(s.socketId).remote).append(": ").append(ipPoolText).append(". ");
            for (Stream st : group) {
                details.append(st.method).append(' ').append(st.path).append(" → ")
                        .append(st.status == 0 ? "no response" : String.valueOf(st.status));
                if (st.restartMs >= 0) {
                    details.append(" (restarted at ").append(ImportSupport.ms(us(st.restartMs, base)));
                    if (st.retry != null) {
                        details.append(", retried on connection #").append(st.retry.session.connectionId)
                                .append(" (SNI ").append(st.retry.session.host()).append(") → ")
                                .append(pageGot(st.retry));
                    } else if (requestErrors.getOrDefault(st.requestId, 0) < 0) {
                        details.append(", then ").append(pageGot(st));
                    }
                    details.append(")");
                }
                details.append("; ");
            }
            details.setLength(details.length() - 2);
            details.append('.');
            List<String> keys = new ArrayList<>();
            ImportSupport.authority(s.hostPort, 443).ifPresent(a -> keys.add(a.key()));
            ImportSupport.authority(group.get(0).authority, 443).ifPresent(a -> keys.add(a.key()));
            String who = "Chromium coalesced " + host + " onto the session opened for " + s.host()
                    + " (" + reasonText + ")";
            if (misdirected.isEmpty()) {
                out.add(new Finding(FindingCause.COALESCING_PRECONDITION, Severity.INFO,
                        who + "; the origin answered without 421", details.toString(),
                        "An HTTP/2 client may reuse a connection for another host when that host resolves to the "
                                + "connection's address and the certificate covers it (RFC 9113 §9.1.1). Here the "
                                + "origin accepted the shared connection.",
                        "Nothing to fix. If " + host + " ever gets its own TLS settings or vhost rules on this "
                                + "address, expect 421 Misdirected Request on such shared connections.",
                        keys));
                continue;
            }
            List<Stream> hidden = restarted.stream().filter(st -> st.hidden).toList();
            List<Stream> seen = restarted.stream().filter(st -> !st.hidden).toList();
            Set<Integer> retryConns = new LinkedHashSet<>();
            for (Stream st : restarted) {
                for (Stream a = st.retry; a != null && retryConns.add(a.session.connectionId); a = a.retry) {
                    // every connection the retries tried, failed ones included
                }
            }
            failedRetryConnections(restarted).forEach(retryConns::add);
            Map<String, Long> got = seen.stream().collect(Collectors.groupingBy(
                    st -> pageGot(st).replaceFirst("^failed: (.*)$", "a failure ($1)"), LinkedHashMap::new,
                    Collectors.counting()));
            String gotText = got.entrySet().stream().map(g -> g.getKey() + (g.getValue() > 1 ? " " + ImportSupport
                    .times(g.getValue().intValue()) : "")).collect(Collectors.joining("; "));
            boolean refusedWithoutCertificate = seen.stream().map(NetLogAssembler::finalAttempt)
                    .anyMatch(last -> last.status >= 400 && sockets.getOrDefault(last.session.socketId, new Socket())
                            .clientCertRequested);
            String retried = restarted.isEmpty() ? "Chromium did not retry"
                    : "Chromium retried " + ImportSupport.count(restarted.size(), "request") + " on "
                    + ImportSupport.count(retryConns.size(), "new connection")
                    + (seen.isEmpty() ? "" : "; the page got " + gotText);
            Optional<FailureKind> retryFailure = seen.stream().map(NetLogAssembler::finalAttempt)
                    .filter(last -> last.error < 0).map(last -> failureKind(last.error, sockets.get(last.session.socketId)))
                    .findFirst();
            String software = serverSoftware(group, restarted);
            String afterRestart = restarted.isEmpty() ? "Chromium did not retry, so the page got the 421."
                    : seen.isEmpty() ? "Chromium then retried on a connection of " + host + "'s own, so the page never "
                    + "saw the 421."
                    : "Chromium then retried on a connection of " + host + "'s own, and that failed too: the page got "
                    + gotText + ".";
            String fix = "Let the server answer " + host + " on connections opened for " + s.host()
                    + " (same TLS settings and vhost rules for both names on this address" + software
                    + "), or stop the coalescing: serve " + host + " from another address or with a certificate that "
                    + "does not cover both names.";
            if (retryFailure.isPresent()) {
                fix = "First, " + host + " fails on a connection of its own: " + retryFailure.get().words() + ". "
                        + retryFailure.get().fix() + " Then: " + fix;
            } else if (refusedWithoutCertificate) {
                fix = "First, " + host + " fails on a connection of its own: the server asked for a client certificate "
                        + "there, the browser had none to send, and the server answered " + gotText + ". "
                        + FailureKind.CLIENT_CERTIFICATE_REQUIRED.fix() + " Then: " + fix;
            } else if (!seen.isEmpty()) {
                fix = "First, " + host + " answers an error on a connection of its own (" + gotText + "): see the "
                        + "server's log for why. Then: " + fix;
            }
            out.add(new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM,
                    who + "; the origin answered 421 " + ImportSupport.times(misdirected.size()) + "; " + retried,
                    details.toString(),
                    "Chromium shares an HTTP/2 session between hosts that resolve to the same address when the "
                            + "certificate covers both (RFC 9113 §9.1.1). The origin refused " + host
                            + " on a connection whose SNI was " + s.host() + " and answered 421 Misdirected Request "
                            + "(RFC 9110 §15.5.20). " + afterRestart,
                    fix, keys));
            if (!hidden.isEmpty()) {
                out.add(new Finding(FindingCause.HIDDEN_RETRY, Severity.WARNING,
                        "Chromium hid the 421 for " + host + " " + ImportSupport.times(hidden.size()) + " by retrying",
                        "Each 421 on connection #" + s.connectionId + " was followed by "
                                + "HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST and the request was sent again on "
                                + (retryConns.isEmpty() ? "another session" : "connection #" + retryConns.stream()
                                .map(String::valueOf).collect(Collectors.joining(", #")))
                                + ", where it was answered without error.",
                        "Browsers retry a 421 on a fresh connection without telling the page: the cost is an extra "
                                + "round trip and a new TLS handshake each time.",
                        "Fix the 421 itself (see the misdirected-request finding); the retries then disappear.",
                        keys));
            }
        }
        return out;
    }

    /** Failed connections that the restarted requests tried and that carry no attempt of theirs. */
    private List<Integer> failedRetryConnections(List<Stream> restarted) {
        List<Integer> out = new ArrayList<>();
        Map<Long, List<H2Session>> failed = failedConnectionsSeen;
        for (Stream st : restarted) {
            for (H2Session f : failed.getOrDefault(st.requestId, List.of())) {
                if (f.beginMs >= st.restartMs && f.connectionId > 0) {
                    out.add(f.connectionId);
                }
            }
        }
        return out;
    }

    /**
     * ", e.g. identical SSL settings in both Apache vhosts" when the responses named the server software, "" when
     * they did not: a fix names the software only when the capture shows it.
     */
    private static String serverSoftware(List<Stream> group, List<Stream> restarted) {
        Set<String> names = new LinkedHashSet<>();
        List<Stream> all = new ArrayList<>(group);
        restarted.stream().map(NetLogAssembler::finalAttempt).forEach(all::add);
        for (Stream st : all) {
            String server = st.server.toLowerCase(Locale.ROOT);
            if (server.startsWith("apache")) {
                names.add(", e.g. identical SSL settings (SSLVerifyClient, SSLProtocol, certificate files) in both "
                        + "Apache vhosts, as the responses' Server header names Apache httpd");
            } else if (server.startsWith("nginx")) {
                names.add(", e.g. the same ssl_verify_client and ssl_* settings in both nginx server blocks, as the "
                        + "responses' Server header names nginx");
            } else if (server.startsWith("caddy")) {
                names.add(", e.g. the same client_auth and TLS policy for both names in Caddy (strict_sni_host), as "
                        + "the responses' Server header names Caddy");
            }
        }
        return names.size() == 1 ? names.iterator().next() : "";
    }

    /** How a lane names its peer's certificate: "CN=a.example SAN a.example, b.example". */
    static String summary(CertificateInfo c) {
        List<String> sans = new ArrayList<>(c.dnsNames());
        sans.addAll(c.ipAddresses());
        return c.subject() + (sans.isEmpty() ? "" : " SAN " + String.join(", ", sans));
    }

    private static long us(long ms, long baseMs) {
        return (ms - baseMs) * 1000;
    }
}
