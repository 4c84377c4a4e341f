package dev.misdirect.core.vantage;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.VantageRecord;
import dev.misdirect.core.model.VerifyRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one vantage measured of one authority or pair, aspect by aspect; empty where it measured nothing (the authority
 * was not probed there, no handshake got far enough, no verification or replay involved it). Pure.
 */
public final class Measures {
    private Measures() {
    }

    /** A certificate's fingerprint shortened for a table cell: its first four bytes. */
    public static String shortFingerprint(String sha256Fingerprint) {
        return sha256Fingerprint.length() > 11 ? sha256Fingerprint.substring(0, 11) : sha256Fingerprint;
    }

    /** The aspect {@code aspect} of the authority with key {@code authority}, as {@code vantage} measured it. */
    public static Optional<Measured> of(Aspect aspect, VantageRecord vantage, String authority) {
        return switch (aspect) {
            case ADDRESSES -> vantage.probe(authority).flatMap(Measures::addresses);
            case CERTIFICATE -> vantage.probe(authority).flatMap(Measures::certificate);
            case TLS -> vantage.probe(authority).flatMap(Measures::tls);
            case MISDIRECTED -> misdirected(vantage, authority);
            case VERDICT -> throw new IllegalArgumentException("a verdict belongs to a pair: use verdict()");
        };
    }

    static Optional<Measured> addresses(ProbeResult p) {
        if (p.addresses().isEmpty()) {
            return p.dnsError().map(e -> new Measured("no address", "no address (" + e + ")", "", List.of()));
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(p.addresses()));
        String text = String.join(", ", sorted);
        return Optional.of(new Measured(text, text, "", sorted));
    }

    static Optional<Measured> certificate(ProbeResult p) {
        List<Handshake> tried = p.handshakes().stream().filter(h -> h.status() != HandshakeStatus.CANCELLED).toList();
        if (tried.isEmpty()) {
            return Optional.empty();
        }
        Map<String, CertificateInfo> leaves = new TreeMap<>();
        Map<String, TreeSet<String>> where = new TreeMap<>();
        for (Handshake h : tried) {
            h.leaf().ifPresent(c -> {
                leaves.put(c.sha256Fingerprint(), c);
                where.computeIfAbsent(c.sha256Fingerprint(), k -> new TreeSet<>()).add(h.endpoint().address());
            });
        }
        List<String> addresses = new ArrayList<>(new TreeSet<>(tried.stream().map(h -> h.endpoint().address()).toList()));
        if (leaves.isEmpty()) {
            return Optional.of(new Measured("none", "no certificate (" + tried.get(0).message() + ")", "", addresses));
        }
        List<String> texts = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        leaves.forEach((fp, c) -> {
            List<String> sans = new ArrayList<>(c.dnsNames());
            sans.addAll(c.ipAddresses());
            names.addAll(sans);
            texts.add(shortFingerprint(fp) + " (SANs " + (sans.isEmpty() ? "none" : String.join(", ", sans)) + ") on "
                    + String.join(", ", where.get(fp)));
        });
        return Optional.of(new Measured(String.join(" ", leaves.keySet()), String.join("; ", texts),
                String.join(",", names), addresses));
    }

    static Optional<Measured> tls(ProbeResult p) {
        TreeSet<String> seen = new TreeSet<>();
        TreeSet<String> addresses = new TreeSet<>();
        for (Handshake h : p.handshakes()) {
            if (h.completed()) {
                seen.add(h.tlsVersion().orElse("?") + " " + h.alpn().map(a -> "ALPN " + a).orElse("no ALPN"));
                addresses.add(h.endpoint().address());
            }
        }
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        String text = String.join(", ", seen);
        return Optional.of(new Measured(text, text, "", new ArrayList<>(addresses)));
    }

    /**
     * The worst verdict of B's request on A's connection in {@code vantage}'s latest verification (over every address
     * the pair shared there), when that verification judged the pair.
     */
    public static Optional<Measured> verdict(VantageRecord vantage, String carrier, String passenger) {
        Optional<VerifyRun> run = vantage.latestVerification();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        List<PairVerification> pairs = run.get().pairs().stream()
                .filter(p -> p.carrier().equals(carrier) && p.passenger().equals(passenger)).toList();
        return pairs.stream().max(Comparator.comparingInt(p -> p.verdict().badness())).map(worst -> {
            List<String> addresses = new ArrayList<>(new TreeSet<>(pairs.stream()
                    .filter(p -> p.verdict() == worst.verdict()).map(PairVerification::address).toList()));
            return new Measured(worst.verdict().id(), worst.verdict().id() + " (" + worst.reason() + ")", "", addresses);
        });
    }

    /** The worst verify verdict of any pair whose passenger is {@code authority}, in the latest verification. */
    public static Optional<PairVerdict> worstVerdictAsPassenger(VantageRecord vantage, String authority) {
        return vantage.latestVerification().flatMap(run -> run.pairs().stream()
                .filter(p -> p.passenger().equals(authority)).map(PairVerification::verdict)
                .max(Comparator.comparingInt(PairVerdict::badness)));
    }

    /**
     * Whether a request for {@code authority} was answered 421 in {@code vantage}'s replays or latest verification,
     * when any of them sent one.
     */
    static Optional<Measured> misdirected(VantageRecord vantage, String authority) {
        int sent = 0;
        int refused = 0;
        TreeSet<String> addresses = new TreeSet<>();
        for (ReplayRun run : vantage.replays()) {
            for (StepOutcome step : run.steps()) {
                if (step.authority().equals(authority)) {
                    for (AttemptRecord a : step.attempts()) {
                        sent++;
                        refused += a.status() == 421 ? 1 : 0;
                    }
                }
            }
        }
        Optional<VerifyRun> verify = vantage.latestVerification();
        if (verify.isPresent()) {
            for (PairVerification p : verify.get().pairs()) {
                if (!p.passenger().equals(authority)) {
                    continue;
                }
                for (var answer : p.carried().stream().toList()) {
                    sent++;
                    if (answer.status() == 421) {
                        refused++;
                        addresses.add(p.address());
                    }
                }
                sent += p.own().size();
                refused += (int) p.own().stream().filter(o -> o.status() == 421).count();
            }
        }
        if (sent == 0) {
            return Optional.empty();
        }
        String key = refused > 0 ? "421 seen" : "no 421";
        String text = refused > 0 ? refused + " of " + sent + " requests answered 421" : "none of " + sent
                + " requests answered 421";
        return Optional.of(new Measured(key, text, "", new ArrayList<>(addresses)));
    }
}
