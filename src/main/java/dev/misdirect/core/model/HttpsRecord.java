package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTPS resource record (DNS type 65, RFC 9460) as a DNS server served it. Only what a client's connection
 * choice depends on is kept; an ECH configuration is counted, never decoded.
 *
 * @param priority      SvcPriority: 0 is AliasMode (the record only names another name to ask), 1 and up are
 *                      ServiceMode records, lower first
 * @param target        TargetName as served, absolute with its trailing dot; {@code "."} means the owner name itself
 *                      in ServiceMode (RFC 9460 §2.5)
 * @param alpn          the {@code alpn} SvcParam: protocol ids in the server's order ({@code h3}, {@code h2})
 * @param noDefaultAlpn the {@code no-default-alpn} SvcParam is present (the default {@code http/1.1} is not offered)
 * @param port          the {@code port} SvcParam, when present
 * @param ipv4Hints     the {@code ipv4hint} SvcParam's addresses
 * @param ipv6Hints     the {@code ipv6hint} SvcParam's addresses (RFC 5952 text)
 * @param echBytes      the length in bytes of the {@code ech} SvcParam (an ECHConfigList), when present
 */
public record HttpsRecord(int priority, String target, List<String> alpn, boolean noDefaultAlpn,
                          Optional<Integer> port, List<String> ipv4Hints, List<String> ipv6Hints,
                          Optional<Integer> echBytes) {

    public HttpsRecord {
        Objects.requireNonNull(target, "target");
        alpn = List.copyOf(alpn);
        port = port == null ? Optional.empty() : port;
        ipv4Hints = List.copyOf(ipv4Hints);
        ipv6Hints = List.copyOf(ipv6Hints);
        echBytes = echBytes == null ? Optional.empty() : echBytes;
    }

    /** True for an AliasMode record (priority 0): it advertises nothing itself. */
    public boolean aliasMode() {
        return priority == 0;
    }

    /** True when this ServiceMode record lists {@code h3} in its {@code alpn}. */
    public boolean advertisesH3() {
        return !aliasMode() && alpn.contains("h3");
    }

    /**
     * The record in presentation form without the owner name, as a zone file writes it:
     * {@code 1 . alpn=h3,h2 port=8443 ipv4hint=192.0.2.1 ech=(122 bytes)}.
     */
    public String describe() {
        StringBuilder s = new StringBuilder().append(priority).append(' ').append(target);
        if (aliasMode()) {
            return s.append(" (alias: the client asks ").append(target).append(" instead)").toString();
        }
        if (!alpn.isEmpty()) {
            s.append(" alpn=").append(String.join(",", alpn));
        }
        if (noDefaultAlpn) {
            s.append(" no-default-alpn");
        }
        port.ifPresent(p -> s.append(" port=").append(p));
        if (!ipv4Hints.isEmpty()) {
            s.append(" ipv4hint=").append(String.join(",", ipv4Hints));
        }
        if (!ipv6Hints.isEmpty()) {
            s.append(" ipv6hint=").append(String.join(",", ipv6Hints));
        }
        echBytes.ifPresent(n -> s.append(" ech=(").append(n).append(" bytes)"));
        return s.toString();
    }
}
