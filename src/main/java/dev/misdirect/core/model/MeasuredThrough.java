package dev.misdirect.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How the network was reached when something was measured, so that a reader knows what the facts rest on: the HTTP
 * proxy the connections were tunnelled through ({@code --proxy}, File › Proxy…) and the DNS server names were asked
 * of ({@code --resolver}, File › DNS server…). Only the proxy's host and port are kept, never its credentials.
 *
 * @param proxy     the proxy's {@code HOST:PORT}, when connections went through one
 * @param dnsServer the DNS server's {@code ADDR:PORT}, when one was asked instead of the system's resolver
 */
public record MeasuredThrough(Optional<String> proxy, Optional<String> dnsServer) {
    public MeasuredThrough {
        proxy = proxy == null ? Optional.empty() : proxy;
        dnsServer = dnsServer == null ? Optional.empty() : dnsServer;
        proxy.ifPresent(p -> {
            if (p.contains("@")) {
                throw new IllegalArgumentException("a proxy is kept as HOST:PORT only, without credentials");
            }
        });
    }

    /** What is worth recording: empty for direct connections with the system's resolver. */
    public static Optional<MeasuredThrough> of(Optional<String> proxy, Optional<String> dnsServer) {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(dnsServer, "dnsServer");
        return proxy.isEmpty() && dnsServer.isEmpty() ? Optional.empty()
                : Optional.of(new MeasuredThrough(proxy, dnsServer));
    }

    /** One line for people: "through the HTTP proxy 10.0.0.8:3128; names asked of the DNS server 10.0.0.53:53". */
    public String describe() {
        return proxy.map(p -> "through the HTTP proxy " + p).orElse("connected directly") + "; "
                + dnsServer.map(d -> "names asked of the DNS server " + d).orElse("names asked of the system's resolver");
    }
}
