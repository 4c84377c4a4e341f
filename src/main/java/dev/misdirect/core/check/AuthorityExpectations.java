package dev.misdirect.core.check;

import dev.misdirect.core.model.Authority;

import java.util.List;
import java.util.Objects;

/**
 * What must hold for one authority.
 *
 * @param authority    the authority, with its overrides (resolve, sni, host)
 * @param line         the line of the expectations file where it is written (1-based; 0 when derived)
 * @param expectations what must hold, in the order they are checked and reported
 */
public record AuthorityExpectations(Authority authority, int line, List<Expectation> expectations) {
    public AuthorityExpectations {
        Objects.requireNonNull(authority, "authority");
        expectations = List.copyOf(expectations);
    }
}
