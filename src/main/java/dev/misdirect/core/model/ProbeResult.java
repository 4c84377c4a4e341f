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
 * @param httpsRecords  what DNS said about the authority's HTTPS records; empty when they were not asked (an address
 *                      override, an IP literal, a lab name map, a name that resolved to loopback only, a document
 *                      written before they were)
 * @param altSvc        the Alt-Svc header of the answer to one HEAD request on the authority's own connection; empty
 *                      when none was sent (the default: the probe makes TLS handshakes only)
 * @param through       the proxy and DNS server the probe went through, when any (absent: direct connections and
 *                      the system's resolver, the lab's name map, or a document written before this was recorded)
 */
public record ProbeResult(
        Authority authority,
        List<String> addresses,
        String addressSource,
        Optional<String> dnsError,
        long dnsMicros,
        List<Handshake> handshakes,
        Optional<HttpsRecords> httpsRecords,
        Optional<AltSvc> altSvc,
        Optional<MeasuredThrough> through) {

    /** The address source of a name a forward proxy resolved: the addresses it connected to are not known here. */
    public static final String RESOLVED_BY_PROXY = "resolved by the proxy";

    public ProbeResult {
        addresses = List.copyOf(addresses);
        handshakes = List.copyOf(handshakes);
        httpsRecords = httpsRecords == null ? Optional.empty() : httpsRecords; // absent from older session files
        altSvc = altSvc == null ? Optional.empty() : altSvc; // likewise
        through = through == null ? Optional.empty() : through; // likewise
    }

    /** A result with nothing recorded about a proxy or a DNS server. */
    public ProbeResult(Authority authority, List<String> addresses, String addressSource, Optional<String> dnsError,
                       long dnsMicros, List<Handshake> handshakes, Optional<HttpsRecords> httpsRecords,
                       Optional<AltSvc> altSvc) {
        this(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, httpsRecords, altSvc,
                Optional.empty());
    }

    /** A result whose HTTPS records were not asked. */
    public ProbeResult(Authority authority, List<String> addresses, String addressSource, Optional<String> dnsError,
                       long dnsMicros, List<Handshake> handshakes) {
        this(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, Optional.empty(), Optional.empty());
    }

    /** A result whose Alt-Svc was not asked. */
    public ProbeResult(Authority authority, List<String> addresses, String addressSource, Optional<String> dnsError,
                       long dnsMicros, List<Handshake> handshakes, Optional<HttpsRecords> httpsRecords) {
        this(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, httpsRecords, Optional.empty());
    }

    /** A copy with these HTTPS records. */
    public ProbeResult withHttpsRecords(Optional<HttpsRecords> records) {
        return new ProbeResult(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, records, altSvc,
                through);
    }

    /** A copy with this Alt-Svc answer. */
    public ProbeResult withAltSvc(Optional<AltSvc> answer) {
        return new ProbeResult(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, httpsRecords, answer,
                through);
    }

    /** A copy saying the probe went through {@code t}'s proxy and DNS server. */
    public ProbeResult withThrough(Optional<MeasuredThrough> t) {
        return new ProbeResult(authority, addresses, addressSource, dnsError, dnsMicros, handshakes, httpsRecords, altSvc,
                t);
    }

    /** True when a forward proxy resolved the name: its addresses are unknown, not absent. */
    public boolean resolvedByProxy() {
        return RESOLVED_BY_PROXY.equals(addressSource);
    }
}
