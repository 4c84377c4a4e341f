package dev.misdirect.core.vantage;

import java.util.List;
import java.util.Objects;

/**
 * One aspect as one vantage measured it.
 *
 * @param key       what is compared: two vantages agree when their keys are equal
 * @param text      the value in words, for findings and the matrix
 * @param names     for a certificate, the names it covers (a change of names is worse than a change of key); else ""
 * @param addresses the addresses the value was seen on
 */
public record Measured(String key, String text, String names, List<String> addresses) {
    public Measured {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(names, "names");
        addresses = List.copyOf(addresses);
    }
}
