package dev.misdirect.core.session;

import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.probe.SystemResolver;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.ServedRequest;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

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
 * resolves through the system resolver, except for hosts pinned with {@link #withPins} (replay) and authorities that
 * carry their own {@code resolve=} addresses (probe).
 */
public final class Target {
    private final Optional<RunningLab> lab;
    private final List<X509Certificate> addedCas;
    private final Optional<ClientCredentials> credentials;
    private final Map<String, List<String>> pins;
    private final Optional<Resolver> resolver;
    private final Optional<String> vantageLabel;
    private volatile ChainVerifier verifier;

    private Target(Optional<RunningLab> lab, List<X509Certificate> addedCas, Optional<ClientCredentials> credentials,
                   Map<String, List<String>> pins, Optional<Resolver> resolver) {
        this(lab, addedCas, credentials, pins, resolver, Optional.empty());
    }

    private Target(Optional<RunningLab> lab, List<X509Certificate> addedCas, Optional<ClientCredentials> credentials,
                   Map<String, List<String>> pins, Optional<Resolver> resolver, Optional<String> vantageLabel) {
        this.lab = lab;
        this.addedCas = List.copyOf(addedCas);
        this.credentials = credentials;
        this.pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
        this.resolver = resolver;
        this.vantageLabel = vantageLabel.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The real network: system DNS, the JDK's trust store, no client certificate. */
    public static Target system() {
        return new Target(Optional.empty(), List.of(), Optional.empty(), Map.of(), Optional.empty());
    }

    /** A running lab scenario: its name map as the only DNS, its CA as the trust anchor. */
    public static Target lab(RunningLab running) {
        return new Target(Optional.of(Objects.requireNonNull(running, "running")), List.of(), Optional.empty(), Map.of(),
                Optional.empty());
    }

    /** A copy that also trusts these CAs (see the trust rule). */
    public Target withAddedCas(List<X509Certificate> cas) {
        List<X509Certificate> all = new ArrayList<>(addedCas);
        all.addAll(cas);
        return new Target(lab, all, credentials, pins, resolver, vantageLabel);
    }

    /** A copy whose client presents this certificate when a server asks for one, in probes and requests. */
    public Target withCredentials(Optional<ClientCredentials> c) {
        return new Target(lab, addedCas, Objects.requireNonNull(c, "credentials"), pins, resolver, vantageLabel);
    }

    /** A copy whose requests to these hosts (any port) go to these addresses instead of DNS (like curl's --resolve). */
    public Target withPins(Map<String, List<String>> hostAddresses) {
        Map<String, List<String>> all = new LinkedHashMap<>(pins);
        all.putAll(hostAddresses);
        return new Target(lab, addedCas, credentials, all, resolver, vantageLabel);
    }

    /** A copy whose probes resolve names through {@code r} (a name map, a test's fixed answers) instead. */
    public Target withResolver(Resolver r) {
        return new Target(lab, addedCas, credentials, pins, Optional.of(r), vantageLabel);
    }

    /**
     * A copy whose runs record {@code label} (a region, a runner's name) as their vantage's label; a blank label
     * is none. Runs of every use case carry it in their {@link dev.misdirect.core.model.Vantage}.
     */
    public Target withVantageLabel(Optional<String> label) {
        return new Target(lab, addedCas, credentials, pins, resolver, Objects.requireNonNull(label, "label"));
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

    /** How the probe resolves names; {@code dnsPool} runs system lookups. */
    public Resolver resolver(ExecutorService dnsPool) {
        if (resolver.isPresent()) {
            return resolver.get();
        }
        return lab.<Resolver>map(r -> new MapResolver(r.nameMap(), "lab name map"))
                .orElseGet(() -> new SystemResolver(dnsPool));
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
        ClientOptions c = client.withNames(pins).withTrust(anchors(), trustsSystemRoots());
        if (credentials.isPresent()) {
            c = c.withClientIdentity(credentials.map(ClientCredentials::keyManager));
        }
        if (lab.isEmpty()) {
            return ReplayOptions.of(c);
        }
        RunningLab r = lab.get();
        return ReplayOptions.lab(c.withNames(r.nameMap()).withResolver(HostResolver.none()), r.scenario().id(),
                r.fixed(), () -> r.serverLog().entries().stream().map(ServedRequest::toServerView).toList());
    }

    @Override
    public String toString() {
        return lab.map(r -> "lab " + r.scenario().id() + (r.fixed() ? " (fixed)" : "")).orElse("system");
    }
}
