package dev.misdirect.cli;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.names.ResolveOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options that name what to probe, shared by every command that probes: authority arguments, an authority
 * file, curl-style {@code --resolve} overrides, extra CA files and the {@code --proxy} to connect through.
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

    @Mixin
    ProxyOption proxy = new ProxyOption();

    /** True when any authority, file or override was given. */
    boolean anyGiven() {
        return !authorityArgs.isEmpty() || file != null || !resolveOptions.isEmpty();
    }

    /** Arguments and file lines, bad ones reported on {@code err}; at least one good one, or bad input. */
    AuthoritySet load(PrintWriter err) {
        if (authorityArgs.isEmpty() && file == null) {
            throw new BadInputException("no authorities: give them as arguments or with -f FILE");
        }
        List<ResolveOption> resolves = new ArrayList<>();
        for (String r : resolveOptions) {
            try {
                resolves.add(AuthorityParser.parseResolveOption(r));
            } catch (AuthoritySyntaxException e) {
                throw new BadInputException("--resolve " + r + ": " + e.reason());
            }
        }
        Map<String, Authority> byKey = new LinkedHashMap<>();
        List<LineProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AuthoritySet fromArgs = AuthorityParser.parseLines(authorityArgs, "argument");
        BadLines shown = new BadLines(err);
        for (LineProblem p : fromArgs.problems()) {
            problems.add(new LineProblem(p.line(), p.input(), "argument " + p.line() + ": " + p.reason()));
            shown.print("argument " + p.line() + " '" + p.input() + "': " + p.reason() + " (skipped)");
        }
        notes.addAll(fromArgs.notes());
        fromArgs.authorities().forEach(a -> byKey.put(a.key(), a));
        if (file != null) {
            AuthoritySet fromFile = AuthorityParser.parse(readFile(file));
            for (LineProblem p : fromFile.problems()) {
                problems.add(p);
                shown.print(file + ":" + p.line() + ": " + p.reason() + " (" + p.input() + "; skipped)");
            }
            notes.addAll(fromFile.notes());
            for (Authority a : fromFile.authorities()) {
                Authority given = byKey.putIfAbsent(a.key(), a);
                if (given == null) {
                    continue;
                }
                Optional<String> conflict = AuthorityParser.conflict(given, a);
                if (conflict.isPresent()) {
                    String reason = file + " repeats " + a.key() + " given as an argument with a different "
                            + conflict.get() + "; not merged";
                    problems.add(new LineProblem(0, a.toLine(), reason));
                    shown.print(reason + " (skipped)");
                } else {
                    notes.add(file + " repeats " + a.key() + " given as an argument; probed once");
                }
            }
        }
        shown.finish();
        if (byKey.isEmpty()) {
            throw new BadInputException("no usable authority: " + problems.size() + " bad "
                    + (problems.size() == 1 ? "line" : "lines") + ", none good");
        }
        List<Authority> authorities = byKey.values().stream().map(a -> {
            Authority x = a;
            for (ResolveOption r : resolves) {
                x = r.applyTo(x);
            }
            return x;
        }).toList();
        for (ResolveOption r : resolves) {
            if (authorities.stream().noneMatch(r::appliesTo)) {
                err.println("misdirect: --resolve " + r.host() + ":" + r.port() + " matches no authority (ignored)");
            }
        }
        return new AuthoritySet(authorities, problems, notes);
    }

    /** Prints the first {@link #MAX} bad lines on stderr and then only how many more there were. */
    static final class BadLines {
        static final int MAX = 20;
        private final PrintWriter err;
        private int count;

        BadLines(PrintWriter err) {
            this.err = err;
        }

        void print(String line) {
            if (++count <= MAX) {
                err.println("misdirect: " + line);
            }
        }

        void finish() {
            if (count > MAX) {
                err.println("misdirect: ... and " + (count - MAX) + " more bad " + (count - MAX == 1 ? "line" : "lines")
                        + " (skipped; " + count + " in all)");
            }
        }
    }

    private static String readFile(Path f) {
        try {
            return BoundedFiles.readUtf8(f, BoundedFiles.AUTHORITY_FILE_BYTES, "an authority file");
        } catch (NoSuchFileException e) {
            throw new BadInputException(f + ": no such file");
        } catch (InputTooLargeException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(f + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
