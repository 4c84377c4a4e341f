package dev.misdirect.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;
import dev.misdirect.core.timeline.TimelineEvent;

import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
            "SSL_CERTIFICATES_RECEIVED", "HTTP_TRANSACTION_SEND_REQUEST_HEADERS", "QUIC_SESSION");

    private static final class Socket {
        long connectStartMs = -1;
        long connectEndMs = -1;
        String local = "";
        String remote = "";
        long tlsStartMs = -1;
        long tlsEndMs = -1;
        Optional<String> tlsVersion = Optional.empty();
        List<CertificateInfo> chain = List.of();
    }

    private static final class H2Session {
        final long sourceId;
        final String hostPort;
        final long beginMs;
        long socketId = -1;
        long endMs = -1;
        String closeReason = "";
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
    private final Map<Long, Request> requests = new HashMap<>();
    private final Map<Long, List<Long>> restarts = new HashMap<>();
    private final List<IpPoolDecision> ipPool = new ArrayList<>();
    private final Map<String, Optional<CertificateInfo>> certCache = new HashMap<>();
    private final Map<String, CertificateInfo> leafCertificates = new LinkedHashMap<>();
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
        // connection ids in the order sessions began (sessions that carried no stream are left out)
        Set<H2Session> used = new LinkedHashSet<>();
        streams.stream().map(s -> s.session).sorted(Comparator.comparingLong(s -> s.beginMs)).forEach(used::add);
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
            events.add(new TimelineEvent.ConnectionOpened(us(s.beginMs, base), s.connectionId, peer, peerPort,
                    ImportSupport.addressPort(sock.local), sni, "h2", sock.tlsVersion, leaf, us(connectStart, base),
                    us(sock.tlsStartMs >= 0 ? sock.tlsStartMs : connectStart, base),
                    us(sock.tlsEndMs >= 0 ? sock.tlsEndMs : s.beginMs, base)));
            if (s.endMs >= 0) {
                events.add(new TimelineEvent.ConnectionClosed(us(s.endMs, base), s.connectionId,
                        s.closeReason.isEmpty() ? "session ended" : s.closeReason));
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
            Set<Integer> retryConns = restarted.stream().filter(st -> st.retry != null)
                    .map(st -> st.retry.session.connectionId).collect(Collectors.toCollection(LinkedHashSet::new));
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
                                .append(st.retry.status == 0 ? "no response" : String.valueOf(st.retry.status));
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
            String retried = restarted.isEmpty() ? "Chromium did not retry"
                    : retryConns.size() == 1 && restarted.size() == misdirected.size() ? "Chromium retried on a new session"
                    : "Chromium retried " + ImportSupport.count(restarted.size(), "request") + " on "
                    + ImportSupport.count(retryConns.size(), "new session");
            out.add(new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM,
                    who + "; the origin answered 421 " + ImportSupport.times(misdirected.size()) + "; " + retried,
                    details.toString(),
                    "Chromium shares an HTTP/2 session between hosts that resolve to the same address when the "
                            + "certificate covers both (RFC 9113 §9.1.1). The origin refused " + host
                            + " on a connection whose SNI was " + s.host() + " and answered 421 Misdirected Request "
                            + "(RFC 9110 §15.5.20); Chromium then retried on a session of its own, so the page never "
                            + "saw the 421.",
                    "Let the server answer " + host + " on connections opened for " + s.host()
                            + " (same TLS settings and vhost rules on this address, e.g. identical SSL settings in "
                            + "both Apache vhosts), or stop the coalescing: serve " + host + " from another address or "
                            + "with a certificate that does not cover both names.",
                    keys));
            if (!restarted.isEmpty()) {
                out.add(new Finding(FindingCause.HIDDEN_RETRY, Severity.WARNING,
                        "Chromium hid the 421 for " + host + " " + ImportSupport.times(restarted.size()) + " by retrying",
                        "Each 421 on connection #" + s.connectionId + " was followed by "
                                + "HTTP_TRANSACTION_RESTART_MISDIRECTED_REQUEST and the request was sent again on "
                                + (retryConns.isEmpty() ? "another session" : "connection #" + retryConns.stream()
                                .map(String::valueOf).collect(Collectors.joining(", #"))) + ".",
                        "Browsers retry a 421 on a fresh connection without telling the page: the cost is an extra "
                                + "round trip and a new TLS handshake each time.",
                        "Fix the 421 itself (see the misdirected-request finding); the retries then disappear.",
                        keys));
            }
        }
        return out;
    }

    private static String summary(CertificateInfo c) {
        List<String> sans = new ArrayList<>(c.dnsNames());
        sans.addAll(c.ipAddresses());
        return c.subject() + (sans.isEmpty() ? "" : " SAN " + String.join(", ", sans));
    }

    private static long us(long ms, long baseMs) {
        return (ms - baseMs) * 1000;
    }
}
