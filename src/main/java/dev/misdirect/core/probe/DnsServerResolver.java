package dev.misdirect.core.probe;

import dev.misdirect.core.model.HttpsRecords;
import org.xbill.DNS.SimpleResolver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one chosen DNS server directly ({@code --resolver ADDR[:PORT]}) for A, AAAA and HTTPS records, through
 * dnsjava: UDP first, TCP when the answer is truncated. The operating system's resolver and hosts file are not
 * consulted. Thread-safe.
 *
 * <p>Every question is bounded by the timeout given at construction (a server that never answers completes the
 * future exceptionally, naming the server, after it); a caller may also abandon a future sooner by cancelling it.
 */
public final class DnsServerResolver implements Resolver {
    private final DnsServer server;
    private final Duration timeout;
    private final SimpleResolver dns;

    /**
     * @param server  the server to ask
     * @param timeout how long one question may take, retries included
     */
    public DnsServerResolver(DnsServer server, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.dns = new SimpleResolver(server.socketAddress());
        dns.setTimeout(timeout);
    }

    @Override
    public CompletableFuture<List<String>> resolve(String host) {
        return DnsQueries.addresses(dns, host, source(), timeout);
    }

    /** Always asked: the user chose this server for these names, loopback answers included. */
    @Override
    public CompletableFuture<Optional<HttpsRecords>> httpsRecords(String host, int port, List<String> addresses) {
        return DnsQueries.https(dns, host, port, source(), timeout).thenApply(Optional::of);
    }

    @Override
    public String source() {
        return "DNS server " + server;
    }
}
