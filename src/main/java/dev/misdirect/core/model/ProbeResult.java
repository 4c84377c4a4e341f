package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything probed for one authority.
 *
 * @param authority     the authority
 * @param addresses     every address it resolved to (or the override), in resolver order
 * @param addressSource where the addresses came from: "resolve override", "lab name map", "system resolver", "literal",
 *                      or {@value #RESOLVED_BY_PROXY} (no addresses: a forward proxy resolved the name for its tunnel)
 * @param dnsError      why resolution failed, when it did
 * @param dnsMicros     time spent resolving, {@link PhaseTimings#NOT_MEASURED} when not resolved
 * @param handshakes    one per address
 */
public record ProbeResult(
        Authority authority,
        List<String> addresses,
        String addressSource,
        Optional<String> dnsError,
        long dnsMicros,
        List<Handshake> handshakes) {

    /** The address source of a name a forward proxy resolved: the addresses it connected to are not known here. */
    public static final String RESOLVED_BY_PROXY = "resolved by the proxy";

    public ProbeResult {
        addresses = List.copyOf(addresses);
        handshakes = List.copyOf(handshakes);
    }

    /** True when a forward proxy resolved the name: its addresses are unknown, not absent. */
    public boolean resolvedByProxy() {
        return RESOLVED_BY_PROXY.equals(addressSource);
    }
}
