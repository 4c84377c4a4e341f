package dev.misdirect.core.session;

import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.ForwardProxy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.probe.DnsServerResolver;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.probe.SystemResolver;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.ServedRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a use case runs against: the system (the machine's DNS, the JDK's trust store) or a running lab scenario.
 * A target owns the four things every face used to decide for itself: name resolution, trust, the client's
 * credentials and address pins. Immutable; the {@code with} methods return copies.
 *
 * <h2>The trust rule (every face, probe and replay alike)</h2>
 * <ul>
 *   <li>System target: the JDK's default trust store plus every CA the user added ({@code --cacert}).</li>
 *   <li>Lab target: the lab's own CA plus every CA the user added, and not the JDK's roots: the lab's names
 *       resolve only through its name map to loopback origins, so no public CA has anything to vouch for.</li>
 * </ul>
 *
 * <h2>Names</h2>
 * A lab target resolves only through the lab's name map (no lookup ever leaves the machine). A system target
 * resolves through the system resolver (or the DNS server chosen with {@link #withDnsServer}), except for hosts pinned
 * with {@link #withPins} (replay) and authorities that carry their own {@code resolve=} addresses (probe).
 *
 * <h2>Through a forward proxy</h2>
 * With {@link #withProxy}, every connection of a probe, a replay and a verification is a {@code CONNECT} tunnel through
 * the proxy. A name the target resolves itself (the lab's name map, a pin, a {@code resolve=} address, a resolver given
 * with {@link #withResolver}) is tunnelled to by address; any other name is left to the proxy, which resolves it, so a
 * probe reports it {@linkplain dev.misdirect.core.model.ProbeResult#RESOLVED_BY_PROXY resolved by the proxy} without
 * addresses.
 */
public final class Target {
    /** How long one question to a {@link #withDnsServer DNS server} may take. */
    public static final Duration DNS_SERVER_TIMEOUT = ProbeOptions.DEFAULT_TIMEOUT;

    private final Optional<RunningLab> lab;
    private final List<X509Certificate> addedCas;
    private final Optional<ClientCredentials> credentials;
    private final Map<String, List<String>> pins;
    private final Optional<Resolver> resolver;
    private final Optional<DnsServer> dnsServer;
    private final Optional<ForwardProxy> proxy;
    private final Optional<String> vantageLabel;
    private volatile ChainVerifier verifier;

    private Target(Optional<RunningLab> lab, List<X509Certificate> addedCas, Optional<ClientCredentials> credentials,
                   Map<String, List<String>> pins, Optional<Resolver> resolver, Optional<DnsServer> dnsServer,
                   Optional<ForwardProxy> proxy, Optional<String> vantageLabel) {
        this.lab = lab;
        this.addedCas = List.copyOf(addedCas);
        this.credentials = credentials;
        this.pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
        this.resolver = resolver;
        this.dnsServer = dnsServer;
        this.proxy = proxy;
        this.vantageLabel = vantageLabel.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The real network: system DNS, the JDK's trust store, no client certificate. */
    public static Target system() {
        return new Target(Optional.empty(), List.of(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A running lab scenario: its name map as the only DNS, its CA as the trust anchor. */
    public static Target lab(RunningLab running) {
        return new Target(Optional.of(Objects.requireNonNull(running, "running")), List.of(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A copy that also trusts these CAs (see the trust rule). */
    public Target withAddedCas(List<X509Certificate> cas) {
        List<X509Certificate> all = new ArrayList<>(addedCas);
        all.addAll(cas);
        return new Target(lab, all, credentials, pins, resolver, dnsServer, proxy, vantageLabel);
    }

    /** A copy whose client presents this certificate when a server asks for one, in probes and requests. */
    public Target withCredentials(Optional<ClientCredentials> c) {
        return new Target(lab, addedCas, Objects.requireNonNull(c, "credentials"), pins, resolver, dnsServer, proxy, vantageLabel);
    }

    /** A copy whose requests to these hosts (any port) go to these addresses instead of DNS (like curl's --resolve). */
    public Target withPins(Map<String, List<String>> hostAddresses) {
        Map<String, List<String>> all = new LinkedHashMap<>(pins);
        all.putAll(hostAddresses);
        return sameTrust(new Target(lab, addedCas, credentials, all, resolver, dnsServer, proxy, vantageLabel));
    }

    /** A copy whose probes resolve names through {@code r} (a name map, a test's fixed answers) instead. */
    public Target withResolver(Resolver r) {
        return sameTrust(new Target(lab, addedCas, credentials, pins, Optional.of(r), dnsServer, proxy, vantageLabel));
    }

    /**
     * A copy whose names (A, AAAA and HTTPS records) are asked of this DNS server directly, in probes, verifications,
     * checks and replays, instead of the system's resolver ({@code --resolver}); each question is bounded by
     * {@link #DNS_SERVER_TIMEOUT}. A lab target keeps its name map.
     */
    public Target withDnsServer(Optional<DnsServer> server) {
        return sameTrust(new Target(lab, addedCas, credentials, pins, resolver, Objects.requireNonNull(server, "server"), proxy,
                vantageLabel));
    }

    /**
     * The proxy ({@code HOST:PORT}, never its credentials) and DNS server a measurement against this target goes
     * through, for the record (a lab's names come from its name map, never from a DNS server); empty for direct
     * connections with the system's resolver or the lab's name map.
     */
    public Optional<dev.misdirect.core.model.MeasuredThrough> measuredThrough() {
        return dev.misdirect.core.model.MeasuredThrough.of(proxy.map(ForwardProxy::authority),
                lab.isPresent() ? Optional.empty() : dnsServer.map(DnsServer::toString));
    }

    /** The DNS server names are asked of, when one was chosen. */
    public Optional<DnsServer> dnsServer() {
        return dnsServer;
    }

    /** A copy whose connections go through this HTTP CONNECT proxy (or directly, when empty). */
    public Target withProxy(Optional<ForwardProxy> p) {
        return sameTrust(new Target(lab, addedCas, credentials, pins, resolver, dnsServer, Objects.requireNonNull(p, "proxy"),
                vantageLabel));
    }

    /** The forward proxy connections go through, when any. */
    public Optional<ForwardProxy> proxy() {
        return proxy;
    }

    /**
     * A copy whose runs record {@code label} (a region, a runner's name) as their vantage's label; a blank label
     * is none. Runs of every use case carry it in their {@link dev.misdirect.core.model.Vantage}.
     */
    public Target withVantageLabel(Optional<String> label) {
        label.map(String::strip).filter(l -> !l.isEmpty()).flatMap(dev.misdirect.core.model.Vantage::labelProblem)
                .ifPresent(why -> {
                    throw new IllegalArgumentException("vantage label: " + why);
                });
        return sameTrust(new Target(lab, addedCas, credentials, pins, resolver, dnsServer, proxy,
                Objects.requireNonNull(label, "label")));
    }

    /** The vantage label runs against this target record, when one was given. */
    public Optional<String> vantageLabel() {
        return vantageLabel;
    }

    /** The running lab, when the target is one. */
    public Optional<RunningLab> lab() {
        return lab;
    }

    /** The lab scenario's id, when the target is a lab. */
    public Optional<String> labScenario() {
        return lab.map(r -> r.scenario().id());
    }

    /** True when the target is a lab scenario's fixed variant. */
    public boolean fixed() {
        return lab.map(RunningLab::fixed).orElse(false);
    }

    /** The CAs the user added (not the lab's, not the JDK's). */
    public List<X509Certificate> addedCas() {
        return addedCas;
    }

    /** The client's certificate and key, when given. */
    public Optional<ClientCredentials> credentials() {
        return credentials;
    }

    /** Every CA a handshake with this target is verified against, beyond the JDK's store for a system target. */
    public List<X509Certificate> anchors() {
        List<X509Certificate> all = new ArrayList<>(addedCas);
        lab.ifPresent(r -> all.add(r.caCertificate()));
        return all;
    }

    /** True when the JDK's default trust store is trusted too (system targets). */
    public boolean trustsSystemRoots() {
        return lab.isEmpty();
    }

    /** How the probe verifies chains: the trust rule. Made once per target (loading the JDK store takes a while). */
    public ChainVerifier verifier() {
        ChainVerifier v = verifier;
        if (v == null) {
            v = trustsSystemRoots() ? ChainVerifier.withJdkTrustStore(anchors()) : ChainVerifier.trusting(anchors());
            verifier = v;
        }
        return v;
    }

    /**
     * {@code copy}, which trusts what this target trusts, with this target's chain verifier once it is built (building
     * one reads the JDK's trust store).
     */
    private Target sameTrust(Target copy) {
        copy.verifier = verifier;
        return copy;
    }

    /** How the probe resolves names; {@code dnsPool} runs system lookups. */
    public Resolver resolver(ExecutorService dnsPool) {
        if (resolver.isPresent()) {
            return resolver.get();
        }
        return lab.<Resolver>map(r -> new MapResolver(r.nameMap(), "lab name map"))
                .or(() -> dnsServer.map(d -> new DnsServerResolver(d, DNS_SERVER_TIMEOUT)))
                .orElseGet(() -> new SystemResolver(dnsPool));
    }

    /**
     * The prober for this target: its names, its trust, and its proxy (see the class comment); {@code pools} run the
     * handshakes and the lookups.
     */
    public Prober prober(EnginePools pools) {
        Prober p = new Prober(pools.probe(), resolver(pools.dns()), verifier());
        return proxy.map(x -> p.through(x, lab.isEmpty() && resolver.isEmpty() && dnsServer.isEmpty())).orElse(p);
    }

    /** The probe options with this target's client credentials. */
    public ProbeOptions probeOptions(ProbeOptions base) {
        return credentials.isPresent() ? base.withClientCredentials(credentials) : base;
    }

    /**
     * How a replay against this target runs: {@code client}'s policy, retry, protocol, timeouts, names and SNI
     * overrides, with this target's pins, trust (replacing any the client had: the trust rule decides) and
     * credentials; against a lab, its name map as the only DNS and its server log joined to
     * the client's exchanges.
     */
    public ReplayOptions replayOptions(ClientOptions client) {
        ClientOptions c = client.withNames(pins).withTrust(anchors(), trustsSystemRoots()).withProxy(proxy);
        if (credentials.isPresent()) {
            c = c.withClientIdentity(credentials.map(ClientCredentials::keyManager));
        }
        if (lab.isEmpty()) {
            if (dnsServer.isPresent()) {
                c = c.withResolver(blocking(new DnsServerResolver(dnsServer.get(), DNS_SERVER_TIMEOUT)));
            }
            return ReplayOptions.of(c);
        }
        RunningLab r = lab.get();
        return ReplayOptions.lab(c.withNames(r.nameMap()).withResolver(HostResolver.none()), r.scenario().id(),
                r.fixed(), () -> r.serverLog().entries().stream().map(ServedRequest::toServerView).toList());
    }

    /** {@code r} for a replayed request, which resolves on its calling thread: waits for the answer. */
    private static HostResolver blocking(Resolver r) {
        return HostResolver.ownServer(host -> {
            CompletableFuture<List<String>> lookup = r.resolve(host);
            try {
                List<InetAddress> out = new ArrayList<>();
                // the resolver bounds each question itself; this bound only guards against one that does not
                for (String a : lookup.get(DNS_SERVER_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                    out.add(InetAddress.getByAddress(host, IpLiterals.parse(a).orElseThrow()));
                }
                return out;
            } catch (InterruptedException e) {
                lookup.cancel(true);
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host + ": cancelled while asking the " + r.source());
            } catch (ExecutionException e) {
                throw new UnknownHostException(e.getCause().getMessage());
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw new UnknownHostException(host + ": the " + r.source() + " did not answer within "
                        + DNS_SERVER_TIMEOUT.toMillis() * 2 + " ms");
            }
        });
    }

    @Override
    public String toString() {
        return lab.map(r -> "lab " + r.scenario().id() + (r.fixed() ? " (fixed)" : "")).orElse("system")
                + proxy.map(p -> " through the proxy http://" + p.authority()).orElse("");
    }
}
