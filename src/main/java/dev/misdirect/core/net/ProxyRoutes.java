package dev.misdirect.core.net;

import okhttp3.Authenticator;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;

/** How an OkHttp client goes through a {@link ForwardProxy}. */
final class ProxyRoutes {
    private ProxyRoutes() {
    }

    /**
     * OkHttp's own proxy support: {@code CONNECT host:port} by the request's host name, which the proxy resolves; the
     * credentials sent with the first {@code CONNECT} (OkHttp asks the proxy authenticator before it is challenged).
     * A refused {@code CONNECT} fails the call with the proxy's reason, as {@link HttpConnectTunnel} words it.
     * OkHttp never coalesces connections made through a proxy (its routes are not direct).
     */
    static OkHttpClient.Builder byName(OkHttpClient.Builder b, ForwardProxy proxy) {
        return b.socketFactory(NoDelaySockets.FACTORY)
                .proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())))
                .proxyAuthenticator(authenticator(proxy));
    }

    /** Names this client resolves itself: tunnelled to by address, so the client connects as if directly. */
    static OkHttpClient.Builder byAddress(OkHttpClient.Builder b, ForwardProxy proxy, Duration answerTimeout) {
        return b.socketFactory(new TunnelSocketFactory(proxy, answerTimeout));
    }

    private static Authenticator authenticator(ForwardProxy proxy) {
        return (route, response) -> {
            boolean challenged = response.code() == 407 && !"Preemptive Authenticate".equals(response.message());
            if (challenged) {
                throw HttpConnectTunnel.refused(proxy, response.request().url().host() + ":"
                        + response.request().url().port(), 407, "");
            }
            if (proxy.proxyAuthorization().isEmpty()) {
                return null;
            }
            Request r = response.request();
            return r.newBuilder().header("Proxy-Authorization", proxy.proxyAuthorization().get()).build();
        };
    }

    /** OkHttp's words for a refused {@code CONNECT}, as {@link HttpConnectTunnel} words it; other failures unchanged. */
    static String explain(String failure, ForwardProxy proxy, String target) {
        java.util.regex.Matcher m = UNEXPECTED_CONNECT.matcher(failure);
        return m.find() ? HttpConnectTunnel.refused(proxy, target, Integer.parseInt(m.group(1)), "").getMessage() : failure;
    }

    private static final java.util.regex.Pattern UNEXPECTED_CONNECT =
            java.util.regex.Pattern.compile("Unexpected response code for CONNECT: (\\d{3})");
}
