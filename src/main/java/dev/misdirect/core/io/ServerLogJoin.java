package dev.misdirect.core.io;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a server's log beside the client's side: joined to a replay run or an imported capture by client port and
 * time, or on its own as a timeline of what the server saw.
 *
 * <p>Pure and thread-safe: no I/O, no clock.
 */
public final class ServerLogJoin {
    /** How far apart the server's log time and the client's request may be and still be one request. */
    public static final Duration TOLERANCE = Duration.ofSeconds(2);

    private ServerLogJoin() {
    }

    /**
     * The run joined to the server's log.
     *
     * @param run       the run with a {@code ServerObserved} event and the attempt's server view for each matched line
     * @param matched   how many lines matched a request
     * @param unmatched the lines that matched none, each with why
     */
    public record Joined(ReplayRun run, int matched, List<String> unmatched) {
        public Joined {
            unmatched = List.copyOf(unmatched);
        }
    }

    /** One request of the run, as the join sees it. */
    private record Exchange(int id, int connectionId, String host, long atMicros, long responseMicros, int status,
                            int localPort) {
    }

    /**
     * Joins each line of {@code log} to the request it records: the same host (the Host or {@code :authority} the
     * server saw), the same status, on the connection whose local port is the line's client port when the line names
     * one, and within {@link #TOLERANCE} of the request when the line has a time. A line with neither a client port
     * nor a time, or that no request fits, stays unmatched with the reason. Each request takes at most one line;
     * among several fitting requests the one nearest in time wins.
     */
    public static Joined join(ReplayRun run, ServerLog log) {
        List<Exchange> exchanges = exchanges(run);
        Map<Integer, ServerView> byExchange = new LinkedHashMap<>();
        List<TimelineEvent> events = new ArrayList<>(run.events());
        List<String> unmatched = new ArrayList<>();
        // every fitting (line, request) pair, nearest in time first; each line and each request is taken once
        record Candidate(ServerLogEntry entry, Exchange exchange, long gapMillis) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (ServerLogEntry e : log.entries()) {
            if (e.view().clientPort() == 0 && e.time().isEmpty()) {
                continue;
            }
            for (Exchange x : exchanges) {
                if (!fits(x, e.view())) {
                    continue;
                }
                long gap = e.time().map(t -> Math.abs(Duration.between(run.startedAt().plusNanos(x.atMicros() * 1000),
                        t).toMillis())).orElse(0L);
                if (gap <= TOLERANCE.toMillis()) {
                    candidates.add(new Candidate(e, x, gap));
                }
            }
        }
        candidates.sort(java.util.Comparator.comparingLong(Candidate::gapMillis));
        Map<Integer, ServerLogEntry> taken = new HashMap<>();
        for (Candidate c : candidates) {
            if (!byExchange.containsKey(c.exchange().id()) && !taken.containsKey(c.entry().line())) {
                byExchange.put(c.exchange().id(), c.entry().view());
                taken.put(c.entry().line(), c.entry());
                events.add(new TimelineEvent.ServerObserved(c.exchange().responseMicros(), c.exchange().id(),
                        c.entry().view()));
            }
        }
        for (ServerLogEntry e : log.entries()) {
            if (taken.containsKey(e.line())) {
                continue;
            }
            ServerView v = e.view();
            unmatched.add("line " + e.line() + ": " + (v.clientPort() == 0 && e.time().isEmpty()
                    ? "names neither the client's port nor a time"
                    : "no request for " + (v.authority().isEmpty() ? "(no Host)" : v.authority())
                    + (v.status() > 0 ? " answered " + v.status() : "")
                    + (v.clientPort() > 0 ? " from client port " + v.clientPort() : "")
                    + e.time().map(t -> " near " + t).orElse("")));
        }
        List<StepOutcome> steps = new ArrayList<>();
        for (StepOutcome o : run.steps()) {
            List<AttemptRecord> attempts = o.attempts().stream().map(a -> new AttemptRecord(a.exchangeId(),
                    a.connectionId(), a.sni(), a.authority(), a.status(), a.hidden(),
                    Optional.ofNullable(byExchange.get(a.exchangeId())).or(a::server))).toList();
            steps.add(new StepOutcome(o.step(), o.method(), o.url(), o.authority(), o.finalStatus(), attempts, o.error()));
        }
        List<Finding> findings = new ArrayList<>(run.findings());
        findings.addAll(findings(log, byExchange.values().stream().toList(), unmatched));
        ReplayRun joined = new ReplayRun(run.planText(), run.policy(), run.retry421(), run.http1(), run.labScenario(),
                run.fixed(), run.startedAt(), steps, events, findings);
        return new Joined(joined, byExchange.size(), unmatched);
    }

    private static boolean fits(Exchange x, ServerView v) {
        if (!v.authority().isEmpty() && !x.host().equals(host(v.authority()))) {
            return false;
        }
        if (v.status() > 0 && v.status() != x.status()) {
            return false;
        }
        return v.clientPort() == 0 || v.clientPort() == x.localPort();
    }

    private static List<Exchange> exchanges(ReplayRun run) {
        Map<Integer, Integer> localPort = new HashMap<>();
        Map<Integer, Integer> status = new HashMap<>();
        Map<Integer, Long> responseAt = new HashMap<>();
        for (TimelineEvent e : run.events()) {
            if (e instanceof TimelineEvent.ConnectionOpened o) {
                localPort.put(o.connectionId(), o.localPort());
            } else if (e instanceof TimelineEvent.ResponseReceived r) {
                status.put(r.exchangeId(), r.status());
                responseAt.put(r.exchangeId(), r.atMicros());
            }
        }
        List<Exchange> out = new ArrayList<>();
        for (TimelineEvent e : run.events()) {
            if (e instanceof TimelineEvent.RequestSent r) {
                out.add(new Exchange(r.exchangeId(), r.connectionId(), host(r.authority()), r.atMicros(),
                        responseAt.getOrDefault(r.exchangeId(), r.atMicros()), status.getOrDefault(r.exchangeId(), 0),
                        localPort.getOrDefault(r.connectionId(), 0)));
            }
        }
        return out;
    }

    /** The host of an authority or Host value, lower case, without port or trailing dot. */
    static String host(String authority) {
        String h = ImportSupport.addressHost(authority.strip());
        h = h.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * A server's log on its own: one lane per client connection (by client port, or the server's connection number),
     * one bar per line with its Host, status and the server's view; no replay plan (a server's log does not tell what
     * the client meant to send).
     */
    public static ImportResult asImport(ServerLog log) {
        Optional<Instant> first = log.entries().stream().flatMap(e -> e.time().stream()).min(Instant::compareTo);
        Map<String, Integer> lanes = new LinkedHashMap<>();
        List<TimelineEvent> events = new ArrayList<>();
        ImportSupport.AuthorityCollector authorities = new ImportSupport.AuthorityCollector();
        boolean connectionsKnown = true;
        int exchange = 0;
        for (ServerLogEntry e : log.entries()) {
            ServerView v = e.view();
            long at = first.isPresent() && e.time().isPresent()
                    ? Duration.between(first.get(), e.time().get()).toNanos() / 1000 : exchange * 1000L;
            String laneKey = v.clientPort() > 0 ? "port " + v.clientPort() : e.connection().orElse("line " + e.line());
            connectionsKnown &= v.clientPort() > 0 || e.connection().isPresent();
            Integer connection = lanes.get(laneKey);
            if (connection == null) {
                connection = lanes.size() + 1;
                lanes.put(laneKey, connection);
                events.add(new TimelineEvent.ConnectionOpened(at, connection, "", 0, v.clientPort(), v.sni(),
                        v.alpn().isEmpty() ? "unknown" : v.alpn(), Optional.empty(), Optional.empty(), at, at, at));
            }
            exchange++;
            String authority = v.authority().isEmpty() ? v.sni().orElse("(no Host)") : v.authority();
            events.add(new TimelineEvent.RequestSent(at, exchange, connection, exchange - 1, 1, "-", authority,
                    v.path().isEmpty() ? "/" : v.path()));
            events.add(new TimelineEvent.ResponseReceived(at, exchange, connection, v.status(),
                    v.alpn().isEmpty() ? "unknown" : v.alpn()));
            if (v.status() == 421) {
                events.add(new TimelineEvent.Misdirected(at, exchange, connection, authority, v.sni(), false));
            }
            events.add(new TimelineEvent.ServerObserved(at, exchange, v));
            for (String name : new String[]{v.authority(), v.sni().orElse("")}) {
                if (!name.isEmpty()) {
                    ImportSupport.authority(name, 443).ifPresent(a -> authorities.add(a, Optional.empty()));
                }
            }
        }
        List<String> limitations = new ArrayList<>();
        limitations.add("A server's log holds the server's side only: which client sent these requests, and whether "
                + "it retried a 421, is not in it. Import the client's capture or replay first, then add this log "
                + "(misdirect import CAPTURE " + log.source() + ") to see both sides.");
        if (log.kind() == ImportKind.APACHE_ERROR_LOG || log.kind() == ImportKind.NGINX_ERROR_LOG) {
            limitations.add(log.kind().label() + " times carry no zone; they were read in " + log.zone() + ".");
        }
        if (log.unreadable() > 0) {
            limitations.add(ImportSupport.count(log.unreadable(), "line") + " of " + log.source() + " are not in the "
                    + "format of the " + log.kind().label() + " and were skipped: "
                    + String.join("; ", log.unreadableSamples()) + ".");
        }
        List<Finding> findings = new ArrayList<>(findings(log, log.entries().stream().map(ServerLogEntry::view).toList(),
                List.of()));
        if (log.unreadable() > 0) {
            findings.add(ImportSupport.limitation(ImportSupport.count(log.unreadable(), "unreadable line") + " in "
                            + log.source(), log.summary(),
                    "Check that the file is one server's log in its default format (see the README's list)."));
        }
        return new ImportResult(log.kind(), log.source(), first, authorities.build(), events, findings, List.of(),
                limitations, "", connectionsKnown ? Optional.empty()
                : Optional.of(log.kind().label() + " names no client port or connection"),
                Optional.of("a server's log cannot show whether the client retried a 421"));
    }

    /** One finding for the 421s the server logged, with the SNI and Host of each; and one for the lines left over. */
    private static List<Finding> findings(ServerLog log, List<ServerView> views, List<String> unmatched) {
        List<Finding> out = new ArrayList<>();
        List<ServerView> refused = views.stream().filter(v -> v.status() == 421).toList();
        if (!refused.isEmpty()) {
            StringBuilder details = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (ServerView v : refused) {
                details.append(v.origin()).append(": SNI ").append(v.sni().orElse("none")).append(", Host ")
                        .append(v.authority()).append(" → 421: ").append(v.reason()).append('\n');
                v.sni().ifPresent(s -> addOnce(names, s));
                addOnce(names, v.authority());
            }
            out.add(new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.WARNING,
                    log.kind().label() + " shows " + ImportSupport.count(refused.size(), "request")
                            + " refused with 421 Misdirected Request",
                    details.toString().strip(),
                    "The server saw a request whose Host names another site than the TLS server name (SNI) of the "
                            + "connection it came on, and refused it. A client coalesced the names onto one connection "
                            + "(HTTP/2, RFC 9113 §9.1.1), or a proxy in front sent it on a connection opened for "
                            + "another name. Chromium, Firefox and OkHttp retry a 421 on a fresh connection; Safari, "
                            + "undici's request(), .NET, httpx, curl, Go and Java show it.",
                    "Give the names separate addresses or certificates that do not cover each other, or make their "
                            + "TLS settings the same on this server; behind a proxy, key its upstream connections by "
                            + "Host, not by IP.",
                    names));
        }
        if (!unmatched.isEmpty()) {
            out.add(ImportSupport.limitation(ImportSupport.count(unmatched.size(), "line") + " of " + log.source()
                            + " match no request of this run",
                    String.join("\n", unmatched),
                    "The log may be from another time or another client; the join needs the client's port or a time "
                            + "within " + TOLERANCE.toSeconds() + " s, the same Host and the same status."));
        }
        return out;
    }

    private static void addOnce(List<String> names, String name) {
        Optional<Authority> a = ImportSupport.authority(name, 443);
        String key = a.map(Authority::key).orElse(name);
        if (!names.contains(key)) {
            names.add(key);
        }
    }
}
