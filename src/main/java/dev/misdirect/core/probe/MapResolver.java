package dev.misdirect.core.probe;

import dev.misdirect.core.tls.CertificateFacts;

import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A fixed name map (the lab's names, or a test's): answers at once, never touches the network. Immutable and
 * thread-safe. Names are matched case-insensitively, ignoring a trailing dot.
 */
public final class MapResolver implements Resolver {
    private final Map<String, List<String>> names = new HashMap<>();
    private final String source;

    /**
     * @param names  host name to IP literals
     * @param source the label shown for these addresses (e.g. "lab name map")
     */
    public MapResolver(Map<String, List<String>> names, String source) {
        names.forEach((k, v) -> this.names.put(key(k), v.stream().map(CertificateFacts::canonicalIp).toList()));
        this.source = source;
    }

    @Override
    public CompletableFuture<List<String>> resolve(String host) {
        List<String> addresses = names.get(key(host));
        if (addresses == null || addresses.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownHostException(host + ": not in the " + source));
        }
        return CompletableFuture.completedFuture(addresses);
    }

    @Override
    public String source() {
        return source;
    }

    private static String key(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
