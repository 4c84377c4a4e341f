package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one replay step (one request of the plan, after all its attempts).
 *
 * @param step        0-based step index in the plan (repeats expand into consecutive steps)
 * @param method      HTTP method
 * @param url         the URL requested
 * @param authority   the authority the request was for
 * @param finalStatus the status the caller finally saw, 0 when the step failed
 * @param attempts    every attempt, hidden 421s included
 * @param error       why it failed, when it did
 */
public record StepOutcome(int step, String method, String url, String authority, int finalStatus,
                          List<AttemptRecord> attempts, Optional<String> error) {
    public StepOutcome {
        attempts = List.copyOf(attempts);
    }

    /** True when any attempt of this step was answered 421. */
    public boolean sawMisdirected() {
        return attempts.stream().anyMatch(a -> a.status() == 421);
    }
}
