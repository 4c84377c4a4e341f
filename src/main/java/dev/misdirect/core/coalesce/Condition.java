package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.names.NameMatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One condition a client checks before it sends B's request on A's existing connection. Each yields either a passing
 * clause (words for the "shared" sentence, possibly empty) or the reason it refuses.
 *
 * <p>Conditions other than {@link #CONNECTION_EXISTS} may assume A has a connection.
 */
enum Condition {
    /** A has a completed handshake: there is a connection to reuse. */
    CONNECTION_EXISTS(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            if (a.connection().isPresent()) {
                return Check.pass("");
            }
            String why = a.probe().dnsError().map(e -> "it did not resolve (" + e + ")")
                    .orElseGet(() -> a.probe().handshakes().isEmpty() ? "no address was probed"
                            : "no handshake completed (" + a.probe().handshakes().get(0).message() + ")");
            return Check.fail(a.name() + " has no connection to reuse: " + why);
        }
    },
    /** The peer address and port of A's connection is one of B's resolved addresses on B's port. */
    PEER_ADDRESS(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            return peer(a, b);
        }
    },
    /** As {@link #PEER_ADDRESS}, or the connection's ORIGIN frame lists B's origin (RFC 8336). */
    PEER_ADDRESS_OR_ORIGIN(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Optional<Check> origin = origin(a, b, in);
            return origin.orElseGet(() -> peer(a, b));
        }
    },
    /** Any resolved address of A is also one of B's, on the same port, or the ORIGIN frame lists B. */
    ANY_SHARED_ADDRESS_OR_ORIGIN(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Optional<Check> origin = origin(a, b, in);
            if (origin.isPresent()) {
                return origin.get();
            }
            Optional<Check> port = portDiffers(a, b);
            if (port.isPresent()) {
                return port.get();
            }
            Optional<Check> unresolved = unresolved(a, b);
            if (unresolved.isPresent()) {
                return unresolved.get();
            }
            Set<String> shared = new LinkedHashSet<>(a.orderedAddresses());
            shared.retainAll(b.addresses());
            if (shared.isEmpty()) {
                return Check.fail(b.name() + " resolves to " + String.join(", ", b.orderedAddresses()) + " and "
                        + a.name() + " to " + String.join(", ", a.orderedAddresses()) + ": no address in common");
            }
            String peer = a.peerAddress().orElseThrow();
            String how = shared.contains(peer) ? ", the peer of " + a.name() + "'s connection"
                    : ", which " + a.name() + " resolves to too (its connection went to " + peer
                    + "; aggressive coalescing accepts any shared address)";
            return Check.pass(b.name() + " resolves to " + String.join(", ", shared) + how);
        }
    },
    /**
     * Both names advertise HTTP/3 (Alt-Svc or an HTTPS record): only then does Chromium open a QUIC session for A and
     * look for one when B is requested. Without that advertisement there is nothing to predict: unknown, not refused.
     * The evidence is the probe's HTTPS record lookup (a ServiceMode record whose {@code alpn} lists {@code h3}) or
     * what the user reported ({@link PredictionInput#http3Advertised()}: an Alt-Svc header or a record seen
     * elsewhere); the check names which one it used for each name. Chromium uses both sources (see
     * {@link ClientPolicy#CHROMIUM_H3}); Apple's URLSession and Network.framework (Safari) ask for HTTPS records on
     * every https connection since iOS 14 and macOS 11 (the implementation list kept with the SVCB/HTTPS draft,
     * draft-ietf-dnsop-svcb-https), though the Safari model here covers HTTP/2 only.
     */
    HTTP3_ADVERTISED(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            List<String> evidence = new ArrayList<>();
            List<String> silent = new ArrayList<>();
            List<String> dnsSaid = new ArrayList<>();
            for (AuthorityFacts f : a.key().equals(b.key()) ? List.of(a) : List.of(a, b)) {
                Optional<HttpsRecords> records = f.probe().httpsRecords();
                Optional<AltSvc> altSvc = f.probe().altSvc();
                if (records.isPresent() && records.get().advertisesH3()) {
                    HttpsRecords r = records.get();
                    evidence.add(f.name() + " by its HTTPS record (" + r.records().stream().filter(HttpsRecord::advertisesH3)
                            .findFirst().orElseThrow().describe()
                            + ", from the " + r.source() + ")");
                } else if (altSvc.isPresent() && altSvc.get().advertisesH3()) {
                    evidence.add(f.name() + " by its Alt-Svc header (" + altSvc.get().value().orElseThrow() + ", from "
                            + altSvc.get().request() + ")");
                } else if (in.http3Advertised().contains(f.key().toLowerCase(Locale.ROOT))) {
                    evidence.add(f.name() + " as reported (an Alt-Svc h3 header or an HTTPS record seen elsewhere)");
                } else {
                    silent.add(f.name());
                    dnsSaid.add(f.name() + "'s HTTPS records: " + records.map(r -> r.outcome()
                            == HttpsRecords.Outcome.RECORDS ? "no h3 in " + r.describe() : r.describe())
                            .orElse("not asked (" + f.probe().addressSource() + ")")
                            + altSvc.map(x -> "; " + x.describe()).orElse(""));
                }
            }
            if (silent.isEmpty()) {
                return Check.pass("both advertise HTTP/3: " + String.join("; ", evidence));
            }
            return Check.unknown("no HTTP/3 advertisement is known for " + String.join(" or ", silent)
                    + " (" + String.join("; ", dnsSaid) + (a.probe().altSvc().isPresent() || b.probe().altSvc().isPresent()
                    ? "" : "; Alt-Svc not asked: the probe sends no HTTP request unless asked to (--alt-svc)")
                    + "), and Chromium uses HTTP/3 only where it is advertised; give --h3 AUTHORITY for a "
                    + "name that advertises it");
        }
    },
    /** A's connection negotiated HTTP/2 (ALPN h2). */
    ALPN_H2(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Optional<String> alpn = a.connection().orElseThrow().alpn();
            if (alpn.isPresent() && alpn.get().equals("h2")) {
                return Check.pass("that connection speaks HTTP/2");
            }
            return Check.fail(a.name() + "'s connection negotiated " + alpn.map(x -> "ALPN " + x).orElse("no ALPN protocol")
                    + ", not h2; " + p.displayName() + " shares only HTTP/2 connections across names");
        }
    },
    /** The chain served on A's connection verified (verdict TRUSTED). */
    NO_CERTIFICATE_ERROR(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Handshake h = a.connection().orElseThrow();
            if (h.verdict() == TrustVerdict.TRUSTED) {
                return Check.pass("");
            }
            return Check.fail(a.name() + "'s connection has a certificate error (" + h.verdict() + ": "
                    + h.verdictReason() + "); " + p.displayName() + " never reuses such a connection for another name");
        }
    },
    /** A's connection did not send a client certificate. */
    NO_CLIENT_CERTIFICATE(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Handshake h = a.connection().orElseThrow();
            if (!h.clientCertRequested() || !in.presentsClientCertificate()) {
                return Check.pass("");
            }
            return Check.fail("the server asked for a client certificate on " + a.name()
                    + "'s connection and the client sends one; " + p.displayName()
                    + " never reuses a connection that sent a client certificate for another name");
        }
    },
    /**
     * Safari: B resolves to the peer address of A's connection, the case the reports show; any other address or port
     * is unknown (CFNetwork's rule is not public). A name that does not resolve cannot be requested at all.
     */
    REPORTED_PEER_ADDRESS(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Optional<Check> unresolved = unresolved(a, b);
            if (unresolved.isPresent()) {
                return unresolved.get();
            }
            Check peer = peer(a, b);
            if (peer.passed()) {
                return Check.pass(peer.words() + " (the case reported for " + p.family()
                        + "; its full rule is not public)");
            }
            return Check.unknown(peer.words() + "; " + p.family() + " is reported to coalesce names on the "
                    + "connection's own address and port, and no source tells what it does otherwise");
        }
    },
    /** Safari: a certificate error on A's connection leaves the decision unknown (no source settles it). */
    UNSETTLED_CERTIFICATE_ERROR(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Check c = NO_CERTIFICATE_ERROR.check(a, b, in, p);
            return c.passed() ? c : Check.unknown(a.name() + "'s connection has a certificate error ("
                    + a.connection().orElseThrow().verdict() + "), and no source tells whether " + p.family()
                    + " reuses such a connection for another name");
        }
    },
    /** Safari: a client certificate sent on A's connection leaves the decision unknown (no source settles it). */
    UNSETTLED_CLIENT_CERTIFICATE(false) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Check c = NO_CLIENT_CERTIFICATE.check(a, b, in, p);
            return c.passed() ? c : Check.unknown("the server asked for a client certificate on " + a.name()
                    + "'s connection and the client sends one; no source tells whether " + p.family()
                    + " reuses such a connection for another name");
        }
    },
    /** OkHttp coalesces only with its own OkHostnameVerifier. */
    OKHTTP_OWN_HOSTNAME_VERIFIER(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            if (!in.okHttpCustomHostnameVerifier()) {
                return Check.pass("");
            }
            return Check.fail("the client has a custom HostnameVerifier; OkHttp coalesces only when its own "
                    + "OkHostnameVerifier checks the new name");
        }
    },
    /** The leaf served on A's connection covers B's host (RFC 9525). */
    CERTIFICATE_COVERS(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Optional<NameMatch> match = a.leafCovers(b.authority().host());
            if (match.isEmpty()) {
                return Check.fail(a.name() + "'s connection recorded no certificate");
            }
            NameMatch m = match.get();
            if (m.covered()) {
                return Check.pass("the certificate served for " + a.name() + " covers " + b.name()
                        + m.matchedSan().map(s -> " via " + s).orElse(""));
            }
            return Check.fail("the certificate served for " + a.name() + " does not cover " + b.name() + " ("
                    + m.reason() + ")");
        }
    },
    /** When B is pinned, some certificate of A's chain matches one of B's pins. */
    PINS_MATCH(true) {
        @Override
        Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
            Set<String> pins = in.pinsFor(b.authority().host());
            if (pins.isEmpty()) {
                return Check.pass("");
            }
            List<CertificateInfo> chain = a.connection().orElseThrow().chain();
            Optional<CertificateInfo> pinned = chain.stream().filter(c -> pins.contains(c.spkiSha256())).findFirst();
            if (pinned.isPresent()) {
                return Check.pass("the chain satisfies " + b.name() + "'s pin sha256/" + pinned.get().spkiSha256());
            }
            return Check.fail(b.name() + " is pinned (" + String.join(", ", pins.stream().sorted().map(x -> "sha256/" + x).toList())
                    + ") and no certificate of " + a.name() + "'s chain matches");
        }
    };

    /**
     * Whether the outcome is the same whichever client asks: the check never reads the policy, so its words never
     * name the client. A prediction then checks it once per pair for all the clients that have it
     * ({@link Checks}); {@code ConditionTest} holds every condition marked so to that.
     */
    private final boolean samePerClient;

    Condition(boolean samePerClient) {
        this.samePerClient = samePerClient;
    }

    boolean samePerClient() {
        return samePerClient;
    }

    abstract Check check(AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p);

    private static Optional<Check> portDiffers(AuthorityFacts a, AuthorityFacts b) {
        int aPort = a.connection().orElseThrow().endpoint().port();
        if (aPort == b.authority().port()) {
            return Optional.empty();
        }
        return Optional.of(Check.fail(b.name() + " is on port " + b.authority().port() + " and " + a.name()
                + "'s connection is to port " + aPort));
    }

    /**
     * B has no address to compare; or A's or B's name was resolved by a forward proxy, whose answer is not known here:
     * unknown (the user can pin the addresses with {@code resolve=}), never "no address in common".
     */
    private static Optional<Check> unresolved(AuthorityFacts a, AuthorityFacts b) {
        if (a.probe().resolvedByProxy() || b.probe().resolvedByProxy()) {
            List<String> byProxy = java.util.stream.Stream.of(a, b).filter(f -> f.probe().resolvedByProxy())
                    .map(AuthorityFacts::name).distinct().toList();
            return Optional.of(Check.unknown(String.join(" and ", byProxy) + (byProxy.size() > 1 ? " were" : " was")
                    + " resolved by the proxy, so the addresses a client would compare are not known here (pin them"
                    + " with resolve=ADDR to predict)"));
        }
        if (!b.addresses().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Check.fail(b.name() + " did not resolve" + b.probe().dnsError().map(e -> " (" + e + ")").orElse("")));
    }

    private static Check peer(AuthorityFacts a, AuthorityFacts b) {
        Optional<Check> port = portDiffers(a, b);
        if (port.isPresent()) {
            return port.get();
        }
        Optional<Check> unresolved = unresolved(a, b);
        if (unresolved.isPresent()) {
            return unresolved.get();
        }
        String peer = a.peerAddress().orElseThrow();
        if (b.addresses().contains(peer)) {
            return Check.pass(b.name() + " resolves to " + peer + ", the peer of " + a.name() + "'s connection");
        }
        return Check.fail(b.name() + " resolves to " + String.join(", ", b.orderedAddresses()) + ", not to " + peer
                + ", the peer of " + a.name() + "'s connection");
    }

    private static Optional<Check> origin(AuthorityFacts a, AuthorityFacts b, PredictionInput in) {
        if (in.originFrame(a.key()).contains(b.key().toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(Check.pass("the ORIGIN frame on " + a.name() + "'s connection lists " + b.authority().origin()));
        }
        return Optional.empty();
    }

    /** The outcome of one condition; {@code unknown} when the facts to decide it are missing. */
    record Check(boolean passed, String words, boolean unknown) {
        static Check pass(String clause) {
            return new Check(true, clause, false);
        }

        static Check fail(String reason) {
            return new Check(false, reason, false);
        }

        static Check unknown(String reason) {
            return new Check(false, reason, true);
        }
    }
}
