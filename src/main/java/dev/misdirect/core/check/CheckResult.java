package dev.misdirect.core.check;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether one expectation held for one authority.
 *
 * @param authority   the authority key ({@code host:port})
 * @param line        where the authority is written in the expectations file (0 when derived)
 * @param expectation the expectation's key ({@code covered}, {@code no-421-when-coalesced}, ...)
 * @param description what had to hold, in words
 * @param passed      true when it held
 * @param reason      why it held or did not, naming addresses, statuses and certificates
 * @param facts       the observations behind the verdict, in the order they were made (address → what was seen)
 * @param elapsed     time spent deciding it (requests it sent; the shared probe is not counted)
 */
public record CheckResult(String authority, int line, String expectation, String description, boolean passed,
                          String reason, Map<String, String> facts, Duration elapsed) {
    public CheckResult {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(elapsed, "elapsed");
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
