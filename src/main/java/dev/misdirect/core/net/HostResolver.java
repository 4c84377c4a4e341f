package dev.misdirect.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves names that neither the name map nor a resolve override answers. Called on the calling thread of a
 * replayed request; may block; throws {@link UnknownHostException} when the name does not resolve.
 */
@FunctionalInterface
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The operating system's resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /** Refuses every name: for runs that must never leave the name map (tests, the lab). */
    static HostResolver none() {
        return host -> {
            throw new UnknownHostException(host + ": not in the name map and outside lookups are off");
        };
    }
}
