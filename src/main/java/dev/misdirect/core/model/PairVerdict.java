package dev.misdirect.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What happened when B's request travelled on a connection opened for A (SNI A, {@code :authority} B), compared
 * with the same request on B's own connection. The ids are the names used everywhere (code, CLI, session documents).
 */
public enum PairVerdict {
    /** The same answer as on B's own connection: sharing the connection is harmless. */
    SHARED_OK("shared-ok"),
    /** The server answered 421: a correct refusal, which some clients retry and others surface. */
    REFUSED_421("refused-421"),
    /**
     * Any other different answer (another status, another site's page, a redirect elsewhere, a reset stream): the
     * worst verdict, since no client retries it.
     */
    MISROUTED("misrouted"),
    /** The pair could not be judged (A's connection failed, B's own request failed, the budget was spent). */
    UNTESTED("untested");

    private final String id;

    PairVerdict(String id) {
        this.id = id;
    }

    /** The stable name: {@code shared-ok}, {@code refused-421}, {@code misrouted} or {@code untested}. */
    public String id() {
        return id;
    }

    /** How bad the verdict is for users of the pair, worst first: misrouted 3, refused-421 2, untested 1, shared-ok 0. */
    public int badness() {
        return switch (this) {
            case MISROUTED -> 3;
            case REFUSED_421 -> 2;
            case UNTESTED -> 1;
            case SHARED_OK -> 0;
        };
    }

    /** The verdict with this id (case-insensitive), empty when there is none. */
    public static Optional<PairVerdict> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.id.equals(wanted)).findFirst();
    }

    /** "shared-ok, refused-421, misrouted, untested", for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(PairVerdict::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
