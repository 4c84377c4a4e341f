package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.timeline.TimelineEvent;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;

/**
 * Turns OkHttp's per-call events into timeline events: connect and TLS spans, connection identities, 421
 * follow-up decisions and failures. Requests and responses themselves are recorded by {@link RecordingInterceptor},
 * which sees the connection each exchange used.
 *
 * <p>One instance per call ({@link #factory}); OkHttp may call it from the calling thread and from its connect
 * threads, so every method synchronizes on the call's trace.
 */
final class RecordingEventListener extends EventListener {
    private final ReplayRecorder recorder;
    private final CallTrace trace;
    private final ClientCertificateRequests certificateRequests;

    private RecordingEventListener(ReplayRecorder recorder, CallTrace trace, ClientCertificateRequests requests) {
        this.recorder = recorder;
        this.trace = trace;
        this.certificateRequests = requests;
    }

    static EventListener.Factory factory(ReplayRecorder recorder, ClientCertificateRequests requests) {
        return call -> new RecordingEventListener(recorder, traceOf(call.request()), requests);
    }

    static CallTrace traceOf(Request request) {
        CallTrace trace = request.tag(CallTrace.class);
        if (trace != null) {
            return trace;
        }
        var url = request.url();
        return CallTrace.untracked(HostPort.bracketed(url.host()) + ":" + url.port());
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        int id = recorder.nextConnectionId();
        long t = recorder.nowMicros();
        synchronized (trace) {
            trace.pendingConnectionId = id;
            trace.connectStartMicros = t;
            trace.tlsStartMicros = t;
            trace.tlsEndMicros = t;
        }
        recorder.emit(new TimelineEvent.ConnectStarted(t, id, hostAddress(address), address.getPort()));
    }

    @Override
    public void secureConnectStart(Call call) {
        long t = recorder.nowMicros();
        synchronized (trace) {
            trace.tlsStartMicros = t;
        }
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        long t = recorder.nowMicros();
        synchronized (trace) {
            trace.tlsEndMicros = t;
        }
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException e) {
        int id;
        synchronized (trace) {
            id = trace.pendingConnectionId;
            trace.pendingConnectionId = TimelineEvent.UNKNOWN;
        }
        recorder.emit(new TimelineEvent.ConnectFailed(recorder.nowMicros(), id, hostAddress(address),
                address.getPort(), describe(e)));
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        long t = recorder.nowMicros();
        TimelineEvent.ConnectionOpened opened = null;
        synchronized (trace) {
            ReplayRecorder.Registration r = recorder.register(connection, trace.pendingConnectionId);
            trace.connection = r.info();
            trace.connectionIsNew = r.opened();
            if (r.opened()) {
                ReplayRecorder.ConnectionInfo i = r.info();
                boolean ownConnect = trace.pendingConnectionId == i.id();
                long connectStart = ownConnect ? trace.connectStartMicros : t;
                opened = new TimelineEvent.ConnectionOpened(t, i.id(), i.peerAddress(), i.peerPort(), i.localPort(),
                        i.sni(), i.protocol(), i.tlsVersion(), i.peerCertificate(), connectStart,
                        ownConnect ? trace.tlsStartMicros : t, ownConnect ? trace.tlsEndMicros : t);
            }
            trace.pendingConnectionId = TimelineEvent.UNKNOWN;
        }
        if (opened != null) {
            recorder.emit(opened);
        }
    }

    @Override
    public void connectionReleased(Call call, Connection connection) {
        int exchange;
        synchronized (trace) {
            exchange = trace.exchangeId;
        }
        recorder.known(connection).ifPresent(info ->
                recorder.emit(new TimelineEvent.ConnectionReleased(recorder.nowMicros(), exchange, info.id())));
    }

    /**
     * OkHttp reports here, after every response, whether it follows up. A 421 followed up is the hidden retry of
     * a coalesced connection ({@code RetryAndFollowUpInterceptor}: only when the connection was coalesced and the
     * body is not one-shot). A 421 not followed up may still be retried by the ip-keyed pool (see
     * {@link ReplayClient}); anything else surfaces to the caller.
     */
    @Override
    public void followUpDecision(Call call, Response response, Request nextRequest) {
        if (RecordingInterceptor.rawStatus(response) != 421) {
            return;
        }
        long t = recorder.nowMicros();
        CallTrace.Attempt attempt;
        boolean clientRetries = nextRequest != null;
        boolean poolRetries;
        int retryId = TimelineEvent.UNKNOWN;
        synchronized (trace) {
            attempt = trace.current();
            if (attempt == null) {
                return;
            }
            boolean borrowed = trace.connection != null && trace.connection.sni()
                    .map(s -> !RecordingInterceptor.sameHost(s, attempt.authority)).orElse(false);
            poolRetries = !clientRetries && trace.policy == ConnectionPolicy.IP_KEYED && trace.retry421 && borrowed;
            attempt.hidden = clientRetries || poolRetries;
            if (attempt.hidden) {
                retryId = recorder.nextExchangeId();
                if (clientRetries) {
                    trace.reservedExchangeId = retryId;
                } else {
                    trace.ownRetryExchangeId = retryId;
                }
            }
        }
        recorder.emit(new TimelineEvent.Misdirected(t, attempt.exchangeId, attempt.connectionId, attempt.authority,
                attempt.sni, attempt.hidden));
        if (clientRetries) {
            recorder.emit(new TimelineEvent.RetryScheduled(t, attempt.exchangeId, retryId,
                    "421 on a coalesced connection: OkHttp stops coalescing on it and retries on a connection"
                            + " of the request's own authority"));
        } else if (poolRetries) {
            recorder.emit(new TimelineEvent.RetryScheduled(t, attempt.exchangeId, retryId,
                    "421 on a connection borrowed by the ip-keyed pool: retried on a connection opened for "
                            + attempt.authority));
        }
    }

    @Override
    public void callFailed(Call call, IOException e) {
        int exchange;
        int connection;
        String message = callLimitReached(call, e) ? String.format(java.util.Locale.ROOT,
                "no complete response within the call limit of %d s (the whole exchange, however slowly the server "
                        + "sends; replay --timeout sets a third of it)",
                TimeUnit.NANOSECONDS.toSeconds(call.timeout().timeoutNanos()))
                : call.isCanceled() ? "cancelled" : describe(e)
                + (certificateRequests.askedWithoutCertificate(call.request().url().host())
                ? " (the server asked for a client certificate in the handshake and the client had none to send)" : "");
        synchronized (trace) {
            CallTrace.Attempt a = trace.current();
            boolean sent = a != null && a.exchangeId == trace.exchangeId && a.status == 0;
            exchange = sent ? a.exchangeId : TimelineEvent.UNKNOWN;
            connection = sent ? a.connectionId : TimelineEvent.UNKNOWN;
            trace.error = message;
        }
        recorder.emit(new TimelineEvent.ExchangeFailed(recorder.nowMicros(), exchange, connection,
                trace.realAuthority + ": " + message));
    }

    /** OkHttp ends a call that outlives its call timeout by cancelling it with "timeout". */
    static boolean callLimitReached(Call call, IOException e) {
        return call.isCanceled() && e instanceof java.io.InterruptedIOException && "timeout".equals(e.getMessage())
                && call.timeout().timeoutNanos() > 0;
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String hostAddress(InetSocketAddress a) {
        return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    }
}
