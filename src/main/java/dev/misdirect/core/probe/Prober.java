package dev.misdirect.core.probe;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.ClientCertMode;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TlsSettings;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.net.ForwardProxy;
import dev.misdirect.core.net.HttpConnectTunnel;
import dev.misdirect.core.tls.CertificateFacts;
import dev.misdirect.core.tls.ChainVerdict;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.TlsStack;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Probes authorities: every resolved address of each, TCP connect, then a TLS handshake with the JDK's own
 * {@link SSLSocket} sending the authority's SNI explicitly (or none) and offering the configured ALPN protocols.
 * The handshake is never aborted by a bad certificate: the served chain is recorded and judged afterwards by a
 * {@link ChainVerifier}. With {@link ProbeOptions#tlsSettings()}, each address that answered TLS is then asked,
 * one handshake at a time, which versions, TLS 1.2 cipher suites and ALPN protocols it accepts for the SNI and
 * whether it requests or requires a client certificate ({@link TlsSettings}).
 *
 * <p>Threads: {@link #start} returns at once; the work runs on the {@link ExecutorService} given at
 * construction (at most {@link ProbeOptions#concurrency()} of its threads per probe), DNS lookups on the
 * {@link Resolver}'s own threads. The addresses of an authority with several are probed in parallel too (each
 * address is a unit of work for the same bounded set of threads).
 * The executor is not shut down by the prober; its owner does that.
 *
 * <p>Names the resolver answered are then asked for their HTTPS records ({@link Resolver#httpsRecords}), bounded by
 * the DNS timeout too; an address override or an IP literal is not.
 *
 * <p>Blocking: each phase is bounded by its timeout (DNS, TCP connect, and the whole TLS handshake). A DNS
 * lookup that does not answer in time is abandoned (it cannot be interrupted) and recorded as a DNS error.
 *
 * <p>Failure: nothing a server or resolver does makes a probe fail. Refused, reset, timed-out and failed
 * handshakes, DNS failures and cancellation are recorded in the {@link ProbeResult}s with a clear message.
 */
public final class Prober {
    /** How the message of a handshake that failed on the client's own limits starts (never the server's fault). */
    public static final String CLIENT_LIMIT = "Misdirect's own TLS limit refused the server's handshake";
    /** Handshakes with loopback addresses one probe has in flight at most: one per processor. */
    static final int LOOPBACK_HANDSHAKES_IN_FLIGHT = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** How the message of a handshake answered by something that is not TLS starts. */
    public static final String NOT_TLS = "not TLS";

    /** {@link ProbeResult#dnsError()} starts with this when the authority was cancelled before it was resolved. */
    public static final String CANCELLED_PREFIX = "cancelled";

    private static final String OVERRIDE = "resolve override";
    private static final String LITERAL = "literal";

    private final ExecutorService executor;
    private final Resolver resolver;
    private final ChainVerifier verifier;
    private final Clock clock;
    private final Optional<ForwardProxy> proxy;
    private final boolean proxyResolvesNames;
    /** Local addresses this prober's TCP connections left from (its egress), in the order first seen. */
    private final Set<String> localAddresses = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    /**
     * @param executor a bounded pool (see {@link #newExecutor(int)}); the prober never shuts it down
     * @param resolver where names are looked up ({@code resolve=} overrides and IP literals bypass it)
     * @param verifier judges served chains
     */
    public Prober(ExecutorService executor, Resolver resolver, ChainVerifier verifier) {
        this(executor, resolver, verifier, Clock.systemUTC());
    }

    /** As {@link #Prober(ExecutorService, Resolver, ChainVerifier)}, judging validity at {@code clock}'s time. */
    public Prober(ExecutorService executor, Resolver resolver, ChainVerifier verifier, Clock clock) {
        this(executor, resolver, verifier, clock, Optional.empty(), false);
    }

    private Prober(ExecutorService executor, Resolver resolver, ChainVerifier verifier, Clock clock,
                   Optional<ForwardProxy> proxy, boolean proxyResolvesNames) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.proxy = proxy;
        this.proxyResolvesNames = proxyResolvesNames;
    }

    /**
     * This prober with every connection made through {@code proxy}'s {@code CONNECT} tunnels (TCP to the proxy, then
     * the tunnel: the connect time covers both). With {@code proxyResolvesNames}, a name without a {@code resolve=}
     * override is not looked up here: the tunnel is asked for by name and the proxy resolves it, so its result has no
     * addresses ({@value ProbeResult#RESOLVED_BY_PROXY}) and one handshake whose endpoint is the name. Otherwise names
     * resolve as without a proxy and each address is tunnelled to.
     */
    public Prober through(ForwardProxy proxy, boolean proxyResolvesNames) {
        return new Prober(executor, resolver, verifier, clock, Optional.of(proxy), proxyResolvesNames);
    }

    /** A fixed pool of {@code threads} daemon threads named {@code misdirect-probe-N}. */
    public static ExecutorService newExecutor(int threads) {
        return namedPool(threads, "misdirect-probe-");
    }

    /**
     * A pool for {@link SystemResolver} lookups: up to 64 daemon threads named {@code misdirect-dns-N}, which
     * die when idle. Lookups that hang keep their thread until the OS resolver gives up.
     */
    public static ExecutorService newDnsExecutor() {
        return namedPool(64, "misdirect-dns-");
    }

    private static ExecutorService namedPool(int threads, String prefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Starts probing {@code authorities}. Returns at once.
     *
     * @param listener told about each authority as it finishes, on a probe thread
     * @return the handle to watch, await or cancel the probe
     */
    public ProbeHandle start(List<Authority> authorities, ProbeOptions options, ProbeListener listener) {
        Run run = new Run(List.copyOf(authorities), options, listener);
        run.launch();
        return run;
    }

    /**
     * Probes and waits for every result. Blocks the calling thread (not a UI thread); interrupting it cancels the
     * probe and throws.
     */
    public List<ProbeResult> probe(List<Authority> authorities, ProbeOptions options) throws InterruptedException {
        ProbeHandle h = start(authorities, options, ProbeListener.none());
        try {
            return h.results().get();
        } catch (InterruptedException e) {
            h.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe never fails; this is a bug", e.getCause());
        }
    }

    /**
     * The local addresses this prober's TCP connections were made from, as their sockets reported them once
     * connected, in the order first seen; empty when no connection was made. Thread-safe; grows while probes run.
     */
    public List<String> localAddresses() {
        synchronized (localAddresses) {
            return List.copyOf(localAddresses);
        }
    }

    private final class Run implements ProbeHandle {
        private final List<Authority> authorities;
        private final ProbeOptions options;
        private final ProbeListener listener;
        private final Optional<X509ExtendedKeyManager> clientKeys;
        private final AtomicReferenceArray<ProbeResult> results;
        private final AtomicInteger next = new AtomicInteger();
        /** Handshakes with the second and later addresses of authorities, for any worker to take. */
        private final java.util.Queue<Runnable> addressWork = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final AtomicInteger workers = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
        private final Set<CompletableFuture<?>> pendingLookups = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<List<ProbeResult>> future = new CompletableFuture<>();
        private final Object listenerLock = new Object();
        /** Chains seen in this probe, analysed once: many names usually share one certificate. */
        private final Map<List<X509Certificate>, ChainFacts> chainFacts = new ConcurrentHashMap<>();
        /** The cipher suites the stack can offer, read once per probe. */
        private final Map<TlsStack, Set<String>> supportedSuites = new ConcurrentHashMap<>();
        /**
         * Handshakes in flight with a server on this machine (a loopback address), at most one per processor: both
         * ends of such a handshake run on this machine's processors, so more at once only take processor time from
         * each other and from the workbench's window. Other addresses wait on the network and are not limited.
         */
        private final java.util.concurrent.Semaphore loopbackHandshakes =
                new java.util.concurrent.Semaphore(LOOPBACK_HANDSHAKES_IN_FLIGHT);

        Run(List<Authority> authorities, ProbeOptions options, ProbeListener listener) {
            this.authorities = authorities;
            this.options = options;
            this.listener = listener;
            this.clientKeys = options.clientCredentials().map(ClientCredentials::keyManager);
            this.results = new AtomicReferenceArray<>(authorities.size());
        }

        void launch() {
            if (authorities.isEmpty()) {
                future.complete(List.of());
                return;
            }
            int launched = addWorkers(Math.min(options.concurrency(), authorities.size()));
            if (launched == 0) {
                // The pool is shut down: record every authority rather than hang the caller.
                int i;
                while ((i = next.getAndIncrement()) < authorities.size()) {
                    finish(i, failedResult(authorities.get(i), "the probe pool refused the work (it is shut down)"));
                }
            }
        }

        /** Starts up to {@code wanted} more workers, never more than the concurrency in all; returns how many. */
        private int addWorkers(int wanted) {
            int added = 0;
            while (added < wanted) {
                int running = workers.get();
                if (running >= options.concurrency()) {
                    break;
                }
                if (!workers.compareAndSet(running, running + 1)) {
                    continue;
                }
                try {
                    executor.execute(this::work);
                    added++;
                } catch (RejectedExecutionException e) {
                    workers.decrementAndGet();
                    break;
                }
            }
            return added;
        }

        /**
         * Takes address handshakes first, then the next authority. A worker leaves only when neither is left; the
         * worker that queued an authority's addresses comes back to the queue afterwards, so none is stranded.
         */
        private void work() {
            try {
                while (true) {
                    Runnable address = addressWork.poll();
                    if (address != null) {
                        address.run();
                        continue;
                    }
                    int i = next.getAndIncrement();
                    if (i >= authorities.size()) {
                        return;
                    }
                    Authority a = authorities.get(i);
                    try {
                        probeOne(i, a);
                    } catch (RuntimeException e) {
                        finish(i, failedResult(a, "probe failed unexpectedly: " + e));
                    }
                }
            } finally {
                workers.decrementAndGet();
                if (!addressWork.isEmpty()) {
                    addWorkers(1); // queued between this worker's last look and its leaving
                }
            }
        }

        private void finish(int index, ProbeResult r) {
            results.set(index, r);
            int d;
            synchronized (listenerLock) {
                // Counted under the lock so listeners see done rise by one per call.
                d = done.incrementAndGet();
                try {
                    listener.onResult(r, d, authorities.size());
                } catch (RuntimeException ignored) {
                    // A listener's failure must not lose the probe's results.
                }
            }
            if (d == authorities.size()) {
                List<ProbeResult> all = new ArrayList<>(authorities.size());
                for (int j = 0; j < authorities.size(); j++) {
                    all.add(results.get(j));
                }
                future.complete(List.copyOf(all));
            }
        }

        private ProbeResult failedResult(Authority a, String message) {
            return new ProbeResult(a, List.of(), "not resolved", Optional.of(message), PhaseTimings.NOT_MEASURED, List.of());
        }

        /** Resolves {@code a}, then handshakes with each address (the second and later ones queued); finishes it. */
        private void probeOne(int index, Authority a) {
            Resolution res = resolve(a);
            if (res.failure() != null) {
                finish(index, res.failure());
                return;
            }
            if (res.source().equals(ProbeResult.RESOLVED_BY_PROXY)) {
                Handshake h;
                try {
                    h = handshake(a, a.host(), res.dnsMicros());
                } catch (RuntimeException e) {
                    h = unexpected(a, a.host(), res.dnsMicros(), e);
                }
                finish(index, new ProbeResult(a, List.of(), res.source(), Optional.empty(), res.dnsMicros(), List.of(h)));
                return;
            }
            List<String> addresses = res.addresses();
            Optional<HttpsRecords> https = res.askedResolver() ? httpsRecords(a, addresses) : Optional.empty();
            Handshake[] handshakes = new Handshake[addresses.size()];
            AtomicInteger left = new AtomicInteger(addresses.size());
            Runnable[] tasks = new Runnable[addresses.size()];
            for (int k = 0; k < addresses.size(); k++) {
                int slot = k;
                tasks[k] = () -> {
                    try {
                        handshakes[slot] = handshake(a, addresses.get(slot), res.dnsMicros());
                    } catch (RuntimeException e) {
                        handshakes[slot] = unexpected(a, addresses.get(slot), res.dnsMicros(), e);
                    }
                    if (left.decrementAndGet() == 0) {
                        finish(index, new ProbeResult(a, addresses, res.source(), Optional.empty(), res.dnsMicros(),
                                List.of(handshakes), https));
                    }
                };
            }
            for (int k = 1; k < tasks.length; k++) {
                addressWork.add(tasks[k]);
            }
            if (tasks.length > 1) {
                addWorkers(tasks.length - 1);
            }
            tasks[0].run();
        }

        private Handshake unexpected(Authority a, String address, long dnsMicros, RuntimeException e) {
            return new Attempt(a, new Endpoint(address, a.port()), a.effectiveSni(), dnsMicros)
                    .failure(HandshakeStatus.ERROR, "probe failed unexpectedly: " + e, null);
        }

        /** Addresses to probe, or the finished result when there are none (DNS failure, cancellation). */
        private record Resolution(List<String> addresses, String source, long dnsMicros, ProbeResult failure) {
            static Resolution failed(ProbeResult r) {
                return new Resolution(List.of(), r.addressSource(), r.dnsMicros(), r);
            }

            /** True when the addresses came from the resolver (not an override or a literal). */
            boolean askedResolver() {
                return !source.equals(OVERRIDE) && !source.equals(LITERAL);
            }
        }

        /**
         * The authority's HTTPS records as the resolver answers, within the DNS timeout; a lookup that does not
         * answer in time or is cancelled is an unknown answer, never a failed probe.
         */
        private Optional<HttpsRecords> httpsRecords(Authority a, List<String> addresses) {
            String name = DnsQueries.httpsName(a.host(), a.port());
            if (cancelled.get()) {
                return Optional.empty();
            }
            CompletableFuture<Optional<HttpsRecords>> lookup = resolver.httpsRecords(a.host(), a.port(), addresses);
            pendingLookups.add(lookup);
            if (cancelled.get()) {
                lookup.cancel(true);
            }
            try {
                return lookup.get(options.dnsTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return Optional.of(HttpsRecords.unknown(name, resolver.source(), "no answer within "
                        + options.dnsTimeout().toMillis() + " ms"));
            } catch (CancellationException e) {
                return Optional.of(HttpsRecords.unknown(name, resolver.source(), CANCELLED_PREFIX));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(HttpsRecords.unknown(name, resolver.source(), CANCELLED_PREFIX));
            } catch (ExecutionException e) {
                return Optional.of(HttpsRecords.unknown(name, resolver.source(), "the lookup failed: " + e.getCause()));
            } finally {
                pendingLookups.remove(lookup);
            }
        }

        private Resolution resolve(Authority a) {
            List<String> addresses;
            String source;
            long dnsMicros = PhaseTimings.NOT_MEASURED;
            if (!a.resolve().isEmpty()) {
                addresses = a.resolve().stream().map(CertificateFacts::canonicalIp).distinct().toList();
                source = OVERRIDE;
            } else if (a.isIpLiteral()) {
                addresses = List.of(CertificateFacts.canonicalIp(a.host()));
                source = LITERAL;
            } else if (proxy.isPresent() && proxyResolvesNames) {
                return new Resolution(List.of(), ProbeResult.RESOLVED_BY_PROXY, PhaseTimings.NOT_MEASURED, null);
            } else {
                source = resolver.source();
                if (cancelled.get()) {
                    return Resolution.failed(new ProbeResult(a, List.of(), source, Optional.of(CANCELLED_PREFIX + " before "
                            + a.host() + " was resolved"), PhaseTimings.NOT_MEASURED, List.of()));
                }
                long t0 = System.nanoTime();
                CompletableFuture<List<String>> lookup = resolver.resolve(a.host());
                pendingLookups.add(lookup);
                if (cancelled.get()) {
                    lookup.cancel(true); // cancel() may have run before the lookup was registered
                }
                try {
                    addresses = lookup.get(options.dnsTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    dnsMicros = micros(t0);
                } catch (TimeoutException e) {
                    return Resolution.failed(dnsFailure(a, source, micros(t0), "DNS lookup of " + a.host() + " did not answer within "
                            + options.dnsTimeout().toMillis() + " ms (" + source + ")"));
                } catch (CancellationException e) {
                    return Resolution.failed(dnsFailure(a, source, micros(t0), CANCELLED_PREFIX + " while resolving " + a.host()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Resolution.failed(dnsFailure(a, source, micros(t0), CANCELLED_PREFIX + " while resolving " + a.host()));
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    String why = c instanceof UnknownHostException || c instanceof DnsQueries.DnsQueryException ? c.getMessage()
                            : "DNS lookup of " + a.host() + " failed: " + c;
                    return Resolution.failed(dnsFailure(a, source, micros(t0), why));
                } finally {
                    pendingLookups.remove(lookup);
                }
                if (addresses.isEmpty()) {
                    return Resolution.failed(dnsFailure(a, source, dnsMicros, a.host() + " has no A or AAAA record"));
                }
            }
            return new Resolution(addresses, source, dnsMicros, null);
        }

        private ProbeResult dnsFailure(Authority a, String source, long micros, String message) {
            return new ProbeResult(a, List.of(), source, Optional.of(message), micros, List.of());
        }

        private Handshake handshake(Authority a, String address, long dnsMicros) {
            Endpoint endpoint = new Endpoint(address, a.port());
            Optional<String> sni = a.effectiveSni();
            Attempt at = new Attempt(a, endpoint, sni, dnsMicros);
            if (cancelled.get()) {
                return at.failure(HandshakeStatus.CANCELLED, "cancelled before connecting", null);
            }
            InetAddress ip = null; // through a proxy, the tunnel names the endpoint
            if (proxy.isEmpty()) {
                try {
                    ip = InetAddress.getByName(address); // an IP literal: no lookup happens
                } catch (UnknownHostException e) {
                    return at.failure(HandshakeStatus.ERROR, "not an IP address: " + address, null);
                }
            }
            HandshakeRecorder recorder = new HandshakeRecorder(clientKeys);
            SSLContext ctx;
            try {
                ctx = context(recorder);
            } catch (GeneralSecurityException e) {
                return at.failure(HandshakeStatus.ERROR, options.tlsStack().describe() + " cannot make TLS handshakes: "
                        + e.getMessage(), null);
            }
            options.tlsStack().warmUp(); // once per process: the handshakes' times are then not this JVM's start-up
            Offer everything = Offer.everything(options.alpn());
            Connection first = connectAndHandshake(at, ctx, ip, recorder, options.tryResumption(), everything);
            Handshake result;
            if (first.handshake != null) {
                result = first.handshake;
            } else {
                Optional<Boolean> resumed = Optional.empty();
                if (options.tryResumption()) {
                    int seen = recorder.chainsSeen();
                    Connection second = connectAndHandshake(new Attempt(a, endpoint, sni, dnsMicros), ctx, ip, recorder,
                            false, everything);
                    resumed = Optional.of(second.handshake == null && recorder.chainsSeen() == seen);
                }
                result = at.success(first, recorder, resumed);
            }
            if (options.tlsSettings() && reachedTls(result.status())) {
                Optional<TlsSettings> settings = settings(new Attempt(a, endpoint, sni, dnsMicros), ip, result);
                if (settings.isPresent()) {
                    return result.withTlsSettings(settings.get());
                }
            }
            return result;
        }

        private SSLContext context(HandshakeRecorder recorder) throws GeneralSecurityException {
            return options.tlsStack().newContext(new javax.net.ssl.KeyManager[] {recorder.keys},
                    new javax.net.ssl.TrustManager[] {recorder.trust});
        }

        /**
         * The settings pass: handshakes that each offer one version, one TLS 1.2 cipher suite or one ALPN protocol,
         * never a client certificate, each with a fresh context (so none resumes a session and skips the choice).
         * Empty when cancelled part-way (partial settings would read as refusals) or when the stack cannot start.
         */
        private Optional<TlsSettings> settings(Attempt at, InetAddress ip, Handshake main) {
            int hellos = 0;
            List<String> versions = new ArrayList<>();
            boolean requested = false;
            boolean required = false;
            boolean answeredAny = false;
            for (String version : TlsSettings.VERSIONS) {
                Limited l = limited(at, ip, new Offer(Optional.of(version), Optional.empty(), options.alpn(), true));
                if (l == null) {
                    return Optional.empty();
                }
                hellos++;
                if (l.answered) {
                    answeredAny = true;
                    versions.add(version);
                    requested |= l.certRequested;
                    required |= l.certRequested && (!l.completed || l.closedAfter);
                }
            }
            List<String> testedSuites = new ArrayList<>();
            List<String> suites = new ArrayList<>();
            if (versions.contains("TLSv1.2")) {
                for (String suite : TlsSettings.TLS12_CIPHER_SUITES) {
                    if (!stackOffers(suite)) {
                        continue;
                    }
                    Limited l = limited(at, ip, new Offer(Optional.of("TLSv1.2"), Optional.of(suite), options.alpn(), false));
                    if (l == null) {
                        return Optional.empty();
                    }
                    hellos++;
                    testedSuites.add(suite);
                    if (l.answered) {
                        suites.add(suite);
                    }
                }
            }
            List<String> alpn = new ArrayList<>();
            for (String protocol : options.alpn()) {
                if (main.alpn().filter(protocol::equals).isPresent()) {
                    alpn.add(protocol); // chosen when everything was offered: accepted without asking again
                    continue;
                }
                Limited l = limited(at, ip, new Offer(Optional.empty(), Optional.empty(), List.of(protocol), false));
                if (l == null) {
                    return Optional.empty();
                }
                hellos++;
                if (l.alpn.filter(protocol::equals).isPresent()) {
                    alpn.add(protocol);
                }
            }
            ClientCertMode mode = !answeredAny ? ClientCertMode.UNKNOWN
                    : required ? ClientCertMode.REQUIRED : requested ? ClientCertMode.REQUESTED : ClientCertMode.NONE;
            return Optional.of(new TlsSettings(TlsSettings.VERSIONS, versions, testedSuites, suites, mode, options.alpn(),
                    alpn, hellos));
        }

        private boolean stackOffers(String suite) {
            return supportedSuites.computeIfAbsent(options.tlsStack(), s -> {
                try {
                    return Set.of(s.newContext(null, null).getSupportedSSLParameters().getCipherSuites());
                } catch (GeneralSecurityException e) {
                    return Set.of();
                }
            }).contains(suite);
        }

        /** One handshake of the settings pass, or null when the probe was cancelled (the pass then stops). */
        private Limited limited(Attempt at, InetAddress ip, Offer offer) {
            if (cancelled.get()) {
                return null;
            }
            HandshakeRecorder recorder = new HandshakeRecorder(Optional.empty());
            SSLContext ctx;
            try {
                ctx = context(recorder);
            } catch (GeneralSecurityException e) {
                return null;
            }
            Connection c = connectAndHandshake(at, ctx, ip, recorder, false, offer);
            if (cancelled.get()) {
                return null;
            }
            // The server answered with this version or suite once it sent its certificate, whatever came after.
            return new Limited(recorder.chainsSeen() > 0, c.handshake == null, recorder.clientCertRequested(),
                    c.closedAfter, c.alpn);
        }

        /** Connects and handshakes; {@code handshake} is set when it failed, {@code session} when it succeeded. */
        private Connection connectAndHandshake(Attempt at, SSLContext ctx, InetAddress ip, HandshakeRecorder recorder,
                                               boolean awaitTicket, Offer offer) {
            if (proxy.isPresent() || !ip.isLoopbackAddress()) {
                return connectAndHandshakeNow(at, ctx, ip, recorder, awaitTicket, offer);
            }
            try {
                // the wait for a turn is not the server's time: the clocks start when the connection is opened
                while (!loopbackHandshakes.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    if (cancelled.get()) {
                        return Connection.failed(at.failure(HandshakeStatus.CANCELLED, "cancelled before connecting",
                                recorder));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Connection.failed(at.failure(HandshakeStatus.CANCELLED, "cancelled before connecting", recorder));
            }
            try {
                return connectAndHandshakeNow(at, ctx, ip, recorder, awaitTicket, offer);
            } finally {
                loopbackHandshakes.release();
            }
        }

        private Connection connectAndHandshakeNow(Attempt at, SSLContext ctx, InetAddress ip,
                                                  HandshakeRecorder recorder, boolean awaitTicket, Offer offer) {
            Socket raw = new Socket();
            openSockets.add(raw);
            AtomicBoolean tlsDeadlinePassed = new AtomicBoolean();
            AtomicBoolean finished = new AtomicBoolean();
            try {
                if (cancelled.get()) {
                    return Connection.failed(at.failure(HandshakeStatus.CANCELLED, "cancelled before connecting", recorder));
                }
                long t0 = System.nanoTime();
                try {
                    if (proxy.isPresent()) {
                        HttpConnectTunnel.open(raw, proxy.get(), at.endpoint.address(), at.endpoint.port(),
                                options.connectTimeout(), options.connectTimeout());
                    } else {
                        raw.connect(new InetSocketAddress(ip, at.endpoint.port()), (int) options.connectTimeout().toMillis());
                    }
                } catch (IOException e) {
                    at.connectMicros = micros(t0);
                    return Connection.failed(connectFailure(at, e));
                }
                at.connectMicros = micros(t0);
                if (raw.getLocalAddress() != null && !raw.getLocalAddress().isAnyLocalAddress()) {
                    localAddresses.add(CertificateFacts.formatIp(raw.getLocalAddress().getAddress()));
                }
                long t1 = System.nanoTime();
                try {
                    raw.setTcpNoDelay(true);
                    int tlsMillis = (int) options.tlsTimeout().toMillis();
                    raw.setSoTimeout(tlsMillis);
                    SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, at.endpoint.address(),
                            at.endpoint.port(), true);
                    SSLParameters params = ssl.getSSLParameters();
                    List<SNIServerName> names = at.sni.isPresent() ? List.of(new SNIHostName(at.sni.get())) : List.of();
                    params.setServerNames(names);
                    params.setApplicationProtocols(offer.alpn().toArray(new String[0]));
                    offer.version().ifPresent(v -> params.setProtocols(new String[] {v}));
                    offer.cipherSuite().ifPresent(c -> params.setCipherSuites(new String[] {c}));
                    params.setEndpointIdentificationAlgorithm(null);
                    ssl.setSSLParameters(params);
                    // The socket timeout bounds each read; this bounds the handshake as a whole.
                    CompletableFuture.delayedExecutor(tlsMillis, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                        if (!finished.get()) {
                            tlsDeadlinePassed.set(true);
                            closeQuietly(raw);
                        }
                    });
                    ssl.startHandshake();
                    finished.set(true);
                    at.tlsMicros = micros(t1);
                    SSLSession session = ssl.getSession();
                    boolean closedAfter = false;
                    if (awaitTicket) {
                        awaitSessionTicket(ssl);
                    } else if (offer.watchClientCertVerdict() && recorder.clientCertRequested()) {
                        closedAfter = endedAfterHandshake(ssl);
                    }
                    return new Connection(null, session.getProtocol(), session.getCipherSuite(),
                            Optional.ofNullable(ssl.getApplicationProtocol()).filter(p -> !p.isEmpty()), closedAfter);
                } catch (IllegalArgumentException e) {
                    finished.set(true);
                    return Connection.failed(at.failure(HandshakeStatus.ERROR, "cannot send SNI '" + at.sni.orElse("")
                            + "': " + e.getMessage(), recorder));
                } catch (IOException e) {
                    finished.set(true);
                    at.tlsMicros = micros(t1);
                    return Connection.failed(tlsFailure(at, e, tlsDeadlinePassed.get(), recorder));
                }
            } finally {
                finished.set(true);
                closeQuietly(raw);
                openSockets.remove(raw);
            }
        }

        /**
         * Whether the server ended the connection right after a handshake in which it asked for a client certificate
         * and got none: with TLS 1.3 the client's handshake is over before the server judges its (empty) certificate,
         * so a server that requires one says so only afterwards, with an alert.
         */
        private boolean endedAfterHandshake(SSLSocket ssl) {
            try {
                ssl.setSoTimeout((int) Math.min(CLIENT_CERT_VERDICT_MILLIS, options.tlsTimeout().toMillis()));
                return ssl.getInputStream().read(new byte[1]) < 0;
            } catch (SocketTimeoutException e) {
                return false; // nothing came: the server goes on without a certificate
            } catch (IOException e) {
                return true;
            }
        }

        /** TLS 1.3 sends session tickets after the handshake; a short read lets the JDK store them. */
        private void awaitSessionTicket(SSLSocket ssl) {
            try {
                ssl.setSoTimeout((int) Math.min(200, options.tlsTimeout().toMillis()));
                InputStream in = ssl.getInputStream();
                in.read(new byte[1]);
            } catch (IOException e) {
                // A timeout is the normal outcome: nothing but the tickets was sent.
            }
        }

        private Handshake connectFailure(Attempt at, IOException e) {
            if (cancelled.get()) {
                return at.failure(HandshakeStatus.CANCELLED, "cancelled while connecting", null);
            }
            if (e instanceof HttpConnectTunnel.ProxyUnreachable) {
                return at.failure(e.getCause() instanceof ConnectException ? HandshakeStatus.REFUSED
                        : e.getCause() instanceof SocketTimeoutException ? HandshakeStatus.CONNECT_TIMEOUT
                        : HandshakeStatus.ERROR, e.getMessage(), null);
            }
            if (e instanceof HttpConnectTunnel.Refused) {
                return at.failure(HandshakeStatus.ERROR, e.getMessage(), null);
            }
            String where = at.endpoint.toString();
            if (e instanceof SocketTimeoutException) {
                return at.failure(HandshakeStatus.CONNECT_TIMEOUT, "TCP connect to " + where + " did not complete within "
                        + options.connectTimeout().toMillis() + " ms", null);
            }
            if (e instanceof ConnectException) {
                return at.failure(HandshakeStatus.REFUSED, "connection to " + where + " refused (nothing listening)", null);
            }
            if (e instanceof NoRouteToHostException) {
                return at.failure(HandshakeStatus.ERROR, "no route to " + where, null);
            }
            return at.failure(HandshakeStatus.ERROR, "TCP connect to " + where + " failed: " + e.getMessage(), null);
        }

        private Handshake tlsFailure(Attempt at, IOException e, boolean deadlinePassed, HandshakeRecorder recorder) {
            if (cancelled.get()) {
                return at.failure(HandshakeStatus.CANCELLED, "cancelled during the TLS handshake", recorder);
            }
            if (deadlinePassed || causedBy(e, SocketTimeoutException.class)) {
                return at.failure(HandshakeStatus.TLS_TIMEOUT, "TLS handshake with " + at.endpoint + " did not complete within "
                        + options.tlsTimeout().toMillis() + " ms", recorder);
            }
            String text = allMessages(e);
            // the JDK's words, then BoringSSL's (Conscrypt) for the same failures
            if (text.contains("Unsupported or unrecognized SSL message") || text.contains("Unable to parse TLS packet header")
                    || text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST")) {
                return at.failure(HandshakeStatus.TLS_FAILED, NOT_TLS + ": " + at.endpoint
                        + " answered the ClientHello with something that is not TLS (plain HTTP on a TLS port?)", recorder);
            }
            if (text.contains("EXCESSIVE_MESSAGE_SIZE")) {
                return at.failure(HandshakeStatus.TLS_FAILED, CLIENT_LIMIT + ": a handshake message exceeds the maximum "
                        + "allowed size of BoringSSL (a fixed limit of the TLS library; --tls-provider jdk with "
                        + "-Djdk.tls.maxHandshakeMessageSize accepts larger ones; a browser may accept what Misdirect "
                        + "refused)", recorder);
            }
            if (text.contains("exceeds the maximum allowed size") || text.contains("exceeds the maximum allowed length")) {
                return at.failure(HandshakeStatus.TLS_FAILED, CLIENT_LIMIT + ": " + firstLimitMessage(text)
                        + " (the JDK's jdk.tls.maxHandshakeMessageSize / jdk.tls.maxCertificateChainLength; a browser "
                        + "may accept what Misdirect refused)", recorder);
            }
            java.util.regex.Matcher boringAlert = BORINGSSL_ALERT.matcher(text);
            if (text.contains("Received fatal alert") || boringAlert.find()) {
                String alert = text.contains("Received fatal alert")
                        ? text.substring(text.indexOf("Received fatal alert") + "Received fatal alert".length())
                        .replaceFirst("^:\\s*", "").split("[;\\n]")[0].trim()
                        : boringAlert.group(1).toLowerCase(java.util.Locale.ROOT);
                return at.failure(HandshakeStatus.TLS_FAILED, "the server refused the handshake with TLS alert "
                        + alert + (recorder.clientCertRequested() && options.clientCredentials().isEmpty()
                        ? " (it asked for a client certificate and none was given)" : ""), recorder);
            }
            if (recorder.clientCertRequested() && options.clientCredentials().isEmpty()) {
                // Servers that require a client certificate alert or just hang up once they get none.
                return at.failure(HandshakeStatus.TLS_FAILED, "the server ended the handshake after asking for a client "
                        + "certificate, and none was given (" + firstMessage(e) + ")", recorder);
            }
            if (text.contains("Connection reset") || causedBy(e, EOFException.class)
                    || text.contains("Remote host terminated") || text.contains("closed")
                    || (e instanceof SocketException && !(e instanceof SSLException))) {
                return at.failure(HandshakeStatus.RESET, "the connection to " + at.endpoint
                        + " was reset or closed during the TLS handshake (" + firstMessage(e) + ")", recorder);
            }
            return at.failure(HandshakeStatus.TLS_FAILED, "TLS handshake failed: " + firstMessage(e), recorder);
        }

        private static String firstLimitMessage(String text) {
            for (String part : text.split("[;\n]")) {
                if (part.contains("exceeds the maximum allowed")) {
                    return part.replaceFirst("^[^:]*Exception:\\s*", "").strip();
                }
            }
            return "a limit of the client was exceeded";
        }

        private ChainFacts factsOf(List<X509Certificate> chain) {
            if (chain.isEmpty()) {
                return new ChainFacts(List.of(), List.of());
            }
            return chainFacts.computeIfAbsent(chain, c -> new ChainFacts(CertificateFacts.ofChain(c),
                    CertificateFacts.chainProblems(c)));
        }

        @Override
        public CompletableFuture<List<ProbeResult>> results() {
            return future;
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                pendingLookups.forEach(f -> f.cancel(true));
                openSockets.forEach(Prober::closeQuietly);
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public boolean isRunning() {
            return !future.isDone();
        }

        @Override
        public int done() {
            return done.get();
        }

        @Override
        public int total() {
            return authorities.size();
        }

        /** One address's probe in progress: what is known so far, turned into a {@link Handshake}. */
        private final class Attempt {
            final Authority authority;
            final Endpoint endpoint;
            final Optional<String> sni;
            final long dnsMicros;
            long connectMicros = PhaseTimings.NOT_MEASURED;
            long tlsMicros = PhaseTimings.NOT_MEASURED;

            Attempt(Authority authority, Endpoint endpoint, Optional<String> sni, long dnsMicros) {
                this.authority = authority;
                this.endpoint = endpoint;
                this.sni = sni;
                this.dnsMicros = dnsMicros;
            }

            PhaseTimings timings() {
                return new PhaseTimings(dnsMicros, connectMicros, tlsMicros);
            }

            Handshake failure(HandshakeStatus status, String message, HandshakeRecorder recorder) {
                List<X509Certificate> chain = recorder == null ? List.of() : recorder.chain();
                ChainVerdict verdict = chain.isEmpty()
                        ? new ChainVerdict(TrustVerdict.NOT_CHECKED, "no certificate was received")
                        : verifier.verify(chain, nameToCheck(authority), clock.instant());
                ChainFacts facts = factsOf(chain);
                return new Handshake(authority.key(), endpoint, sni, status, message, Optional.empty(), Optional.empty(),
                        Optional.empty(), facts.infos(), verdict.verdict(), verdict.reason(),
                        facts.problems(), recorder != null && recorder.clientCertRequested(),
                        recorder == null ? List.of() : recorder.clientCertIssuers(), Optional.empty(), timings(),
                        Optional.of(options.tlsStack().describe()));
            }

            Handshake success(Connection c, HandshakeRecorder recorder, Optional<Boolean> resumed) {
                List<X509Certificate> chain = recorder.chain();
                ChainVerdict verdict = verifier.verify(chain, nameToCheck(authority), clock.instant());
                ChainFacts facts = factsOf(chain);
                return new Handshake(authority.key(), endpoint, sni, HandshakeStatus.OK, "handshake ok"
                        + proxy.map(p -> " through the proxy http://" + p.authority()).orElse(""),
                        Optional.of(c.protocol), Optional.of(c.cipher), c.alpn, facts.infos(),
                        verdict.verdict(), verdict.reason(), facts.problems(),
                        recorder.clientCertRequested(), recorder.clientCertIssuers(), resumed, timings(),
                        Optional.of(options.tlsStack().describe()));
            }
        }
    }

    /** The name a certificate must cover for this authority: the host a client asks for. */
    private static Optional<String> nameToCheck(Authority a) {
        return Optional.of(a.host());
    }

    private record ChainFacts(List<CertificateInfo> infos, List<String> problems) {
    }

    private record Connection(Handshake handshake, String protocol, String cipher, Optional<String> alpn,
                              boolean closedAfter) {
        static Connection failed(Handshake h) {
            return new Connection(h, "", "", Optional.empty(), false);
        }
    }

    /**
     * What a ClientHello offers: one version or all the stack enables, one cipher suite or all, these ALPN protocols;
     * {@code watchClientCertVerdict}: after a handshake that asked for a client certificate, wait briefly for the
     * server's verdict on the missing one.
     */
    private record Offer(Optional<String> version, Optional<String> cipherSuite, List<String> alpn,
                         boolean watchClientCertVerdict) {
        static Offer everything(List<String> alpn) {
            return new Offer(Optional.empty(), Optional.empty(), alpn, false);
        }
    }

    /** What one handshake of the settings pass showed. */
    private record Limited(boolean answered, boolean completed, boolean certRequested, boolean closedAfter,
                           Optional<String> alpn) {
    }

    /** How long the settings pass waits after a TLS 1.3 handshake for a server's refusal of a missing client certificate. */
    private static final int CLIENT_CERT_VERDICT_MILLIS = 300;

    /** The handshake reached the server's TLS (the settings pass has something to ask). */
    private static boolean reachedTls(HandshakeStatus status) {
        return status == HandshakeStatus.OK || status == HandshakeStatus.TLS_FAILED || status == HandshakeStatus.RESET;
    }

    /** BoringSSL's name of a TLS alert the peer sent ("SSLV3_ALERT_HANDSHAKE_FAILURE", "TLSV13_ALERT_CERTIFICATE_REQUIRED"). */
    private static final java.util.regex.Pattern BORINGSSL_ALERT =
            java.util.regex.Pattern.compile("(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)");

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String allMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String firstMessage(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is best effort; the socket is abandoned either way.
        }
    }
}
