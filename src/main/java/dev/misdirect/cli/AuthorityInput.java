package dev.misdirect.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options that name what to probe, shared by every command that probes: authority arguments, an authority
 * file, curl-style {@code --resolve} overrides and extra CA files.
 */
public final class AuthorityInput {
    @Parameters(arity = "0..*", paramLabel = "AUTHORITY",
            description = "Authorities to probe, e.g. a.example or 'b.example:8443 resolve=127.0.0.2 sni=none'.")
    List<String> authorityArgs = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read authority lines from FILE (one per line, # comments).")
    Path file;

    @Option(names = "--resolve", paramLabel = "HOST:PORT:ADDR[,ADDR]", description = "Connect to ADDR for HOST:PORT instead of asking DNS (like curl).")
    List<String> resolveOptions = new ArrayList<>();

    @Option(names = "--cacert", paramLabel = "PEM", description = "Also trust the CA certificates in this PEM file (repeatable).")
    List<Path> caFiles = new ArrayList<>();

    /** True when any authority, file or override was given. */
    boolean anyGiven() {
        return !authorityArgs.isEmpty() || file != null || !resolveOptions.isEmpty();
    }
}
