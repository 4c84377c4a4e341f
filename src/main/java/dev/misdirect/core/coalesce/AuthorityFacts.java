package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;

import java.util.HashMap;
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
 * <p>A prediction asks every fact of every authority once per ordered pair and policy (16 × 2,450 times for 50
 * names), so the texts and canonical addresses are worked out once here rather than on each question.
 */
final class AuthorityFacts {
    private final ProbeResult probe;
    private final int index;
    private final String key;
    private final String name;
    private final List<String> orderedAddresses;
    private final Set<String> addresses;
    private final Optional<Handshake> connection;
    private final Optional<String> peerAddress;
    /** The completed handshakes with their canonical peer addresses, in probe order. */
    private final List<Map.Entry<String, Handshake>> completed;
    /**
     * Memo of "does the leaf of this connection cover host X", shared by the authorities whose leaves have the same
     * names (one certificate for fifty names is asked about each of them once, not fifty times); confined to one
     * prediction call.
     */
    private final Map<String, NameMatch> coverage;

    private AuthorityFacts(ProbeResult probe, int index, Map<List<List<String>>, Map<String, NameMatch>> byNames) {
        this.probe = probe;
        this.index = index;
        this.key = probe.authority().key();
        this.name = probe.authority().displayName();
        this.orderedAddresses = probe.addresses().stream().map(Addresses::canonical).distinct().toList();
        this.addresses = Set.copyOf(orderedAddresses);
        this.completed = probe.handshakes().stream().filter(Handshake::completed)
                .map(h -> Map.entry(Addresses.canonical(h.endpoint().address()), h)).toList();
        this.connection = completed.stream().findFirst().map(Map.Entry::getValue);
        this.peerAddress = completed.stream().findFirst().map(Map.Entry::getKey);
        this.coverage = leaf().map(l -> byNames.computeIfAbsent(List.of(l.dnsNames(), l.ipAddresses()),
                names -> new HashMap<>())).orElseGet(HashMap::new);
    }

    /**
     * Facts for one prediction call, for the authority at {@code index} in its set; not to be shared between threads
     * (the coverage memo is mutable). {@code byNames} holds the call's coverage memos by the leaf's dNSName and
     * iPAddress entries (all a match reads of it).
     */
    static AuthorityFacts of(ProbeResult probe, int index, Map<List<List<String>>, Map<String, NameMatch>> byNames) {
        return new AuthorityFacts(probe, index, byNames);
    }

    /** The authority's place in the set of its prediction call. */
    int index() {
        return index;
    }

    ProbeResult probe() {
        return probe;
    }

    /** The resolved addresses, canonical text. */
    Set<String> addresses() {
        return addresses;
    }

    /** The first completed handshake, when any. */
    Optional<Handshake> connection() {
        return connection;
    }

    Authority authority() {
        return probe.authority();
    }

    String key() {
        return key;
    }

    /** The host as people read it, with the port when it is not 443. */
    String name() {
        return name;
    }

    /** The resolved addresses, canonical text, resolver order. */
    List<String> orderedAddresses() {
        return orderedAddresses;
    }

    /** The canonical peer address of the connection (present when {@link #connection()} is). */
    Optional<String> peerAddress() {
        return peerAddress;
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
        for (Map.Entry<String, Handshake> e : completed) {
            if (e.getValue().endpoint().port() == port && e.getKey().equals(canonicalAddress)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
