package dev.misdirect.core.net;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.names.IpLiterals;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends the requests of a pair verification: each request on a connection opened with a chosen SNI to a chosen
 * address, carrying a chosen {@code :authority} (the {@code Host} header over HTTP/1.1). Every request whose SNI
 * and address are equal shares one connection, so under HTTP/2 one connection per carrier SNI carries all its
 * passengers as streams (the first request to a carrier opens the connection; later ones multiplex on it).
 *
 * <p>What it never does: follow redirects, retry, coalesce by itself (a delegating hostname verifier switches
 * OkHttp's own coalescing off, as for the ip-keyed replay), send a body, a credential or a client certificate.
 *
 * <p>Thread-safe. {@link #send} blocks only for the rate limit, then returns a future completed on an OkHttp
 * thread; it never completes exceptionally (a failure is an answer with an {@code error}). Every call is bounded by
 * the timeouts. {@link #cancelAll()} cancels every call in flight and fails later ones at once. Close it to release
 * its connections.
 */
public final class PairClient implements AutoCloseable {
    /** How much of a body is read and digested; the rest is left unread (the digest says so by the length). */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Streams in flight on one connection at most: below the 100 streams servers commonly allow. */
    private static final int MAX_STREAMS_PER_CONNECTION = 64;

    private final String method;
    private final String path;
    private final List<String> keptHeaders;
    private final OkHttpClient base;
    private final Map<String, OkHttpClient> byAddress = new ConcurrentHashMap<>();
    private final RateLimit rate;
    /** Local addresses the connections were made from (the egress), in the order first seen. */
    private final java.util.Set<String> localAddresses = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    private volatile boolean cancelled;

    /**
     * One request to send.
     *
     * @param sni       the host name the connection is opened for (its SNI and certificate check)
     * @param authority the {@code host[:port]} the request is for ({@code :authority} / {@code Host})
     * @param address   the IP literal the connection goes to
     * @param port      the port it goes to
     */
    public record Exchange(String sni, String authority, String address, int port) {
    }

    /**
     * @param method            GET or HEAD
     * @param path              the request path, starting with {@code /}
     * @param cas               CAs trusted besides (or instead of) the JDK's store
     * @param trustSystemCas    also trust the JDK's default trust store
     * @param timeouts          connect (with the handshake), read, and whole-call limits of each request
     * @param maxInFlight       requests in flight at once, 1 or more
     * @param requestsPerSecond the rate limit; 0 for none
     */
    public PairClient(String method, String path, List<X509Certificate> cas, boolean trustSystemCas, Timeouts timeouts,
                      int maxInFlight, double requestsPerSecond) {
        this(method, path, cas, trustSystemCas, timeouts, maxInFlight, requestsPerSecond, PairAnswer.IDENTIFYING_HEADERS,
                Optional.empty());
    }

    /**
     * As {@link #PairClient(String, String, List, boolean, Timeouts, int, double)}, keeping these headers (lower-case
     * names) of each answer in {@link PairAnswer#headers()} instead of the identifying ones, and with every connection
     * tunnelled through {@code proxy} (when present) to the exchange's address: the proxy relays, the address stays
     * the one measured.
     */
    public PairClient(String method, String path, List<X509Certificate> cas, boolean trustSystemCas, Timeouts timeouts,
                      int maxInFlight, double requestsPerSecond, List<String> keptHeaders, Optional<ForwardProxy> proxy) {
        this.keptHeaders = List.copyOf(keptHeaders);
        this.method = method;
        this.path = path;
        this.rate = new RateLimit(requestsPerSecond);
        TrustMaterial trust = TrustMaterial.of(cas, trustSystemCas, Optional.empty());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxInFlight);
        dispatcher.setMaxRequestsPerHost(Math.min(maxInFlight, MAX_STREAMS_PER_CONNECTION));
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .socketFactory(NoDelaySockets.FACTORY)
                .dispatcher(dispatcher)
                // every connection stays open between the two rounds, however many carriers there are
                .connectionPool(new ConnectionPool(Integer.MAX_VALUE, 5, TimeUnit.MINUTES))
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> {
                    LocalPort port = chain.request().tag(LocalPort.class);
                    if (port != null && chain.connection() != null) {
                        port.value = chain.connection().socket().getLocalPort();
                        java.net.InetAddress local = chain.connection().socket().getLocalAddress();
                        if (local != null && !local.isAnyLocalAddress()) {
                            localAddresses.add(dev.misdirect.core.names.IpLiterals.toText(local.getAddress()));
                        }
                    }
                    return chain.proceed(chain.request());
                });
        // Any verifier other than OkHttp's own disables OkHttp's coalescing (RealConnection.isEligible): B's own
        // requests must travel on B's own connection.
        javax.net.ssl.HostnameVerifier okVerifier = b.build().hostnameVerifier();
        b.hostnameVerifier((host, session) -> okVerifier.verify(host, session));
        proxy.ifPresent(p -> ProxyRoutes.byAddress(b, p, timeouts.connect()));
        this.base = b.build();
    }

    /**
     * Sends one request once the rate limit allows it (blocking the caller until then). The future completes with the
     * answer, or with an answer whose {@code error} says why there was none.
     *
     * @throws InterruptedException when the caller is interrupted while waiting for the rate limit
     */
    public CompletableFuture<PairAnswer> send(Exchange e) throws InterruptedException {
        if (cancelled) {
            return CompletableFuture.completedFuture(PairAnswer.failed(e.sni(), e.authority(), -1, "cancelled"));
        }
        rate.acquire();
        HttpUrl url = new HttpUrl.Builder().scheme("https").host(e.sni()).port(e.port()).encodedPath("/").build();
        HttpUrl target;
        try {
            target = url.resolve(path);
        } catch (IllegalArgumentException bad) {
            target = null;
        }
        if (target == null) {
            return CompletableFuture.completedFuture(PairAnswer.failed(e.sni(), e.authority(), -1,
                    "the path " + path + " does not make a URL"));
        }
        LocalPort port = new LocalPort();
        Request request = new Request.Builder().url(target).method(method, null).header("Host", e.authority())
                .tag(LocalPort.class, port).build();
        CompletableFuture<PairAnswer> answer = new CompletableFuture<>();
        long start = System.nanoTime();
        Call call = clientFor(e.address()).newCall(request);
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    answer.complete(read(e, response, port.value, start));
                } catch (IOException | RuntimeException x) {
                    answer.complete(PairAnswer.failed(e.sni(), e.authority(), port.value, describe(x)));
                }
            }

            @Override
            public void onFailure(Call c, IOException x) {
                answer.complete(PairAnswer.failed(e.sni(), e.authority(), port.value,
                        c.isCanceled() ? "cancelled" : describe(x)));
            }
        });
        if (cancelled) {
            call.cancel();
        }
        return answer;
    }

    private PairAnswer read(Exchange e, Response response, int localPort, long start) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : keptHeaders) {
            String value = response.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Optional<String> digest = Optional.empty();
        long length = -1;
        if (!method.equals("HEAD")) {
            ResponseBody body = response.body();
            MessageDigest sha = sha256();
            BufferedSource source = body.source();
            long read = 0;
            byte[] buffer = new byte[8192];
            while (read < MAX_BODY_BYTES) {
                int n = source.read(buffer, 0, (int) Math.min(buffer.length, MAX_BODY_BYTES - read));
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                read += n;
            }
            digest = Optional.of(HexFormat.of().formatHex(sha.digest()));
            length = read;
        }
        String protocol = response.protocol() == Protocol.HTTP_2 ? "h2" : response.protocol().toString();
        return new PairAnswer(e.sni(), e.authority(), response.code(), Optional.of(protocol), headers, digest, length,
                localPort, (System.nanoTime() - start) / 1_000, Optional.empty());
    }

    private OkHttpClient clientFor(String address) {
        return byAddress.computeIfAbsent(address, a -> base.newBuilder().dns(host -> List.of(literal(a, host))).build());
    }

    private static InetAddress literal(String address, String host) throws UnknownHostException {
        String a = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        if (!IpLiterals.isIpLiteral(a)) {
            throw new UnknownHostException("address '" + address + "' for " + host + " is not an IP literal");
        }
        return InetAddress.getByName(a);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }

    private static String describe(Exception x) {
        if (x instanceof InterruptedIOException && String.valueOf(x.getMessage()).toLowerCase(Locale.ROOT)
                .contains("timeout")) {
            return "timed out: " + x.getMessage();
        }
        return x instanceof IOException io ? RecordingEventListener.describe(io) : x.toString();
    }

    /** The local addresses this client's connections left from, as their sockets reported; empty before any. */
    public List<String> localAddresses() {
        synchronized (localAddresses) {
            return List.copyOf(localAddresses);
        }
    }

    /** Cancels every call in flight and makes later {@link #send} calls answer "cancelled" at once. Any thread. */
    public void cancelAll() {
        cancelled = true;
        base.dispatcher().cancelAll();
    }

    /** Closes every pooled connection. Idempotent. */
    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }

    /** The client's port of the connection a request travelled on, set by the network interceptor. */
    private static final class LocalPort {
        volatile int value = -1;
    }

    /**
     * A token bucket: at most {@code perSecond} requests in any second on average, with a burst of one second's worth
     * (none when 0). Thread-safe; waiting is interruptible.
     */
    private static final class RateLimit {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        RateLimit(double perSecond) {
            this.perNano = perSecond / 1e9;
            this.burst = Math.max(1, perSecond);
            this.tokens = burst;
        }

        void acquire() throws InterruptedException {
            if (perNano == 0) {
                return;
            }
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(burst, tokens + (now - last) * perNano);
                last = now;
                tokens -= 1;
                wait = tokens >= 0 ? 0 : (long) (-tokens / perNano);
            }
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
