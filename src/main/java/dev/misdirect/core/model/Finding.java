package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One explained observation: what was seen (details), why it happens (cause text), and what to do (fix).
 *
 * @param cause       the closed cause family, which decides how the finding is shown
 * @param severity    how much it matters
 * @param title       one line, naming the authorities concerned
 * @param details     what was observed, with the facts (addresses, SNI, SANs, statuses)
 * @param explanation why this happens (RFC or server behaviour)
 * @param fix         what to change
 * @param authorities keys ({@code host:port}) of the authorities concerned, for linking rows
 */
public record Finding(
        FindingCause cause,
        Severity severity,
        String title,
        String details,
        String explanation,
        String fix,
        List<String> authorities) {

    public Finding {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(fix, "fix");
        authorities = List.copyOf(authorities);
    }
}
