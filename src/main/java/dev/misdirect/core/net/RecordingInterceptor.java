package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.timeline.TimelineEvent;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * The network interceptor that records each exchange on the connection it actually used, and that makes the
 * raw 421 visible.
 *
 * <p>How "421 retry off" works with OkHttp, which has no switch for it: {@code RetryAndFollowUpInterceptor}
 * (above the network interceptors) retries a 421 silently when the connection was coalesced. With retry off this
 * interceptor hands the 421 up disguised as status {@value #DISGUISED_STATUS} with the real status in the
 * {@value #RAW_STATUS_HEADER} header, a status OkHttp does not follow up; the application interceptor
 * {@link #restoreRawStatus()} turns it back into the 421 before the caller sees it. With retry on the 421 passes
 * unchanged, OkHttp retries it, and {@link RecordingEventListener#followUpDecision} records it as hidden.
 */
final class RecordingInterceptor implements Interceptor {
    static final String RAW_STATUS_HEADER = "Misdirect-Raw-Status";
    static final int DISGUISED_STATUS = 599;

    private final ReplayRecorder recorder;
    private final boolean retry421;

    RecordingInterceptor(ReplayRecorder recorder, boolean retry421) {
        this.recorder = recorder;
        this.retry421 = retry421;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallTrace trace = RecordingEventListener.traceOf(chain.call().request());
        Connection connection = chain.connection();
        String explicitHost = request.header("Host");
        String authority = explicitHost != null ? explicitHost : hostHeader(request);
        long t = recorder.nowMicros();
        CallTrace.Attempt attempt;
        boolean coalesced;
        String reason;
        synchronized (trace) {
            ReplayRecorder.ConnectionInfo info = connection == null ? null
                    : recorder.register(connection, TimelineEvent.UNKNOWN).info();
            if (info != null && trace.connection != info) {
                trace.connection = info;
            }
            int exchangeId = trace.reservedExchangeId != TimelineEvent.UNKNOWN ? trace.reservedExchangeId
                    : recorder.nextExchangeId();
            trace.reservedExchangeId = TimelineEvent.UNKNOWN;
            trace.exchangeId = exchangeId;
            trace.attemptCount++;
            int connectionId = info == null ? TimelineEvent.UNKNOWN : info.id();
            attempt = new CallTrace.Attempt(exchangeId, connectionId,
                    info == null ? java.util.Optional.empty() : info.sni(), authority);
            trace.attempts.add(attempt);
            coalesced = info != null && info.sni().isPresent() && !sameHost(info.sni().get(), authority);
            reason = reason(trace, info, coalesced, authority);
            trace.connectionIsNew = false;
        }
        recorder.emit(new TimelineEvent.ConnectionAcquired(t, attempt.exchangeId, attempt.connectionId, authority,
                coalesced, reason));
        recorder.emit(new TimelineEvent.RequestSent(t, attempt.exchangeId, attempt.connectionId, trace.step,
                trace.attemptCount, request.method(), authority, request.url().encodedPath()));

        Response response = chain.proceed(request);

        int status = response.code();
        synchronized (trace) {
            attempt.status = status;
        }
        recorder.emit(new TimelineEvent.ResponseReceived(recorder.nowMicros(), attempt.exchangeId,
                attempt.connectionId, status, response.protocol().toString()));
        if (status == 421 && !retry421) {
            return response.newBuilder().code(DISGUISED_STATUS).header(RAW_STATUS_HEADER, "421").build();
        }
        return response;
    }

    private static String reason(CallTrace trace, ReplayRecorder.ConnectionInfo info, boolean coalesced,
                                 String authority) {
        if (info == null) {
            return "unknown connection";
        }
        String peer = info.peerAddress() + ":" + info.peerPort();
        if (trace.connectionIsNew) {
            return "new connection to " + peer;
        }
        if (!coalesced) {
            return "reused: same authority";
        }
        String sni = info.sni().orElse("(none)");
        return trace.policy == ConnectionPolicy.IP_KEYED
                ? "ip-keyed pool: first connection to " + peer + " (SNI " + sni + ") taken for " + authority
                : "coalesced: connection #" + info.id() + " (SNI " + sni + ") goes to " + peer
                        + ", an address of " + HostPort.hostOf(authority) + ", and its certificate covers it";
    }

    /** The status the server sent, looking through the retry-off disguise. */
    static int rawStatus(Response response) {
        String raw = response.header(RAW_STATUS_HEADER);
        if (raw != null && response.code() == DISGUISED_STATUS) {
            return Integer.parseInt(raw);
        }
        return response.code();
    }

    /** The application interceptor that undoes the retry-off disguise. */
    static Interceptor restoreRawStatus() {
        return chain -> {
            Response response = chain.proceed(chain.request());
            if (response.code() == DISGUISED_STATUS && response.header(RAW_STATUS_HEADER) != null) {
                return response.newBuilder().code(rawStatus(response)).message("Misdirected Request")
                        .removeHeader(RAW_STATUS_HEADER).build();
            }
            return response;
        };
    }

    static String hostHeader(Request request) {
        return hostHeader(request.url());
    }

    static String hostHeader(okhttp3.HttpUrl url) {
        String host = HostPort.bracketed(url.host());
        return url.port() == 443 ? host : host + ":" + url.port();
    }

    static boolean sameHost(String sni, String authority) {
        return HostPort.hostOf(authority).equalsIgnoreCase(sni);
    }
}
