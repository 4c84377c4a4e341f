package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.TrustVerdict;

/**
 * One row of the handshakes table (authority × address), already in words.
 *
 * @param verdict   icon and word ("✔ trusted", "✘ name mismatch")
 * @param ok        the handshake completed with a trusted chain that covers the name
 * @param handshake the record it shows
 */
public record HandshakeRow(String authorityKey, String address, String sni, String tlsVersion, String alpn,
                           String cipher, String leafSubject, String verdict, String clientCert, String timings,
                           boolean ok, Handshake handshake) {

    static HandshakeRow of(Handshake h) {
        return new HandshakeRow(
                h.authorityKey(),
                h.endpoint().toString(),
                h.sniSent().orElse("(none)"),
                h.tlsVersion().orElse("–"),
                h.alpn().orElse("–"),
                h.cipherSuite().orElse("–"),
                h.leaf().map(c -> c.subject()).orElse(h.status() == HandshakeStatus.OK ? "–" : "✘ " + h.message()),
                verdictText(h),
                h.clientCertRequested() ? "⚷ requested" : "no",
                timings(h.timings()),
                h.completed() && h.verdict() == TrustVerdict.TRUSTED,
                h);
    }

    static String verdictText(Handshake h) {
        if (!h.completed()) {
            return "✘ " + h.status().name().toLowerCase().replace('_', ' ');
        }
        return switch (h.verdict()) {
            case TRUSTED -> "✔ trusted";
            case SELF_SIGNED -> "✘ self-signed";
            case UNKNOWN_ISSUER -> "✘ unknown issuer";
            case EXPIRED -> "✘ expired";
            case NOT_YET_VALID -> "✘ not yet valid";
            case NAME_MISMATCH -> "✘ name mismatch";
            case NOT_CHECKED -> "– not checked";
        };
    }

    static String timings(PhaseTimings t) {
        return "DNS " + ms(t.dnsMicros()) + " · TCP " + ms(t.connectMicros()) + " · TLS " + ms(t.tlsMicros());
    }

    private static String ms(long micros) {
        return micros == PhaseTimings.NOT_MEASURED ? "–" : String.format("%.1f ms", micros / 1000.0);
    }
}
