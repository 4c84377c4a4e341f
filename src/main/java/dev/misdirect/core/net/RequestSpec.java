package dev.misdirect.core.net;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to replay.
 *
 * @param step          the (expanded) plan step it belongs to, recorded on its exchanges
 * @param method        HTTP method, upper case
 * @param url           absolute https URL; its host and port are the request's real authority
 * @param headers       extra request headers, in order (never Host: the policy decides it)
 * @param body          request body text, when any (sent as {@code text/plain; charset=utf-8})
 * @param pinnedAddress an IP literal: send this request to that node only, on connections of their own
 */
public record RequestSpec(int step, String method, URI url, Map<String, String> headers, Optional<String> body,
                          Optional<String> pinnedAddress) {
    public RequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(pinnedAddress, "pinnedAddress");
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("not an absolute https URL: " + url);
        }
        headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    /** A GET without headers, body or pin. */
    public static RequestSpec get(int step, URI url) {
        return new RequestSpec(step, "GET", url, Map.of(), Optional.empty(), Optional.empty());
    }

    /** {@code host:port} of the URL (host lower case, IPv6 bracketed, port 443 when absent). */
    public String authorityKey() {
        return authorityKey(url);
    }

    static String authorityKey(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() == -1 ? 443 : url.getPort();
        return host + ":" + port;
    }
}
