package dev.misdirect.core.probe;

import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A DNS server to ask directly ({@code --resolver ADDR[:PORT]}): an IP literal and a port (53 by default). Only an
 * IP literal is accepted, so naming the server never needs a lookup of its own. Immutable.
 *
 * @param address the server's address, canonical text (IPv6 without brackets)
 * @param port    its port, 1..65535
 */
public record DnsServer(String address, int port) {
    /** The DNS port. */
    public static final int DEFAULT_PORT = 53;

    public DnsServer {
        Objects.requireNonNull(address, "address");
        String given = address;
        address = IpLiterals.canonicalText(given).orElseThrow(() ->
                new IllegalArgumentException("'" + given + "' is not an IP address"));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
    }

    /**
     * Reads {@code ADDR[:PORT]}: {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code [2001:db8::53]:5353} or a bare
     * {@code 2001:db8::53}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static DnsServer parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        HostPort hp = HostPort.parse(t).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not ADDR[:PORT] (an IP address, then optionally a port 1..65535; IPv6 in brackets with a port)"));
        if (!IpLiterals.isIpLiteral(hp.host())) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (a DNS server is named by its "
                    + "address, so that asking it needs no lookup first)");
        }
        return new DnsServer(hp.host(), hp.port().orElse(DEFAULT_PORT));
    }

    /** The socket address to send queries to (no lookup: the address is a literal). */
    public InetSocketAddress socketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(IpLiterals.parse(address).orElseThrow()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a checked IP literal was refused: " + address, e);
        }
    }

    /** {@code 192.0.2.53:53}, {@code [2001:db8::53]:53}. */
    @Override
    public String toString() {
        return HostPort.bracketed(address) + ":" + port;
    }
}
