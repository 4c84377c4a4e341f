package dev.misdirect.core.net;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Map;

/**
 * Attaches each authority's credentials (Authorization, Cookie, tokens) by the request's REAL authority, never by
 * the URL it is sent with nor the connection it travels on: when the ip-keyed pool sends B's request with A's URL,
 * B's credentials go and A's stay. A network interceptor, so retries and follow-ups get the same treatment.
 */
final class CredentialsInterceptor implements Interceptor {
    private final Map<String, Map<String, String>> credentials;

    CredentialsInterceptor(Map<String, Map<String, String>> credentials) {
        this.credentials = credentials;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallTrace trace = RecordingEventListener.traceOf(chain.call().request());
        Map<String, String> own = credentials.get(trace.realAuthority);
        if (own == null || own.isEmpty()) {
            return chain.proceed(request);
        }
        Request.Builder b = request.newBuilder();
        own.forEach(b::header);
        return chain.proceed(b.build());
    }
}
