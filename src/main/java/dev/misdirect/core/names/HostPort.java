package dev.misdirect.core.names;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An authority split into host and port, as a Host header, an {@code :authority}, an authority key
 * ({@code b.example:443}) or a socket address writes it: {@code host}, {@code host:port}, {@code [IPv6]},
 * {@code [IPv6]:port}, or a bare IPv6 literal (more than one colon and no brackets: all of it is the host).
 *
 * <p>Only the split: the host keeps its case and spelling (Unicode or A-labels, a trailing dot) and loses the
 * brackets of an IPv6 literal; nothing is resolved, and the host is not checked (a peer's Host header may hold
 * anything). {@link AuthorityParser} is the strict reading of what a person types. Pure and thread-safe.
 *
 * @param host the host, without the brackets of an IPv6 literal
 * @param port the port, when the text names one
 */
public record HostPort(String host, OptionalInt port) {

    /**
     * Splits {@code authority}; empty when it does not have that shape: an unclosed {@code [}, anything after
     * {@code ]} other than {@code :port}, or a port that is not a number from 1 to 65535.
     */
    public static Optional<HostPort> parse(String authority) {
        Split s = split(authority);
        if (!s.wellFormed()) {
            return Optional.empty();
        }
        if (s.portText().isEmpty()) {
            return Optional.of(new HostPort(s.host(), OptionalInt.empty()));
        }
        OptionalInt port = portNumber(s.portText().get());
        return port.isPresent() ? Optional.of(new HostPort(s.host(), port)) : Optional.empty();
    }

    /**
     * The host of {@code authority}, read leniently: where {@link #parse} refuses the text, its host part still
     * ({@code a.example:x} gives {@code a.example}, an unclosed {@code [::1} gives {@code ::1}), so that what a
     * peer sent can be reported.
     */
    public static String hostOf(String authority) {
        return split(authority).host();
    }

    /** The port of {@code authority}, or {@code defaultPort} when it names none or {@link #parse} refuses it. */
    public static int portOf(String authority, int defaultPort) {
        return parse(authority).map(a -> a.port().orElse(defaultPort)).orElse(defaultPort);
    }

    /** The host as an authority writes it: an IPv6 literal in brackets, anything else (bracketed too) as it is. */
    public static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The host, and the text after the one colon that ends it (when there is one). */
    private record Split(String host, Optional<String> portText, boolean wellFormed) {
    }

    private static Split split(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return new Split(authority.substring(1), Optional.empty(), false);
            }
            String host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (rest.isEmpty()) {
                return new Split(host, Optional.empty(), true);
            }
            return rest.startsWith(":") ? new Split(host, Optional.of(rest.substring(1)), true)
                    : new Split(host, Optional.empty(), false);
        }
        int colon = authority.indexOf(':');
        if (colon < 0 || authority.indexOf(':', colon + 1) >= 0) {
            return new Split(authority, Optional.empty(), true);
        }
        return new Split(authority.substring(0, colon), Optional.of(authority.substring(colon + 1)), true);
    }

    /** A port written in decimal digits (leading zeros allowed), when it is one from 1 to 65535. */
    static OptionalInt portNumber(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        int port = digits.length() > 5 ? 0 : Integer.parseInt(digits);
        return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    }
}
