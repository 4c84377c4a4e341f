package dev.misdirect.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a probe or a verification ran: the machine, the user's label for it, the resolver that answered and the
 * local address its connections left from. Filled by the engine ({@code core.session}), never by a face.
 *
 * @param label    the user's name for the place (a region, a runner label), when given
 * @param host     the machine's host name ({@link #UNKNOWN} when it could not be read)
 * @param resolver what resolved the names ("system resolver", "lab name map", a resolver given by the caller)
 * @param egress   the local addresses the connections were made from, as measured on their sockets; empty when
 *                 no connection was made (then {@link #egressText()} says "unknown")
 * @param at       when the run started
 */
public record Vantage(Optional<String> label, String host, String resolver, List<String> egress, Instant at) {
    /** What an unknown fact reads as. */
    public static final String UNKNOWN = "unknown";

    public Vantage {
        label = label == null ? Optional.empty() : label.map(String::strip).filter(s -> !s.isEmpty());
        host = host == null || host.isBlank() ? UNKNOWN : host;
        resolver = resolver == null || resolver.isBlank() ? UNKNOWN : resolver;
        egress = egress == null ? List.of() : List.copyOf(egress);
        Objects.requireNonNull(at, "at");
    }

    /** The longest label taken. */
    public static final int MAX_LABEL_LENGTH = 100;

    /**
     * Why {@code label} cannot name a vantage (blank, longer than {@link #MAX_LABEL_LENGTH} characters, or holding a
     * control character such as a line break), or empty when it can.
     */
    public static Optional<String> labelProblem(String label) {
        if (label.isBlank()) {
            return Optional.of("the label is blank");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of("the label is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the label holds a control character");
        }
        return Optional.empty();
    }

    /** The vantage of a document that recorded none: only its time is known. */
    public static Vantage unknown(Instant at) {
        return new Vantage(Optional.empty(), UNKNOWN, UNKNOWN, List.of(), at);
    }

    /** The label, else the host name: what the vantage is called where nothing more is needed. */
    public String name() {
        return label.orElse(host);
    }

    /** The egress addresses, comma separated, or "unknown". */
    public String egressText() {
        return egress.isEmpty() ? UNKNOWN : String.join(", ", egress);
    }
}
