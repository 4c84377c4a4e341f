package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.ui.common.VerdictText;

import java.util.Optional;

/**
 * One row of the handshakes table (authority × address), already in words; an authority whose probe reached no
 * address (its name did not resolve, the probe was cancelled) has one row saying why.
 *
 * @param verdict   icon and word ("✔ trusted", "✘ name mismatch", "✘ DNS failed"); OK only when the handshake
 *                  completed with a trusted chain that covers the name
 * @param handshake the record it shows; empty for an authority that reached no address
 * @param vantage   the vantage that measured it, in a merged session; "" otherwise
 */
public record HandshakeRow(String authorityKey, String address, String sni, String tlsVersion, String alpn,
                           String cipher, String leafSubject, VerdictText verdict, String clientCert, String timings,
                           Optional<Handshake> handshake, String vantage) {

    /** This row as measured from {@code name}. */
    HandshakeRow from(String name) {
        return new HandshakeRow(authorityKey, address, sni, tlsVersion, alpn, cipher, leafSubject, verdict, clientCert,
                timings, handshake, name);
    }

    /** The row of an authority whose probe reached no address, with the reason. */
    static HandshakeRow unreached(ProbeResult p) {
        String reason = p.dnsError().orElse("no handshake: " + p.addressSource());
        boolean cancelled = reason.startsWith(Prober.CANCELLED_PREFIX);
        VerdictText verdict = cancelled ? VerdictText.unknown("– cancelled")
                : p.dnsError().isPresent() ? VerdictText.bad("✘ DNS failed") : VerdictText.unknown("– not probed");
        String address = p.addresses().isEmpty() ? "not resolved (" + p.addressSource() + ")"
                : String.join(", ", p.addresses());
        return new HandshakeRow(p.authority().key(), address, "–", "–", "–", "–", "✘ " + reason, verdict, "–",
                "DNS " + ms(p.dnsMicros()) + " · TCP – · TLS –", Optional.empty(), "");
    }

    /** Why there is no certificate to show, when there is none. */
    String problem() {
        return handshake.map(Handshake::message).orElse(leafSubject.substring(2));
    }

    static HandshakeRow of(Handshake h) {
        return new HandshakeRow(
                h.authorityKey(),
                h.endpoint().toString(),
                h.sniSent().orElse("(none)"),
                h.tlsVersion().orElse("–"),
                h.alpn().orElse("–"),
                h.cipherSuite().orElse("–"),
                h.leaf().map(c -> c.subject()).orElse(h.status() == HandshakeStatus.OK ? "–" : "✘ " + h.message()),
                verdict(h),
                h.clientCertRequested() ? "⚷ requested" : "no",
                timings(h.timings()),
                Optional.of(h),
                "");
    }

    static VerdictText verdict(Handshake h) {
        if (!h.completed()) {
            return VerdictText.bad("✘ " + h.status().name().toLowerCase().replace('_', ' '));
        }
        return switch (h.verdict()) {
            case TRUSTED -> VerdictText.ok("✔ trusted");
            case SELF_SIGNED -> VerdictText.bad("✘ self-signed");
            case UNKNOWN_ISSUER -> VerdictText.bad("✘ unknown issuer");
            case EXPIRED -> VerdictText.bad("✘ expired");
            case NOT_YET_VALID -> VerdictText.bad("✘ not yet valid");
            case NAME_MISMATCH -> VerdictText.bad("✘ name mismatch");
            case NOT_CHECKED -> VerdictText.unknown("– not checked");
        };
    }

    static String timings(PhaseTimings t) {
        return "DNS " + ms(t.dnsMicros()) + " · TCP " + ms(t.connectMicros()) + " · TLS " + ms(t.tlsMicros());
    }

    private static String ms(long micros) {
        return micros == PhaseTimings.NOT_MEASURED ? "–" : String.format("%.1f ms", micros / 1000.0);
    }
}
