package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The authorities a session is about, plus what was refused or merged while loading them.
 *
 * @param authorities the good authorities, in input order, duplicates merged
 * @param problems    one entry per refused line, with its number and reason
 * @param notes       informational notes (e.g. "line 4 repeats a.example:443 from line 1; merged")
 */
public record AuthoritySet(List<Authority> authorities, List<LineProblem> problems, List<String> notes) {

    public AuthoritySet {
        authorities = List.copyOf(authorities);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public static AuthoritySet empty() {
        return new AuthoritySet(List.of(), List.of(), List.of());
    }

    public static AuthoritySet of(List<Authority> authorities) {
        return new AuthoritySet(authorities, List.of(), List.of());
    }

    /** The authority with this key ({@code host:port}), if any. */
    public Optional<Authority> find(String key) {
        return authorities.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    public boolean isEmpty() {
        return authorities.isEmpty();
    }
}
