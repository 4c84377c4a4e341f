package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The probe's facts about one authority, arranged for the coalescing rules.
 *
 * <p>The "connection for A" is A's first completed handshake in probe order: the address a client that tries A's
 * addresses in resolver order ends up connected to. Its endpoint is the connection's actual peer address.
 *
 * @param probe      the probe result
 * @param addresses  the resolved addresses, canonical text, resolver order
 * @param connection the first completed handshake, when any
 * @param coverage   memo of "does the leaf of this connection cover host X"; confined to one prediction call
 */
record AuthorityFacts(ProbeResult probe, Set<String> addresses, Optional<Handshake> connection,
                      Map<String, NameMatch> coverage) {

    /** Facts for one prediction call; not to be shared between threads (the coverage memo is mutable). */
    static AuthorityFacts of(ProbeResult probe) {
        Set<String> addresses = new LinkedHashSet<>();
        probe.addresses().forEach(a -> addresses.add(Addresses.canonical(a)));
        Optional<Handshake> connection = probe.handshakes().stream().filter(Handshake::completed).findFirst();
        return new AuthorityFacts(probe, Set.copyOf(addresses), connection, new HashMap<>());
    }

    Authority authority() {
        return probe.authority();
    }

    String key() {
        return probe.authority().key();
    }

    /** The host as people read it, with the port when it is not 443. */
    String name() {
        return probe.authority().displayName();
    }

    List<String> orderedAddresses() {
        return probe.addresses().stream().map(Addresses::canonical).distinct().toList();
    }

    /** The canonical peer address of the connection (present when {@link #connection()} is). */
    Optional<String> peerAddress() {
        return connection.map(h -> Addresses.canonical(h.endpoint().address()));
    }

    Optional<CertificateInfo> leaf() {
        return connection.flatMap(Handshake::leaf);
    }

    /** Whether the leaf of this authority's connection covers {@code host}; empty when there is no leaf. */
    Optional<NameMatch> leafCovers(String host) {
        Optional<CertificateInfo> leaf = leaf();
        if (leaf.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(coverage.computeIfAbsent(host, h -> HostnameMatcher.match(h, leaf.get())));
    }

    /** This authority's own completed handshake with this address and port, when the probe made one. */
    Optional<Handshake> handshakeAt(String canonicalAddress, int port) {
        return probe.handshakes().stream()
                .filter(Handshake::completed)
                .filter(h -> h.endpoint().port() == port && Addresses.canonical(h.endpoint().address()).equals(canonicalAddress))
                .findFirst();
    }
}
