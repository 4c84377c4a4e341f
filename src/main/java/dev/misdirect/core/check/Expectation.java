package dev.misdirect.core.check;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.model.ConnectionPolicy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One thing that must hold for one authority. The closed family of what {@code misdirect check} can verify; each
 * member's {@link #id()} is the key that writes it in an expectations file.
 */
public sealed interface Expectation {

    /** The key in an expectations file ({@code covered}, {@code min-tls}, ...). */
    String id();

    /** What must hold, in words, for result lines ("the certificate covers the name on every address"). */
    String describe();

    /** The served certificate covers the authority's host on every address it resolves to. */
    record Covered() implements Expectation {
        public static final String ID = "covered";

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "the certificate covers the name on every address";
        }
    }

    /**
     * A request whose SNI and Host are both the authority's host, pinned to each of its addresses in turn, gets a
     * response other than 421.
     */
    record SniHostParity() implements Expectation {
        public static final String ID = "sni-host-parity";

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "matching SNI and Host are answered (not 421) on every address";
        }
    }

    /**
     * Sent right after a request for another authority that shares an address (on that address), the authority's
     * request is never answered 421 under these replay policies.
     *
     * @param policies the replay policies to try (normally {@code coalescing} and {@code ip-keyed})
     */
    record NoMisdirectedWhenCoalesced(List<ConnectionPolicy> policies) implements Expectation {
        public static final String ID = "no-421-when-coalesced";

        public NoMisdirectedWhenCoalesced {
            policies = List.copyOf(policies);
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("at least one replay policy");
            }
        }

        @Override
        public String id() {
            return ID;
        }

        /** "no 421 when coalesced by real clients (coalescing) and IP-keyed proxy pools (ip-keyed)". */
        @Override
        public String describe() {
            List<String> sets = policies.stream().map(p -> switch (p) {
                case COALESCING -> "real clients (coalescing)";
                case IP_KEYED -> "IP-keyed proxy pools (ip-keyed)";
                case ISOLATED -> "authority-keyed pools (isolated)";
            }).toList();
            return "no 421 when coalesced by " + (sets.size() == 1 ? sets.get(0)
                    : String.join(", ", sets.subList(0, sets.size() - 1)) + " and " + sets.get(sets.size() - 1));
        }
    }

    /**
     * Sent on the connection of any other authority that shares an address with it (as {@code verify} sends it),
     * the authority's request gets the answer it gets on its own connection, or a 421: never another site's page,
     * a 404, a redirect elsewhere or a reset (misrouted), which no client retries. Always measured with
     * {@code verify}.
     */
    record NoMisroute() implements Expectation {
        public static final String ID = "no-misroute";

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "not misrouted on another name's connection (measured)";
        }
    }

    /**
     * None of these clients would send this authority's requests on another's connection, or the other's on this
     * one's, as the predictor decides from the probe.
     *
     * @param others  authority keys ({@code host:port}) of the same expectations file
     * @param clients the client policies asked
     */
    record MustNotShareWith(List<String> others, List<ClientPolicy> clients) implements Expectation {
        public static final String ID = "must-not-share-with";

        public MustNotShareWith {
            others = List.copyOf(others);
            clients = List.copyOf(clients);
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "not sharing a connection with " + String.join(", ", others) + " ("
                    + clients.stream().map(ClientPolicy::id).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** A GET of the authority's path, on a connection of its own, is answered with this status. */
    record ExpectStatus(int status) implements Expectation {
        public static final String ID = "expect-status";

        public ExpectStatus {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("an HTTP status is 100..599, got " + status);
            }
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "GET answers " + status;
        }
    }

    /**
     * Every address accepts no TLS version older than this: judged by handshakes offering TLS 1.2 alone and TLS 1.3
     * alone (the probe's settings pass), not by the version a client offering both negotiates — a server that
     * negotiates TLS 1.3 but still accepts TLS 1.2 fails {@code min-tls: TLSv1.3}. Versions older than TLS 1.2 are not
     * offered.
     *
     * @param version {@code TLSv1.2} or {@code TLSv1.3}
     */
    record MinTls(String version) implements Expectation {
        public static final String ID = "min-tls";
        /** The versions an expectation may name, oldest first. */
        public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

        public MinTls {
            Objects.requireNonNull(version, "version");
            if (!VERSIONS.contains(version)) {
                throw new IllegalArgumentException("min-tls is one of " + VERSIONS + ", got " + version);
            }
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "no TLS version older than " + version + " accepted on any address";
        }
    }

    /** The leaf certificate served on every address stays valid for at least this many more days. */
    record CertValidDays(int days) implements Expectation {
        public static final String ID = "cert-valid-days";

        public CertValidDays {
            if (days < 0) {
                throw new IllegalArgumentException("cert-valid-days is 0 or more, got " + days);
            }
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String describe() {
            return "the certificate stays valid " + days + " more days on every address";
        }
    }
}
