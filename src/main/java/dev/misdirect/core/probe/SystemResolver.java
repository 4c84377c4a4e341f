package dev.misdirect.core.probe;

import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.tls.CertificateFacts;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The operating system's resolver ({@link InetAddress#getAllByName}), A and AAAA records. Each lookup runs on
 * the executor given at construction, so a caller waiting with a timeout can abandon a lookup that hangs:
 * {@code InetAddress} cannot be interrupted. Give it a pool of daemon threads that may grow while lookups hang
 * (see {@link Prober#newDnsExecutor()}).
 *
 * <p>The JDK cannot ask for HTTPS records, so those are asked through dnsjava of the nameservers the system is
 * configured with ({@code /etc/resolv.conf} and its equivalents, as {@link ResolverConfig} reads them), each
 * question bounded by {@link ProbeOptions#DEFAULT_TIMEOUT}. They are not asked for a name whose addresses are all
 * loopback (the hosts file or {@code localhost}: no nameserver has anything to say about it).
 */
public final class SystemResolver implements Resolver {
    private static final Duration HTTPS_TIMEOUT = ProbeOptions.DEFAULT_TIMEOUT;

    private final Executor lookups;
    private volatile Nameservers nameservers;

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

    @Override
    public CompletableFuture<Optional<HttpsRecords>> httpsRecords(String host, int port, List<String> addresses) {
        if (!addresses.isEmpty() && addresses.stream().allMatch(SystemResolver::loopback)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Nameservers ns = nameservers();
        if (ns.resolver().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.of(HttpsRecords.unknown(DnsQueries.httpsName(host, port),
                    ns.source(), "no nameserver is configured on this system")));
        }
        return DnsQueries.https(ns.resolver().get(), host, port, ns.source(), HTTPS_TIMEOUT).thenApply(Optional::of);
    }

    /** The system's nameservers as dnsjava reads them, read once (reading them may touch files). */
    private Nameservers nameservers() {
        Nameservers n = nameservers;
        if (n == null) {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            String source = "system nameservers " + String.join(", ", servers.stream()
                    .map(s -> HostPort.bracketed(IpLiterals.toText(s.getAddress().getAddress())) + ":" + s.getPort())
                    .toList());
            if (servers.isEmpty()) {
                n = new Nameservers(Optional.empty(), "system nameservers (none configured)");
            } else {
                ExtendedResolver r = new ExtendedResolver(servers.stream()
                        .map(s -> (org.xbill.DNS.Resolver) new SimpleResolver(s)).toList());
                r.setTimeout(HTTPS_TIMEOUT);
                n = new Nameservers(Optional.of(r), source);
            }
            nameservers = n;
        }
        return n;
    }

    private record Nameservers(Optional<org.xbill.DNS.Resolver> resolver, String source) {
    }

    private static boolean loopback(String address) {
        return IpLiterals.parse(address).map(o -> {
            try {
                return InetAddress.getByAddress(o).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }).orElse(false);
    }
}
