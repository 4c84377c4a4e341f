package dev.misdirect.core.probe;

import dev.misdirect.core.tls.CertificateFacts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The operating system's resolver ({@link InetAddress#getAllByName}), A and AAAA records. Each lookup runs on
 * the executor given at construction, so a caller waiting with a timeout can abandon a lookup that hangs:
 * {@code InetAddress} cannot be interrupted. Give it a pool of daemon threads that may grow while lookups hang
 * (see {@link Prober#newDnsExecutor()}).
 */
public final class SystemResolver implements Resolver {
    private final Executor lookups;

    public SystemResolver(Executor lookups) {
        this.lookups = lookups;
    }

    @Override
    public CompletableFuture<List<String>> resolve(String host) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host))
                        .map(a -> CertificateFacts.formatIp(a.getAddress()))
                        .distinct()
                        .toList();
            } catch (UnknownHostException e) {
                throw new CompletionException(new UnknownHostException(host + ": no such name (no A or AAAA record)"));
            }
        }, lookups);
    }

    @Override
    public String source() {
        return "system resolver";
    }
}
