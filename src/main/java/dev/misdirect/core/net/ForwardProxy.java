package dev.misdirect.core.net;

import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP forward proxy that opens tunnels with {@code CONNECT} (RFC 9110 §9.3.6), as corporate networks run them:
 * {@code http://HOST:PORT}, or {@code http://USER:PASSWORD@HOST:PORT} for a proxy that asks for Basic credentials
 * ({@code Proxy-Authorization}, RFC 9110 §11.7.2). The password never appears in {@link #toString()}; it is sent
 * only to this proxy, in the {@code CONNECT} request. Immutable.
 *
 * @param host     the proxy's host name or IP literal (IPv6 without brackets)
 * @param port     its port, 1 to 65535
 * @param user     the user name of Basic credentials, when the proxy asks for them
 * @param password their password (empty when only a user name was given)
 */
public record ForwardProxy(String host, int port, Optional<String> user, String password) {
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    public ForwardProxy {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Reads {@code http://[USER[:PASSWORD]@]HOST:PORT[/]} (user and password percent-encoded as in a URL).
     *
     * @throws IllegalArgumentException with the reason, in words that never repeat the password: another scheme
     *                                  ({@code https://} proxies, SOCKS), no port, a port outside 1..65535, a path,
     *                                  a host that is no host name or IP literal
     */
    public static ForwardProxy parse(String text) {
        String t = text.strip();
        int schemeEnd = t.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("give the proxy as http://HOST:PORT (the scheme is missing)");
        }
        String scheme = t.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new IllegalArgumentException("https:// proxies (TLS to the proxy itself) are not supported;"
                    + " give an HTTP CONNECT proxy as http://HOST:PORT");
        }
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(scheme + ":// proxies are not supported; give an HTTP CONNECT proxy as"
                    + " http://HOST:PORT");
        }
        String rest = t.substring(schemeEnd + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String authority = rest.substring(at + 1);
        if (authority.contains("/") || authority.contains("?") || authority.contains("#")) {
            throw new IllegalArgumentException("a proxy is http://HOST:PORT, without a path, query or fragment");
        }
        HostPort hp = HostPort.parse(authority).orElseThrow(() -> new IllegalArgumentException(badAuthority(authority)));
        if (hp.port().isEmpty()) {
            throw new IllegalArgumentException("no port: give the proxy as http://HOST:PORT (3128 and 8080 are common)");
        }
        String host = hp.host();
        if (host.isEmpty() || !(IpLiterals.isIpLiteral(host) || (!host.contains(":") && HOST_NAME.matcher(host).matches()))) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
        }
        Optional<String> user = Optional.empty();
        String password = "";
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String u = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            if (u.isEmpty()) {
                throw new IllegalArgumentException("the user name before '@' is empty");
            }
            user = Optional.of(u);
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), "password");
        }
        return new ForwardProxy(host, hp.port().getAsInt(), user, password);
    }

    private static String badAuthority(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']') < colon) {
            String port = authority.substring(colon + 1);
            if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
                return "port " + port + " is outside 1..65535";
            }
            return "port '" + port + "' is not a number from 1 to 65535";
        }
        return "'" + authority + "' is not HOST:PORT";
    }

    private static String decode(String text, String what) {
        try {
            // URLDecoder reads '+' as a space, which user-info does not
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " has a bad %-escape", e);
        }
    }

    /** {@code host:port} as a socket address is written ({@code [IPv6]:port}). */
    public String authority() {
        return HostPort.bracketed(host) + ":" + port;
    }

    /** The {@code Proxy-Authorization} value (Basic, UTF-8) when credentials were given. */
    public Optional<String> proxyAuthorization() {
        return user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code http://[USER@]HOST:PORT}: the proxy as the user gave it, without the password. */
    @Override
    public String toString() {
        return "http://" + user.map(u -> u + "@").orElse("") + authority();
    }

    /** Parses an optional setting: blank text is no proxy. */
    public static Optional<ForwardProxy> parseOptional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(text));
    }
}
