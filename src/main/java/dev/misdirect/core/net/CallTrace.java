package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.timeline.TimelineEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recorder's notes about one replayed request, across every call it causes (a client's own follow-up and the
 * ip-keyed pool's retry). Attached to the request as its tag, so the event listener and the interceptors of any
 * client find it. All access is synchronized on the trace.
 */
final class CallTrace {
    final int step;
    /** {@code host:port} of the authority the request is really for (credentials and findings are keyed by it). */
    final String realAuthority;
    final ConnectionPolicy policy;
    final boolean retry421;

    int attemptCount;
    /** A connect in progress: id proposed at connect start, and its handshake times. */
    int pendingConnectionId = TimelineEvent.UNKNOWN;
    long connectStartMicros;
    long tlsStartMicros;
    long tlsEndMicros;
    ReplayRecorder.ConnectionInfo connection;
    boolean connectionIsNew;
    int exchangeId = TimelineEvent.UNKNOWN;
    int reservedExchangeId = TimelineEvent.UNKNOWN;
    /** Set when the 421 just received will be retried by the ip-keyed pool (not by the client itself). */
    int ownRetryExchangeId = TimelineEvent.UNKNOWN;
    final List<Attempt> attempts = new ArrayList<>();
    String error;

    CallTrace(int step, String realAuthority, ConnectionPolicy policy, boolean retry421) {
        this.step = step;
        this.realAuthority = realAuthority;
        this.policy = policy;
        this.retry421 = retry421;
    }

    /** For calls made without a trace (e.g. by a benchmark using the recorder alone). */
    static CallTrace untracked(String authority) {
        return new CallTrace(TimelineEvent.UNKNOWN, authority, ConnectionPolicy.COALESCING, true);
    }

    synchronized Attempt current() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    synchronized List<AttemptRecord> records() {
        AttemptRecord[] out = new AttemptRecord[attempts.size()];
        for (int i = 0; i < out.length; i++) {
            Attempt a = attempts.get(i);
            out[i] = new AttemptRecord(a.exchangeId, a.connectionId, a.sni, a.authority, a.status, a.hidden,
                    Optional.empty());
        }
        return List.of(out);
    }

    static final class Attempt {
        final int exchangeId;
        final int connectionId;
        final Optional<String> sni;
        final String authority;
        int status;
        boolean hidden;

        Attempt(int exchangeId, int connectionId, Optional<String> sni, String authority) {
            this.exchangeId = exchangeId;
            this.connectionId = connectionId;
            this.sni = sni;
            this.authority = authority;
        }
    }
}
