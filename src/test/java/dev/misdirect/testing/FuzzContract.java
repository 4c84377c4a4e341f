package dev.misdirect.testing;

import dev.misdirect.core.io.ImportException;
import dev.misdirect.core.io.ImportResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
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

    /**
     * Fails when {@code refusal}'s message is missing or speaks of Java internals that do not come from
     * {@code input} (a message may quote the input, and a fuzzer soon learns to write "Exception" in it).
     */
    public static void requireUserMessage(Throwable refusal, String input) {
        String message = refusal.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError("a refusal without a message: " + refusal.getClass().getName(), refusal);
        }
        // Parsers unquote and unescape what they quote back ('jack''son', jack\<newline>son), so compare letters only.
        String letters = input.replaceAll("[^A-Za-z0-9.]", "");
        Matcher m = JAVA_INTERNALS.matcher(message);
        while (m.find()) {
            if (!input.contains(m.group()) && !letters.contains(m.group())) {
                throw new AssertionError("a refusal that speaks of Java internals: " + message, refusal);
            }
        }
    }

    /** An importer of one file format. */
    @FunctionalInterface
    public interface FileImporter {
        ImportResult importFrom(Path file) throws IOException, ImportException;
    }

    /**
     * The import contract for fuzzed bytes: written to {@code file} they are imported into a session, or refused
     * with a message a user can act on (naming what is wrong, not a stack trace).
     */
    public static void importOrRefuse(Path file, byte[] input, FileImporter importer) throws IOException {
        Files.write(file, input);
        try {
            importer.importFrom(file).toSession("fuzz", Instant.EPOCH);
        } catch (ImportException e) {
            requireUserMessage(e, new String(input, StandardCharsets.ISO_8859_1) + new String(input, StandardCharsets.UTF_8));
        }
    }
}
