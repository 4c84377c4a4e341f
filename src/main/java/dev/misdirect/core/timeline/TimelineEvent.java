package dev.misdirect.core.timeline;

import java.util.List;
import java.util.Optional;

/**
 * One thing that happened during a replay or in an imported capture. Times are microseconds since the run
 * started, taken from a monotonic clock. Ids are small integers assigned by the recorder: connection ids
 * in the order connections were opened, exchange ids in the order requests were sent (retries get new ones).
 * {@link #UNKNOWN} (-1) stands for an id that is not known.
 *
 * <h2>How the events of a replay pair and nest</h2>
 *
 * <p>An <em>exchange</em> is one attempt of one plan step: one request on one connection and what came back. A
 * step has one exchange, or more when its 421 was retried. For each step the replay recorder emits, in this order
 * (indented events happen only in the case named beside them):
 *
 * <pre>
 * DnsResolved                            the client looked a name up (also before coalescing onto another
 *                                        authority's connection: the addresses are compared)
 *   ConnectStarted(c)                    no pooled connection would do: a new one, id c
 *   ConnectionOpened(c) | ConnectFailed(c)
 * ConnectionAcquired(e, c)               exchange e goes out on connection c ...
 * RequestSent(e, c)                      ... at the same instant
 * ResponseReceived(e, c)                 the status the server sent (421 also when the client hides it)
 *   Misdirected(e, c)                    the status was 421; hiddenByClient when it is retried
 *   RetryScheduled(e → e2)               the 421 is retried as exchange e2 (same step, attempt + 1)
 * ConnectionReleased(e, c)               e gives c back to the pool; c stays open for reuse
 *   ... the events of e2, from DnsResolved on
 *   ExchangeFailed(e | -1, c | -1)       the step ended without a response
 * </pre>
 *
 * <p>and once the run is over, for the whole run:
 *
 * <pre>
 *   Note(-1)                             the run was cancelled, with how many requests were done
 * ConnectionClosed(c)                    for every connection opened, all at the end (the client closes its pool)
 *   ServerObserved(e)                    the lab's log of e, timed at e's response
 * </pre>
 *
 * <p>Pairs and brackets, which readers may rely on:
 * <ul>
 *   <li>{@code ConnectStarted(c)} is followed by {@code ConnectionOpened(c)} or {@code ConnectFailed(c)}, or by
 *       neither when the client drops the new connection for a pooled one it may use instead. A connection is
 *       opened when a request first takes it: {@code ConnectionOpened} comes just before the first
 *       {@code ConnectionAcquired} on it and carries the span from the connect's start to the end of its TLS
 *       handshake.</li>
 *   <li>{@code ConnectionOpened(c)} and {@code ConnectionClosed(c)} bracket every exchange on {@code c}.</li>
 *   <li>{@code ConnectionAcquired(e, c)} and {@code RequestSent(e, c)} come together, once per exchange; a
 *       {@code ConnectionAcquired} is {@code coalesced} when the request's authority is not the host of the
 *       connection's SNI, and its {@code reason} says why that connection was chosen. {@code ConnectionReleased(e,
 *       c)} closes the pair, after the response or the failure; for a retried 421 it comes after
 *       {@code RetryScheduled}, before the retry's own events.</li>
 *   <li>{@code Misdirected(e)} follows {@code ResponseReceived(e)} with status 421, at the client's follow-up
 *       decision. With the client's 421 retry on, it is {@code hiddenByClient} and {@code RetryScheduled(e → e2)}
 *       follows at the same instant: OkHttp's own retry of a 421 on a coalesced connection, or the ip-keyed pool's
 *       retry on a connection opened for the request's authority. With retry off, or for a 421 on a connection
 *       that was not shared, the 421 is not hidden, nothing follows, and the caller sees it.</li>
 *   <li>The retry {@code e2} is an exchange like any other, with the same step and {@code attempt} one more
 *       than {@code e}'s. Its id is taken when the retry is decided, so it is higher than {@code e}'s. A retry
 *       that fails, or is answered with an error, is what the caller sees.</li>
 *   <li>{@code ExchangeFailed} ends a step without a response: it names the exchange whose request went out
 *       unanswered, or {@link #UNKNOWN} (and no connection) when it failed before sending (name resolution,
 *       connect, TLS handshake, a cancelled run).</li>
 * </ul>
 *
 * <p>Steps sent concurrently interleave their events in the list; within one exchange the order above holds, and
 * the ids tie the events together. The list is in recording order, not time order ({@code ServerObserved} is
 * added after the run): sort by {@link #atMicros()}, as {@link ConnectionTimeline#of} does. Importers (a HAR, a
 * Chrome NetLog) emit the same events with the same pairing where their capture holds the facts, and leave out
 * the rest: no {@code DnsResolved} or {@code ConnectionReleased}, connects and closes only from a NetLog, and a
 * {@code Note} on a lane whose connection the capture cannot tell apart.
 */
public sealed interface TimelineEvent {

    int UNKNOWN = -1;

    /** When it happened, in microseconds since the start of the run. */
    long atMicros();

    /** A name was resolved (or an override used). */
    record DnsResolved(long atMicros, long durationMicros, String host, List<String> addresses, String source)
            implements TimelineEvent {
        public DnsResolved {
            addresses = List.copyOf(addresses);
        }
    }

    /** A TCP connect began. */
    record ConnectStarted(long atMicros, int connectionId, String peerAddress, int peerPort) implements TimelineEvent {
    }

    /** A connection attempt failed (refused, timeout, handshake failure). */
    record ConnectFailed(long atMicros, int connectionId, String peerAddress, int peerPort, String message)
            implements TimelineEvent {
    }

    /**
     * A connection is established and ready. Carries the whole handshake span so a lane can draw it.
     *
     * @param sni          the server_name sent, empty when none
     * @param protocol     "h2" or "http/1.1"
     * @param tlsVersion   e.g. "TLSv1.3"
     * @param peerCertificate a one-line summary of the leaf (subject and SANs), empty when unknown
     */
    record ConnectionOpened(long atMicros, int connectionId, String peerAddress, int peerPort, int localPort,
                            Optional<String> sni, String protocol, Optional<String> tlsVersion,
                            Optional<String> peerCertificate, long connectStartMicros, long tlsStartMicros,
                            long tlsEndMicros) implements TimelineEvent {
    }

    /** A connection was closed or evicted. */
    record ConnectionClosed(long atMicros, int connectionId, String reason) implements TimelineEvent {
    }

    /**
     * A pool chose a connection for a request; {@code coalesced} when it was opened for another authority.
     *
     * @param reason why this connection was chosen ("new connection", "reused: same authority",
     *               "coalesced: IP pool match, certificate covers b.lab.test", "ip-keyed pool: same 127.0.0.11:8443")
     */
    record ConnectionAcquired(long atMicros, int exchangeId, int connectionId, String authority, boolean coalesced,
                              String reason) implements TimelineEvent {
    }

    /**
     * A request went out.
     *
     * @param step    0-based index of the plan step this request belongs to
     * @param attempt 1 for the first try, 2 for the retry after a 421, ...
     */
    record RequestSent(long atMicros, int exchangeId, int connectionId, int step, int attempt, String method,
                       String authority, String path) implements TimelineEvent {
    }

    /** A response arrived; {@code protocol} is "h2" or "http/1.1". */
    record ResponseReceived(long atMicros, int exchangeId, int connectionId, int status, String protocol)
            implements TimelineEvent {
    }

    /**
     * The response was 421 Misdirected Request.
     *
     * @param sni            the SNI of the connection it travelled on (empty when none or unknown)
     * @param hiddenByClient the client retried without surfacing the 421 to its caller
     */
    record Misdirected(long atMicros, int exchangeId, int connectionId, String authority, Optional<String> sni,
                       boolean hiddenByClient) implements TimelineEvent {
    }

    /** The client retried exchange {@code exchangeId} as {@code retryExchangeId}. */
    record RetryScheduled(long atMicros, int exchangeId, int retryExchangeId, String reason) implements TimelineEvent {
    }

    /** An exchange failed without a response. */
    record ExchangeFailed(long atMicros, int exchangeId, int connectionId, String message) implements TimelineEvent {
    }

    /** What the server recorded for an exchange (from the lab's log or a server capture). */
    record ServerObserved(long atMicros, int exchangeId, ServerView view) implements TimelineEvent {
    }

    /** Free text worth showing on the timeline (e.g. an importer's remark). */
    record Note(long atMicros, int connectionId, String text) implements TimelineEvent {
    }

    /** A request gave its connection back to the pool (the connection may stay open for reuse). */
    record ConnectionReleased(long atMicros, int exchangeId, int connectionId) implements TimelineEvent {
    }
}
