package dev.misdirect.core.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of every replayed call.
 *
 * @param connect TCP connect plus TLS handshake, per attempt
 * @param read    silence allowed while waiting for response bytes
 * @param call    the whole call, follow-ups included
 */
public record Timeouts(Duration connect, Duration read, Duration call) {
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(call, "call");
        for (Duration d : new Duration[] {connect, read, call}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /** 5 s connect, 10 s read, 30 s per call. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
