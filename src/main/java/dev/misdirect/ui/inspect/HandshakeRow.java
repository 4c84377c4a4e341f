package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.ui.common.VerdictText;

/**
 * One row of the handshakes table (authority × address), already in words.
 *
 * @param verdict   icon and word ("✔ trusted", "✘ name mismatch"); OK only when the handshake completed with a
 *                  trusted chain that covers the name
 * @param handshake the record it shows
 */
public record HandshakeRow(String authorityKey, String address, String sni, String tlsVersion, String alpn,
                           String cipher, String leafSubject, VerdictText verdict, String clientCert, String timings,
                           Handshake handshake) {

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
                h);
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
            case NOT_CHECKED -> VerdictText.bad("– not checked");
        };
    }

    static String timings(PhaseTimings t) {
        return "DNS " + ms(t.dnsMicros()) + " · TCP " + ms(t.connectMicros()) + " · TLS " + ms(t.tlsMicros());
    }

    private static String ms(long micros) {
        return micros == PhaseTimings.NOT_MEASURED ? "–" : String.format("%.1f ms", micros / 1000.0);
    }
}
