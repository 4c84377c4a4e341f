package dev.misdirect.core.timeline;

import java.util.List;
import java.util.Optional;

/**
 * One thing that happened during a replay or in an imported capture. Times are microseconds since the run
 * started, taken from a monotonic clock. Ids are small integers assigned by the recorder: connection ids
 * in the order connections were opened, exchange ids in the order requests were sent (retries get new ones).
 * {@link #UNKNOWN} (-1) stands for an id that is not known.
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
