package dev.misdirect.testing;

import java.util.regex.Pattern;

/**
 * What every fuzz target checks beyond "no unexpected exception": a refusal is a message for a person, naming the
 * input and the reason, never Java's own words (an exception class, a library's internals).
 */
public final class FuzzContract {
    /** The budget of each fuzz target in the {@code fuzz} profile (the annotation needs a constant). */
    public static final String FUZZ_DURATION = "10m";

    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "Exception|java\\.|javax\\.|com\\.fasterxml|StreamReadConstraints|jackson");

    private FuzzContract() {
    }

    /** Fails when {@code refusal}'s message is missing or speaks of Java internals instead of the input. */
    public static void requireUserMessage(Throwable refusal) {
        String message = refusal.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError("a refusal without a message: " + refusal.getClass().getName(), refusal);
        }
        if (JAVA_INTERNALS.matcher(message).find()) {
            throw new AssertionError("a refusal that speaks of Java internals: " + message, refusal);
        }
    }
}
