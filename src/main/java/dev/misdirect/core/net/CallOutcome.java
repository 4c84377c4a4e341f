package dev.misdirect.core.net;

import dev.misdirect.core.model.AttemptRecord;

import java.util.List;
import java.util.Optional;

/**
 * What one replayed request came to.
 *
 * @param finalStatus the status the caller saw, 0 when the call failed
 * @param attempts    every exchange the request caused, hidden 421s and retries included, in order
 * @param error       why it failed (connect, TLS, timeout, cancelled), when it did
 */
public record CallOutcome(int finalStatus, List<AttemptRecord> attempts, Optional<String> error) {
    public CallOutcome {
        attempts = List.copyOf(attempts);
    }
}
