package dev.misdirect.cli;

import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.io.SessionCodec;
import picocli.CommandLine.Option;

/**
 * The {@value Cli#NO_REDACT} option every command that prints or writes a session, a report or an export shares:
 * the user's "include secrets", the only way around {@link Redactor#secrets()} (see {@link Cli#run} for the printed
 * lines).
 */
final class IncludeSecrets {
    @Option(names = Cli.NO_REDACT, description = "Keep credentials (Authorization, Cookie, tokens, passwords, URL"
            + " user-info) in everything this command prints and writes. Do not share the output.")
    boolean keep;

    /** The redactor for this command's files and documents. */
    Redactor redactor() {
        return Redactor.of(!keep);
    }

    /** A session codec that writes through {@link #redactor()}. */
    SessionCodec codec() {
        return new SessionCodec().using(redactor());
    }
}
