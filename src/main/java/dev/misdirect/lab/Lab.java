package dev.misdirect.lab;

import dev.misdirect.lab.Scenario.OriginSpec;
import dev.misdirect.lab.Scenario.Role;
import dev.misdirect.lab.Scenario.Variant;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts lab scenarios: their origins as Jetty HTTPS servers on loopback, with certificates from the lab CA.
 * Several labs may run side by side (each on its own port). Thread-safe; {@code start} blocks until every origin
 * listens (well under a second). Every thread a lab starts is named {@code <prefix>-<n>-<scenario>-<origin>...} and
 * ends when the {@link RunningLab} is closed.
 */
public final class Lab {
    private static final int BIND_ATTEMPTS = 8;
    private final LabCa ca;
    private final AtomicInteger counter = new AtomicInteger();

    /** A lab service minting certificates with {@code ca}. */
    public Lab(LabCa ca) {
        this.ca = Objects.requireNonNull(ca, "ca");
    }

    /** The CA this lab uses. */
    public LabCa ca() {
        return ca;
    }

    /** Starts {@code scenario} (its fixed variant when {@code fixed}) on a free port. */
    public RunningLab start(Scenario scenario, boolean fixed) throws LabStartException {
        return start(scenario, LabOptions.defaults().withFixed(fixed));
    }

    /**
     * Starts {@code scenario} per {@code options}. All origins share one port, each on its own loopback address.
     *
     * @throws LabStartException when the fixed port is taken, or no common free port was found
     */
    public RunningLab start(Scenario scenario, LabOptions options) throws LabStartException {
        Variant variant = scenario.variant(options.fixed());
        Map<String, LeafCredential> credentials = new HashMap<>();
        for (Scenario.CertificateSpec c : variant.certificates()) {
            credentials.put(c.id(), ca.leaf(c.id(), c.dnsNames()));
        }
        // upstreams first, so a proxy knows where it forwards
        List<OriginSpec> order = variant.origins().stream()
                .sorted(Comparator.comparing(o -> o.role() == Role.UPSTREAM ? 0 : 1)).toList();
        String prefix = options.threadNamePrefix() + "-" + counter.incrementAndGet() + "-" + scenario.id();
        ServerLog log = new ServerLog();
        Exception last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            List<OriginServer> started = new ArrayList<>();
            List<PassthroughProxy> passthroughs = new ArrayList<>();
            int port = options.port().orElse(0);
            try {
                for (OriginSpec spec : order) {
                    OriginServer server = new OriginServer(spec, credentials, log, prefix + "-" + spec.name(),
                            variant.behindPassthrough(spec.name()));
                    started.add(server);
                    if (spec.proxy().isPresent()) {
                        Scenario.ProxySpec p = spec.proxy().get();
                        OriginServer up = started.stream().filter(s -> s.spec().name().equals(p.upstream())).findFirst()
                                .orElseThrow(() -> new IllegalStateException("proxy " + spec.name()
                                        + " names unknown upstream " + p.upstream()));
                        server.forwardTo(new UpstreamPool(up.spec().name(), up.endpoint(), p.poolKey(), p.sendSni(),
                                ca.caCertificate()));
                    }
                    server.start(port);
                    port = server.port();
                }
                for (Scenario.PassthroughSpec spec : variant.passthroughs()) {
                    Map<String, dev.misdirect.core.model.Endpoint> backends = new HashMap<>();
                    started.stream().filter(s -> spec.backends().contains(s.spec().name()))
                            .forEach(s -> backends.put(s.spec().name(), s.endpoint()));
                    PassthroughProxy proxy = new PassthroughProxy(spec, backends, prefix + "-" + spec.name());
                    passthroughs.add(proxy);
                    proxy.start(port);
                    port = proxy.endpoint().port();
                }
                return new RunningLab(scenario, options.fixed(), port, started, passthroughs, log, ca);
            } catch (Exception e) {
                started.forEach(OriginServer::close);
                passthroughs.forEach(PassthroughProxy::close);
                last = e;
                if (!isBindFailure(e)) {
                    throw new LabStartException("lab scenario " + scenario.id() + " could not start: " + e.getMessage(), e);
                }
                if (options.port().isPresent()) {
                    throw new LabStartException("port " + options.port().getAsInt() + " is taken on one of "
                            + addresses(variant) + " (scenario " + scenario.id() + ")", e);
                }
            }
        }
        throw new LabStartException("no port was free on all of " + addresses(variant) + " after " + BIND_ATTEMPTS
                + " attempts (scenario " + scenario.id() + ")", last);
    }

    private static List<String> addresses(Variant v) {
        List<String> all = new ArrayList<>(v.origins().stream().map(OriginSpec::address).toList());
        v.passthroughs().forEach(p -> all.add(p.address()));
        return all;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t instanceof IOException && String.valueOf(t.getMessage()).contains("bind"))) {
                return true;
            }
        }
        return false;
    }
}
