package dev.misdirect.core.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The laid-out connection timeline: one lane per connection, one bar per exchange, markers for 421s, retries,
 * failures and coalescing decisions. Built from events by {@link #of(List)}; pure and thread-safe.
 *
 * @param lanes      connections in the order they were opened
 * @param bars       exchanges in the order they were sent
 * @param markers    point events in time order
 * @param endMicros  the time of the last event (the right edge of the chart)
 */
public record ConnectionTimeline(List<Lane> lanes, List<Bar> bars, List<Marker> markers, long endMicros) {

    public ConnectionTimeline {
        lanes = List.copyOf(lanes);
        bars = List.copyOf(bars);
        markers = List.copyOf(markers);
    }

    /**
     * One connection.
     *
     * @param coalesced true when it carried a request whose authority differs from its SNI
     * @param closedMicros when it closed, or the end of the run when it stayed open
     */
    public record Lane(int connectionId, Optional<String> sni, String peerAddress, int peerPort, int localPort,
                       String protocol, Optional<String> tlsVersion, Optional<String> peerCertificate,
                       long connectStartMicros, long tlsStartMicros, long tlsEndMicros, long closedMicros,
                       boolean coalesced) {
        /** "a.lab.test → 127.0.0.11:8443", or the peer alone when no SNI was sent. */
        public String label() {
            String peer = (peerAddress.indexOf(':') >= 0 ? "[" + peerAddress + "]" : peerAddress) + ":" + peerPort;
            return sni.map(s -> s + " → " + peer).orElse("(no SNI) → " + peer);
        }
    }

    /**
     * One exchange (one attempt of one plan step).
     *
     * @param status      the response status, 0 when none arrived
     * @param misdirected the response was 421
     * @param hidden      the client retried after this 421 without surfacing it
     * @param retryOf     exchange id this one retries, {@link TimelineEvent#UNKNOWN} for a first attempt
     * @param server      the server's view, when known
     * @param error       why it failed, when it did
     */
    public record Bar(int exchangeId, int connectionId, int step, int attempt, String method, String authority,
                      String path, long startMicros, long endMicros, int status, boolean misdirected, boolean hidden,
                      int retryOf, Optional<ServerView> server, Optional<String> error) {
        public boolean failed() {
            return error.isPresent();
        }

        /** The server answered with another site's page or no route (not a 421), as its view tells. */
        public boolean misrouted() {
            return server.map(ServerView::misrouted).orElse(false);
        }
    }

    /** Point events drawn on a lane. */
    public enum MarkerKind { MISDIRECTED, RETRY, FAILURE, COALESCED, NOTE }

    public record Marker(MarkerKind kind, long atMicros, int connectionId, int exchangeId, String text) {
    }

    public static ConnectionTimeline empty() {
        return new ConnectionTimeline(List.of(), List.of(), List.of(), 0);
    }

    /** Lays out the events (in any order; they are sorted by time, stable). */
    public static ConnectionTimeline of(List<? extends TimelineEvent> input) {
        List<TimelineEvent> events = new ArrayList<>(input);
        events.sort(Comparator.comparingLong(TimelineEvent::atMicros));
        long end = events.isEmpty() ? 0 : events.get(events.size() - 1).atMicros();

        Map<Integer, TimelineEvent.ConnectionOpened> opened = new LinkedHashMap<>();
        Map<Integer, Long> closed = new LinkedHashMap<>();
        Map<Integer, BarBuilder> bars = new LinkedHashMap<>();
        List<Marker> markers = new ArrayList<>();
        Map<Integer, Boolean> laneCoalesced = new LinkedHashMap<>();

        for (TimelineEvent e : events) {
            if (e instanceof TimelineEvent.ConnectionOpened o) {
                opened.putIfAbsent(o.connectionId(), o);
            } else if (e instanceof TimelineEvent.ConnectionClosed c) {
                closed.put(c.connectionId(), c.atMicros());
            } else if (e instanceof TimelineEvent.RequestSent r) {
                BarBuilder b = bars.computeIfAbsent(r.exchangeId(), BarBuilder::new);
                b.connectionId = r.connectionId();
                b.step = r.step();
                b.attempt = r.attempt();
                b.method = r.method();
                b.authority = r.authority();
                b.path = r.path();
                b.start = r.atMicros();
                b.end = Math.max(b.end, r.atMicros());
            } else if (e instanceof TimelineEvent.ResponseReceived r) {
                BarBuilder b = bars.computeIfAbsent(r.exchangeId(), BarBuilder::new);
                b.status = r.status();
                b.end = r.atMicros();
                if (b.connectionId == TimelineEvent.UNKNOWN) {
                    b.connectionId = r.connectionId();
                }
            } else if (e instanceof TimelineEvent.Misdirected m) {
                BarBuilder b = bars.computeIfAbsent(m.exchangeId(), BarBuilder::new);
                b.misdirected = true;
                b.hidden |= m.hiddenByClient();
                b.visibleSaid = !m.hiddenByClient();
                markers.add(new Marker(MarkerKind.MISDIRECTED, m.atMicros(), m.connectionId(), m.exchangeId(),
                        "421 for " + m.authority() + " on connection #" + m.connectionId()
                                + m.sni().map(s -> " (SNI " + s + ")").orElse(" (no SNI)")
                                + (m.hiddenByClient() ? ", hidden by the client's retry" : "")));
            } else if (e instanceof TimelineEvent.RetryScheduled r) {
                BarBuilder original = bars.computeIfAbsent(r.exchangeId(), BarBuilder::new);
                // a retry hides the 421 unless the 421's own event said the caller saw it (the retry failed too)
                original.hidden = original.hidden || original.misdirected && !original.visibleSaid;
                bars.computeIfAbsent(r.retryExchangeId(), BarBuilder::new).retryOf = r.exchangeId();
                markers.add(new Marker(MarkerKind.RETRY, r.atMicros(), original.connectionId, r.exchangeId(),
                        "retry of exchange " + ExchangeText.exchange(r.exchangeId()) + " as " + ExchangeText.exchange(r.retryExchangeId()) + ": " + r.reason()));
            } else if (e instanceof TimelineEvent.ExchangeFailed f) {
                BarBuilder b = bars.computeIfAbsent(f.exchangeId(), BarBuilder::new);
                b.error = Optional.of(f.message());
                b.end = Math.max(b.end, f.atMicros());
                if (b.connectionId == TimelineEvent.UNKNOWN) {
                    b.connectionId = f.connectionId();
                }
                markers.add(new Marker(MarkerKind.FAILURE, f.atMicros(), f.connectionId(), f.exchangeId(), f.message()));
            } else if (e instanceof TimelineEvent.ConnectFailed f) {
                markers.add(new Marker(MarkerKind.FAILURE, f.atMicros(), f.connectionId(), TimelineEvent.UNKNOWN,
                        "connect to " + f.peerAddress() + ":" + f.peerPort() + " failed: " + f.message()));
            } else if (e instanceof TimelineEvent.ServerObserved s) {
                bars.computeIfAbsent(s.exchangeId(), BarBuilder::new).server = Optional.of(s.view());
            } else if (e instanceof TimelineEvent.ConnectionAcquired a) {
                if (a.coalesced()) {
                    laneCoalesced.put(a.connectionId(), true);
                    markers.add(new Marker(MarkerKind.COALESCED, a.atMicros(), a.connectionId(), a.exchangeId(),
                            a.authority() + " sent on connection #" + a.connectionId() + ": " + a.reason()));
                }
            } else if (e instanceof TimelineEvent.Note n) {
                markers.add(new Marker(MarkerKind.NOTE, n.atMicros(), n.connectionId(), TimelineEvent.UNKNOWN, n.text()));
            }
        }

        List<Bar> barList = new ArrayList<>();
        for (BarBuilder b : bars.values()) {
            if (b.method == null) {
                continue; // a response or server record without its request: nothing to draw
            }
            barList.add(b.build());
            TimelineEvent.ConnectionOpened o = opened.get(b.connectionId);
            if (o != null && o.sni().map(s -> !sameHost(s, b.authority)).orElse(false)) {
                laneCoalesced.put(b.connectionId, true);
            }
        }
        List<Lane> lanes = new ArrayList<>();
        for (TimelineEvent.ConnectionOpened o : opened.values()) {
            lanes.add(new Lane(o.connectionId(), o.sni(), o.peerAddress(), o.peerPort(), o.localPort(), o.protocol(),
                    o.tlsVersion(), o.peerCertificate(), o.connectStartMicros(), o.tlsStartMicros(), o.tlsEndMicros(),
                    closed.getOrDefault(o.connectionId(), end), laneCoalesced.getOrDefault(o.connectionId(), false)));
        }
        return new ConnectionTimeline(lanes, barList, markers, end);
    }

    /** Host part of an authority ("b.lab.test:8443" → "b.lab.test") compared case-insensitively with an SNI. */
    public static boolean sameHost(String sni, String authority) {
        String host = authority;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close > 0 ? host.substring(1, close) : host;
        } else {
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(':') == colon) {
                host = host.substring(0, colon);
            }
        }
        return host.equalsIgnoreCase(sni);
    }

    /** Bars on one lane, in time order. */
    public List<Bar> barsOn(int connectionId) {
        return bars.stream().filter(b -> b.connectionId() == connectionId).toList();
    }

    /** The lane with this connection id. */
    public Optional<Lane> lane(int connectionId) {
        return lanes.stream().filter(l -> l.connectionId() == connectionId).findFirst();
    }

    /** Number of exchanges the server answered with another site's page or no route (see {@link Bar#misrouted()}). */
    public long misroutedCount() {
        return bars.stream().filter(Bar::misrouted).count();
    }

    /** The misrouted exchanges in words ("1 misrouted: 404 from the wrong backend"); empty when none was. */
    public Optional<String> misrouteSummary() {
        return ServerView.misrouteSummary(bars.stream().flatMap(b -> b.server().stream()).toList());
    }

    /** Number of exchanges answered 421, hidden or not. */
    public long misdirectedCount() {
        return bars.stream().filter(Bar::misdirected).count();
    }

    private static final class BarBuilder {
        final int exchangeId;
        int connectionId = TimelineEvent.UNKNOWN;
        int step;
        int attempt = 1;
        String method;
        String authority = "";
        String path = "/";
        long start;
        long end;
        int status;
        boolean misdirected;
        boolean hidden;
        boolean visibleSaid;
        int retryOf = TimelineEvent.UNKNOWN;
        Optional<ServerView> server = Optional.empty();
        Optional<String> error = Optional.empty();

        BarBuilder(int exchangeId) {
            this.exchangeId = exchangeId;
        }

        Bar build() {
            return new Bar(exchangeId, connectionId, step, attempt, method, authority, path, start, Math.max(start, end),
                    status, misdirected, hidden, retryOf, server, error);
        }
    }
}
