package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.timeline.TimelineEvent;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends replayed requests under one {@link ConnectionPolicy}, recording everything into a {@link ReplayRecorder}.
 * The only place that builds OkHttp clients for a replay.
 *
 * <ul>
 *   <li>{@code isolated}: one connection pool per authority, so nothing is ever shared between authorities.</li>
 *   <li>{@code coalescing}: ONE client for the whole run: one {@link okhttp3.Dns}, one SSL socket factory and trust
 *       manager, OkHttp's own hostname verifier. OkHttp's {@code RealConnection.isEligible} only coalesces when the
 *       addresses are equal apart from the host (same Dns, socket factory, verifier, pinner, port...), the
 *       connection is HTTP/2, a route shares the IP, the verifier is OkHttp's own and the certificate covers the new
 *       host; any per-authority instance would silently disable it.</li>
 *   <li>{@code ip-keyed}: a pool keyed by IP:port only. The first authority whose request goes to an IP:port owns
 *       it; a later authority resolving to the same IP:port is sent with the owner's URL and an explicit
 *       {@code Host} header (which OkHttp turns into {@code :authority} under HTTP/2), so it rides the owner's
 *       connection with the owner's SNI. OkHttp's own coalescing is switched off for this client (a delegating
 *       hostname verifier) so only the pool's rule applies. Its 421 retry is ours: OkHttp does not retry, since
 *       to it the connection is not coalesced; with retry on we send the request again with its own URL, which
 *       opens a connection for its own authority.</li>
 * </ul>
 * 421 retry off: see {@link RecordingInterceptor}. Credentials are attached by the real authority
 * ({@link CredentialsInterceptor}). Requests pinned to an address use a client of their own for that node
 * (same trust, a Dns answering only that address, a separate pool), so they never reuse a connection to another
 * node.
 *
 * <p>Thread-safe; {@link #send} blocks the calling thread for at most the call timeout (per attempt) and may be
 * called concurrently. {@link #cancelAll()} cancels every call in flight and refuses later ones. Close it to
 * release its connections.
 */
public final class ReplayClient implements AutoCloseable {
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final int MAX_CACHED_TARGETS = 1_024;
    private static final java.util.Set<String> BODY_METHODS = java.util.Set.of("POST", "PUT", "PATCH");

    private final ClientOptions options;
    private final ReplayRecorder recorder;
    private final NameMapDns dns;
    private final OkHttpClient base;
    /** Through the proxy by name (the proxy resolves it), for names this client does not resolve itself; or null. */
    private final OkHttpClient byName;
    private final Map<String, OkHttpClient> clients = new LinkedHashMap<>();
    /** ip-keyed pool: {@code ip:port} → the origin (scheme, host, port) of the first URL sent there. */
    private final Map<String, HttpUrl> ipOwners = new LinkedHashMap<>();
    /**
     * URLs already parsed, with what {@link #send} derives from them: a plan repeats the same few URLs, and parsing
     * one into an {@link HttpUrl} (IDN mapping, canonical host) costs more than the recorder itself. Bounded.
     */
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private volatile boolean cancelled;
    private boolean closed;

    /**
     * @throws IllegalArgumentException when the name map holds something other than IP literals, or no CA would be
     *                                  trusted
     */
    public ReplayClient(ClientOptions options, ReplayRecorder recorder) {
        this.options = options;
        this.recorder = recorder;
        options.nameMap().forEach((host, addresses) -> addresses.forEach(a -> {
            if (!IpLiterals.isIpLiteral(a)) {
                throw new IllegalArgumentException("name map entry for " + host + ": '" + a
                        + "' is not an IP address");
            }
        }));
        Map<String, String> aliases = new LinkedHashMap<>();
        options.sniOverrides().forEach((key, sni) -> aliases.put(sni.toLowerCase(Locale.ROOT), hostOfKey(key)));
        this.dns = new NameMapDns(options.nameMap(), aliases, options.resolver(), recorder, Optional.empty());
        TrustMaterial trust = TrustMaterial.of(options.extraCas(), options.trustSystemCas(), options.clientIdentity());
        Timeouts t = options.timeouts();
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .socketFactory(NoDelaySockets.FACTORY)
                .dispatcher(new Dispatcher())
                .connectionPool(new ConnectionPool())
                .dns(dns)
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                .protocols(options.http1() ? List.of(Protocol.HTTP_1_1) : List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .connectTimeout(t.connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(t.read().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(t.read().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(t.call().toMillis(), TimeUnit.MILLISECONDS)
                // Replays show raw behaviour: no redirects, no silent retry after connection failures.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .eventListenerFactory(RecordingEventListener.factory(recorder, trust.clientCertificateRequests()));
        // Only what the run needs goes into the chain: every interceptor costs each request a little.
        if (!options.retry421()) {
            b.addInterceptor(RecordingInterceptor.restoreRawStatus());
        }
        if (!options.credentials().isEmpty()) {
            b.addNetworkInterceptor(new CredentialsInterceptor(options.credentials()));
        }
        b.addNetworkInterceptor(new RecordingInterceptor(recorder, options.retry421()));
        if (options.policy() == ConnectionPolicy.IP_KEYED) {
            // Any verifier other than OkHttp's own disables OkHttp's coalescing (RealConnection.isEligible step 3).
            javax.net.ssl.HostnameVerifier okVerifier = b.build().hostnameVerifier();
            b.hostnameVerifier((host, session) -> okVerifier.verify(host, session));
        }
        // Through a proxy, names this client resolves itself are tunnelled to by address, as if connected directly.
        options.proxy().ifPresent(p -> ProxyRoutes.byAddress(b, p, t.connect()));
        this.base = b.build();
        this.byName = options.proxy().map(p -> ProxyRoutes.byName(base.newBuilder(), p).build()).orElse(null);
    }

    /** The options this client was built with. */
    public ClientOptions options() {
        return options;
    }

    /**
     * Sends one request under the policy and returns what it came to, every attempt included. Blocks; never throws
     * for network failures (they are in the outcome and on the timeline).
     */
    public CallOutcome send(RequestSpec spec) {
        if (cancelled) {
            return new CallOutcome(0, List.of(), Optional.of(spec.authorityKey() + ": cancelled"));
        }
        Target parsed = target(spec.url());
        String realKey = parsed.authorityKey();
        CallTrace trace = new CallTrace(spec.step(), realKey, options.policy(), options.retry421());
        String hostHeader = parsed.hostHeader();
        Optional<String> sni = parsed.sni();
        HttpUrl target = parsed.sent();
        boolean explicitHost = sni.isPresent();
        OkHttpClient client = clientFor(realKey, spec.pinnedAddress());
        if (options.policy() == ConnectionPolicy.IP_KEYED) {
            HttpUrl owner = ipKeyedOwner(target, spec.pinnedAddress());
            if (!owner.host().equals(target.host())) {
                target = target.newBuilder().scheme(owner.scheme()).host(owner.host()).port(owner.port()).build();
                explicitHost = true;
            }
        }
        int status;
        try {
            status = execute(client, spec, target, explicitHost ? Optional.of(hostHeader) : Optional.empty(), trace);
            int retryId;
            synchronized (trace) {
                retryId = trace.ownRetryExchangeId;
                trace.ownRetryExchangeId = TimelineEvent.UNKNOWN;
                trace.reservedExchangeId = retryId;
            }
            if (retryId != TimelineEvent.UNKNOWN && !cancelled) {
                // The ip-keyed pool's own 421 retry: the request's own URL opens a connection for its authority.
                status = execute(client, spec, parsed.sent(),
                        sni.isPresent() ? Optional.of(hostHeader) : Optional.empty(), trace);
            }
        } catch (IOException e) {
            String why;
            synchronized (trace) {
                why = trace.error != null ? trace.error : RecordingEventListener.describe(e);
            }
            if (options.proxy().isPresent()) {
                why = ProxyRoutes.explain(why, options.proxy().get(), target.host() + ":" + target.port());
            }
            return new CallOutcome(0, trace.records(), Optional.of(realKey + ": " + why));
        }
        return new CallOutcome(status, trace.records(), Optional.empty());
    }

    /** The URL parsed, from the cache when it was seen before. */
    private Target target(URI uri) {
        // Keyed by the exact text: URI.equals ignores case in places (host, escapes) that the recorded path keeps.
        String text = uri.toString();
        Target known = targets.get(text);
        if (known != null) {
            return known;
        }
        String key = RequestSpec.authorityKey(uri);
        HttpUrl url = HttpUrl.get(uri);
        Optional<String> sni = Optional.ofNullable(options.sniOverrides().get(key));
        Target t = new Target(key, RecordingInterceptor.hostHeader(url), sni,
                sni.map(s -> url.newBuilder().host(s).build()).orElse(url));
        if (targets.size() < MAX_CACHED_TARGETS) {
            targets.putIfAbsent(text, t);
        }
        return t;
    }

    /**
     * A request URL as {@link #send} uses it: its real authority key, its Host header, the SNI override for
     * the authority and the URL sent (with the SNI host when overridden).
     */
    private record Target(String authorityKey, String hostHeader, Optional<String> sni, HttpUrl sent) {
    }

    private int execute(OkHttpClient client, RequestSpec spec, HttpUrl target, Optional<String> host, CallTrace trace)
            throws IOException {
        Request.Builder rb = new Request.Builder().url(target).tag(CallTrace.class, trace);
        spec.headers().forEach(rb::header);
        host.ifPresent(h -> rb.header("Host", h));
        RequestBody body = spec.body().map(text -> RequestBody.create(text, TEXT)).orElse(null);
        if (body == null && BODY_METHODS.contains(spec.method())) {
            body = RequestBody.create(new byte[0], null);
        }
        rb.method(spec.method(), body);
        Call call = client.newCall(rb.build());
        if (cancelled) {
            call.cancel();
        }
        try (Response response = call.execute()) {
            ResponseBody rbody = response.body();
            rbody.source().readAll(okio.Okio.blackhole());
            return response.code();
        }
    }

    private synchronized OkHttpClient clientFor(String authorityKey, Optional<String> pin) {
        String key = switch (options.policy()) {
            case ISOLATED -> authorityKey + pin.map(p -> "@" + p).orElse("");
            case COALESCING, IP_KEYED -> pin.map(p -> "@" + p).orElse("");
        };
        boolean proxyResolves = byName != null && pin.isEmpty() && !dns.resolvesHere(hostOfKey(authorityKey));
        OkHttpClient root = proxyResolves ? byName : base;
        if (key.isEmpty()) {
            return root;
        }
        return clients.computeIfAbsent(key + (proxyResolves ? " by name" : ""), k -> {
            OkHttpClient.Builder b = root.newBuilder().connectionPool(new ConnectionPool());
            pin.ifPresent(p -> b.dns(dns.pinnedTo(p)));
            return b.build();
        });
    }

    /** The origin owning the IP:port this URL goes to in the ip-keyed pool (the URL itself when it is first). */
    private HttpUrl ipKeyedOwner(HttpUrl url, Optional<String> pin) {
        String address;
        try {
            NameMapDns.Resolution r = (pin.isPresent() ? dns.pinnedTo(pin.get()) : dns).resolve(url.host());
            InetAddress first = r.addresses().get(0);
            address = first.getHostAddress();
        } catch (UnknownHostException e) {
            return url; // the call itself will fail and record why
        }
        String key = address + ":" + url.port() + pin.map(p -> "@" + p).orElse("");
        synchronized (ipOwners) {
            return ipOwners.computeIfAbsent(key, k -> url.newBuilder().encodedPath("/").query(null).build());
        }
    }

    /** Cancels every call in flight and makes later {@link #send} calls fail fast with "cancelled". Any thread. */
    public void cancelAll() {
        cancelled = true;
        base.dispatcher().cancelAll();
    }

    /** True once {@link #cancelAll()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Closes every pooled connection and records their closing. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        base.connectionPool().evictAll();
        clients.values().forEach(c -> c.connectionPool().evictAll());
        recorder.closeAll("closed at the end of the run");
    }

    private static String hostOfKey(String key) {
        return HostPort.hostOf(key).toLowerCase(Locale.ROOT);
    }
}
