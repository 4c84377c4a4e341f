package dev.misdirect.core.probe;

import dev.misdirect.core.model.HttpsRecords;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a DNS name into IP addresses. Injected into {@link Prober} so tests and the lab never leave loopback.
 *
 * <p>Contract: {@link #resolve} must not block the caller; the answer completes the returned future, possibly on
 * another thread. The caller applies its own timeout and may abandon the future (a lookup in progress cannot be
 * interrupted). A name that does not exist completes exceptionally with {@link java.net.UnknownHostException}.
 */
public interface Resolver {

    /**
     * All addresses (A and AAAA) of {@code host}, as canonical IP literals (IPv6 without brackets, RFC 5952),
     * in the order the resolver gave them.
     *
     * @param host a canonical A-label host name
     */
    CompletableFuture<List<String>> resolve(String host);

    /** Where the addresses come from, shown next to them ("system resolver", "lab name map"). */
    String source();

    /**
     * The HTTPS records (RFC 9460) of the authority {@code host:port}, asked after its {@code addresses} were
     * resolved. Same threading as {@link #resolve}; never completes exceptionally: a failed lookup is an
     * {@link HttpsRecords.Outcome#UNKNOWN} answer. Empty when this resolver does not ask (the default: a name map
     * serves addresses only).
     */
    default CompletableFuture<Optional<HttpsRecords>> httpsRecords(String host, int port, List<String> addresses) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
