package dev.misdirect.core.names;

import dev.misdirect.core.model.Authority;

import java.util.List;
import java.util.Objects;

/**
 * A curl-style {@code --resolve HOST:PORT:ADDR[,ADDR]} entry: connect to these addresses instead of asking DNS
 * when the authority is {@code host:port}.
 *
 * @param host      canonical host (A-label DNS name, or IP literal without brackets)
 * @param port      1..65535
 * @param addresses canonical IP literal text (IPv6 without brackets, RFC 5952), in the order given
 */
public record ResolveOption(String host, int port, List<String> addresses) {

    public ResolveOption {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a resolve option needs at least one address");
        }
    }

    /** True when this entry is about {@code authority} (same host and port). */
    public boolean appliesTo(Authority authority) {
        return authority.host().equals(host) && authority.port() == port;
    }

    /** {@code authority} with these addresses as its resolve override when it applies, unchanged otherwise. */
    public Authority applyTo(Authority authority) {
        return appliesTo(authority) ? authority.withResolve(addresses) : authority;
    }
}
