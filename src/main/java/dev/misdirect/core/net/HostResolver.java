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

    /**
     * True when this resolver asks a DNS server of its own ({@code --resolver}) rather than the system's: the names it
     * answers are resolved here, so through a proxy they are tunnelled to by address (as the probe does). False for
     * the system's resolver, whose names a proxy resolves itself.
     */
    default boolean asksItsOwnServer() {
        return false;
    }

    /** {@code lookup}, marked as asking a DNS server of its own ({@link #asksItsOwnServer()}). */
    static HostResolver ownServer(HostResolver lookup) {
        return new HostResolver() {
            @Override
            public List<InetAddress> resolve(String host) throws UnknownHostException {
                return lookup.resolve(host);
            }

            @Override
            public boolean asksItsOwnServer() {
                return true;
            }
        };
    }

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
