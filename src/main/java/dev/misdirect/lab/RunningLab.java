package dev.misdirect.lab;

import dev.misdirect.core.model.AuthoritySet;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A scenario running on loopback. Closing it stops every server and thread it started and frees its port.
 * Thread-safe; {@link #close()} blocks until the servers have stopped and may be called more than once.
 */
public final class RunningLab implements AutoCloseable {
    private final Scenario scenario;
    private final boolean fixed;
    private final int port;
    private final List<OriginServer> servers;
    private final List<PassthroughProxy> passthroughs;
    private final ServerLog log;
    private final LabCa ca;
    private final X509Certificate caCertificate;
    private boolean closed;

    RunningLab(Scenario scenario, boolean fixed, int port, List<OriginServer> servers,
               List<PassthroughProxy> passthroughs, ServerLog log, LabCa ca) {
        this.scenario = scenario;
        this.fixed = fixed;
        this.port = port;
        this.servers = List.copyOf(servers);
        this.passthroughs = List.copyOf(passthroughs);
        this.log = log;
        this.ca = ca;
        this.caCertificate = ca.caCertificate();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Whether the fixed variant runs. */
    public boolean fixed() {
        return fixed;
    }

    /** The variant that runs. */
    public Scenario.Variant variant() {
        return scenario.variant(fixed);
    }

    /** The port every origin of this lab listens on. */
    public int port() {
        return port;
    }

    /** The scenario's authorities on this lab's port, each with its name-map addresses as {@code resolve}. */
    public AuthoritySet authoritySet() {
        return variant().authoritySet(port);
    }

    /** Lab host name to loopback addresses: the DNS probe and replay must use for lab names. */
    public Map<String, List<String>> nameMap() {
        return variant().nameMap();
    }

    /** The CA certificate that signed this lab's certificates; trust it explicitly. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA certificate as a PEM file. */
    public Path caPemPath() {
        return ca.caPemPath();
    }

    /** The scenario's default replay plan on this lab's port. */
    public String planText() {
        return variant().planText(port);
    }

    /** The origins with their endpoints, in scenario order, then the passthrough proxies (as proxies). */
    public List<RunningOrigin> origins() {
        List<RunningOrigin> all = new java.util.ArrayList<>(variant().origins().stream().map(spec -> {
            OriginServer s = servers.stream().filter(o -> o.spec().name().equals(spec.name())).findFirst().orElseThrow();
            return new RunningOrigin(spec.name(), spec.role(), s.endpoint(),
                    spec.vhosts().stream().flatMap(v -> v.serverNames().stream()).distinct().toList());
        }).toList());
        passthroughs.forEach(p -> all.add(new RunningOrigin(p.spec().name(), Scenario.Role.PROXY, p.endpoint(),
                List.copyOf(p.spec().routes().keySet()))));
        return all;
    }

    /** The origin with this name. */
    public Optional<RunningOrigin> origin(String name) {
        return origins().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** Everything served so far. */
    public ServerLog serverLog() {
        return log;
    }

    /**
     * True when {@code entry} was written by the server a client's connection reached (an origin, a node, an HTTP
     * proxy, a passthrough proxy's backend), not by the upstream an HTTP proxy forwarded to: the one entry per client
     * request that says what the client got.
     */
    public boolean reachedByClients(ServedRequest entry) {
        return variant().origins().stream().flatMap(o -> o.proxy().stream())
                .noneMatch(p -> p.upstream().equals(entry.origin()));
    }

    /** Shortcut for {@code serverLog().subscribe(listener)}; see {@link ServerLog#subscribe}. */
    public ServerLog.Subscription subscribe(Consumer<ServedRequest> listener) {
        return log.subscribe(listener);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        passthroughs.forEach(PassthroughProxy::close);
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    @Override
    public String toString() {
        return "RunningLab[" + scenario.id() + (fixed ? " (fixed)" : "") + " on port " + port + "]";
    }
}
