package dev.misdirect.ui.common;

import java.util.Objects;
import java.util.Optional;

/**
 * What a session looks at, so that its probes and replays go there and nowhere else: the real network (a session
 * typed or opened from a file), an import (a capture of the real network), or one lab scenario (its name map and CA).
 * Only a lab session uses the lab's names and trust.
 *
 * @param kind        which of the three
 * @param labScenario the lab scenario's id, present exactly when {@code kind} is {@link Kind#LAB}
 * @param source      what an import was read from ("HAR shop.har"); empty otherwise
 * @param vantage     the label the session's probes record as their vantage (a region), when the user gave one
 */
public record SessionTarget(Kind kind, Optional<String> labScenario, String source, Optional<String> vantage) {
    /** The three kinds of session. */
    public enum Kind { SYSTEM, IMPORT, LAB }

    public SessionTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labScenario, "labScenario");
        Objects.requireNonNull(source, "source");
        vantage = vantage == null ? Optional.empty() : vantage.map(String::strip).filter(v -> !v.isEmpty());
        if (labScenario.isPresent() != (kind == Kind.LAB)) {
            throw new IllegalArgumentException("a lab scenario belongs to a lab session only: " + kind);
        }
    }

    /** A target without a vantage label. */
    public SessionTarget(Kind kind, Optional<String> labScenario, String source) {
        this(kind, labScenario, source, Optional.empty());
    }

    /** This target with probes labelled {@code label} (blank: none). */
    public SessionTarget withVantage(String label) {
        return new SessionTarget(kind, labScenario, source, Optional.ofNullable(label));
    }

    /** The real network: system DNS and trust. */
    public static SessionTarget system() {
        return new SessionTarget(Kind.SYSTEM, Optional.empty(), "");
    }

    /** A capture read from {@code source}; probes and replays of it go to the real network. */
    public static SessionTarget imported(String source) {
        return new SessionTarget(Kind.IMPORT, Optional.empty(), source);
    }

    /** The lab scenario {@code scenarioId}. */
    public static SessionTarget lab(String scenarioId) {
        return new SessionTarget(Kind.LAB, Optional.of(scenarioId), "");
    }

    /** A lab session when {@code labScenario} names one, the real network otherwise. */
    public static SessionTarget of(Optional<String> labScenario) {
        return labScenario.map(SessionTarget::lab).orElseGet(SessionTarget::system);
    }

    /** True when this is the session of lab scenario {@code scenarioId}. */
    public boolean isLab(String scenarioId) {
        return labScenario.filter(scenarioId::equals).isPresent();
    }
}
