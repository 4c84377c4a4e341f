package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One authority ({@code host:port}) of an authority set, with its optional per-line overrides.
 *
 * @param host         canonical ASCII host: lower-case A-label DNS name without trailing dot, or an IP literal
 *                     (IPv6 without brackets)
 * @param unicodeHost  the host as a person reads it (U-labels for IDNs; equal to {@code host} otherwise)
 * @param kind         DNS name or IP literal
 * @param port         TCP port, 1..65535 (443 when the input gave none)
 * @param path         request path from a URL input, {@code "/"} otherwise
 * @param resolve      address override like curl {@code --resolve}: IP literals used instead of DNS; empty = resolve
 * @param sniOverride  {@code sni=NAME}: the SNI to send instead of the host
 * @param noSni        {@code sni=none}: send no SNI at all
 * @param hostOverride {@code host=NAME}: the Host / {@code :authority} to send instead of the host
 * @param tags         free labels ({@code tag=NAME}), in input order
 */
public record Authority(
        String host,
        String unicodeHost,
        HostKind kind,
        int port,
        String path,
        List<String> resolve,
        Optional<String> sniOverride,
        boolean noSni,
        Optional<String> hostOverride,
        List<String> tags) {

    public static final int DEFAULT_PORT = 443;

    public Authority {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(unicodeHost, "unicodeHost");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sniOverride, "sniOverride");
        Objects.requireNonNull(hostOverride, "hostOverride");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        resolve = List.copyOf(resolve);
        tags = List.copyOf(tags);
    }

    /** A plain authority for {@code host} (already canonical) on {@code port}, without overrides. */
    public static Authority of(String host, int port) {
        HostKind kind = host.indexOf(':') >= 0 ? HostKind.IPV6
                : host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) ? HostKind.IPV4 : HostKind.DNS;
        return new Authority(host, host, kind, port, "/", List.of(), Optional.empty(), false, Optional.empty(), List.of());
    }

    /** A copy with these resolve addresses. */
    public Authority withResolve(List<String> addresses) {
        return new Authority(host, unicodeHost, kind, port, path, addresses, sniOverride, noSni, hostOverride, tags);
    }

    /** True when the host is an IP literal. */
    public boolean isIpLiteral() {
        return kind != HostKind.DNS;
    }

    /**
     * The SNI a client sends for this authority: the override, nothing for {@code sni=none} or IP literals,
     * the host otherwise.
     */
    public Optional<String> effectiveSni() {
        if (noSni) {
            return Optional.empty();
        }
        if (sniOverride.isPresent()) {
            return sniOverride;
        }
        return kind == HostKind.DNS ? Optional.of(host) : Optional.empty();
    }

    /** The value of Host / {@code :authority}: the override, or {@link #key()} (port omitted when 443). */
    public String hostHeader() {
        return hostOverride.orElseGet(() -> port == DEFAULT_PORT ? bracketedHost() : key());
    }

    /** The host with brackets around IPv6 literals, as it appears in URLs. */
    public String bracketedHost() {
        return kind == HostKind.IPV6 ? "[" + host + "]" : host;
    }

    /** {@code host:port}, the identity of this authority in a set (IPv6 bracketed). */
    public String key() {
        return bracketedHost() + ":" + port;
    }

    /** {@code https://host[:port]} with the port left out when it is 443. */
    public String origin() {
        return "https://" + bracketedHost() + (port == DEFAULT_PORT ? "" : ":" + port);
    }

    /** The display name: U-label host, and the port when it is not 443. */
    public String displayName() {
        String h = kind == HostKind.IPV6 ? "[" + unicodeHost + "]" : unicodeHost;
        return port == DEFAULT_PORT ? h : h + ":" + port;
    }

    /** The line that parses back to this authority, overrides included. */
    public String toLine() {
        StringBuilder sb = new StringBuilder(key());
        if (!"/".equals(path)) {
            sb.setLength(0);
            sb.append(origin()).append(path);
        }
        if (!resolve.isEmpty()) {
            sb.append(" resolve=").append(String.join(",", resolve));
        }
        if (noSni) {
            sb.append(" sni=none");
        } else {
            sniOverride.ifPresent(s -> sb.append(" sni=").append(s));
        }
        hostOverride.ifPresent(h -> sb.append(" host=").append(h));
        tags.forEach(t -> sb.append(" tag=").append(t));
        return sb.toString();
    }
}
