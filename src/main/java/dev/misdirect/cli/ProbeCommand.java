package dev.misdirect.cli;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.names.ResolveOption;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeHandle;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.probe.SystemResolver;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.TlsStack;
import dev.misdirect.core.tls.PemFiles;
import dev.misdirect.core.tls.TlsFileException;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** {@code misdirect probe}: DNS, TCP and TLS facts for a set of authorities, side by side. */
@Command(name = "probe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Resolve every authority, connect to each of its addresses and make a TLS handshake sending its SNI,",
            "then show the handshakes, the SAN coverage matrix, the addresses names share and the findings.",
            "Bad certificates are recorded, never fatal."
        },
        footer = {
            "",
            "Authority lines: host[:port] or https://host[:port][/path], then optional resolve=ADDR[,ADDR]",
            "sni=NAME|none host=NAME tag=NAME. Bad lines are reported on stderr; the good ones are probed.",
            "",
            "Example:",
            "  misdirect probe --resolve a.example:8443:127.0.0.2 --resolve b.example:8443:127.0.0.2 a.example:8443 b.example:8443",
            "  misdirect probe --lab tenants-wildcard",
            "",
            "Exit codes: 0 ran (failed handshakes are results), 2 bad usage or no usable authority,",
            "3 nothing at all was reachable."
        })
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityInput input = new AuthorityInput();




    @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate (chain) to offer when a server asks for one; needs --key.")
    Path certFile;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key of --cert (PKCS#8, or EC/RSA PEM, unencrypted).")
    Path keyFile;

    @Option(names = "--pkcs12", paramLabel = "FILE", description = "Client certificate and key from a PKCS#12 file.")
    Path pkcs12File;

    @Option(names = "--pkcs12-password", paramLabel = "PASSWORD", description = "Password of --pkcs12 (default: empty).", arity = "0..1", interactive = false)
    String pkcs12Password = "";

    @Option(names = "--connect-timeout", paramLabel = "MS", converter = Ranges.TimeoutMillis.class, description = "TCP connect timeout per address, 1..600000 (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs = ProbeOptions.DEFAULT_TIMEOUT.toMillis();

    @Option(names = "--tls-timeout", paramLabel = "MS", converter = Ranges.TimeoutMillis.class, description = "TLS handshake timeout per address, 1..600000 (default: ${DEFAULT-VALUE}).")
    long tlsTimeoutMs = ProbeOptions.DEFAULT_TIMEOUT.toMillis();

    @Option(names = "--dns-timeout", paramLabel = "MS", converter = Ranges.TimeoutMillis.class, description = "DNS timeout per name, 1..600000 (default: ${DEFAULT-VALUE}).")
    long dnsTimeoutMs = ProbeOptions.DEFAULT_TIMEOUT.toMillis();

    @Option(names = "--concurrency", paramLabel = "N", converter = Ranges.Concurrency.class,
            description = "Authorities probed at once, 1..64 (default: ${DEFAULT-VALUE}).")
    int concurrency = ProbeOptions.DEFAULT_CONCURRENCY;

    @Option(names = "--resume", description = "Make a second handshake per address to see whether the session resumes.")
    boolean resume;

    @Option(names = "--tls-provider", paramLabel = "conscrypt|jdk",
            description = "The TLS implementation that makes the handshakes: conscrypt (BoringSSL, Chromium's TLS library; the default where it runs) or jdk (the JDK's SunJSSE, what Java clients use).")
    String tlsProvider;

    @Option(names = "--json", description = "Print the session document (docs/session-format.md) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Probe this lab scenario's authorities: start it in-process (its name map as DNS, its CA trusted), stop it after.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: run the scenario's fixed variant.")
    boolean fixed;

    private final Supplier<Resolver> resolverFactory;
    private final Supplier<Instant> clock;

    /** The command with the system resolver. */
    public ProbeCommand() {
        this(null, Instant::now);
    }

    /** The command with another resolver (tests; the lab name map). */
    ProbeCommand(Supplier<Resolver> resolverFactory, Supplier<Instant> clock) {
        this.resolverFactory = resolverFactory;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (lab != null) {
            return probeLab();
        }
        if (fixed) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        ProbeOptions options = options();
        ChainVerifier verifier = verifier();
        AuthoritySet set = loadAuthorities(err);
        return probe(set, options, verifier, resolverFactory, Optional.empty());
    }

    /** Starts the lab scenario, probes its authority set with its name map and CA, and stops it. */
    private int probeLab() throws Exception {
        if (input.anyGiven()) {
            throw new BadInputException("--lab probes the scenario's own authorities; do not also give authorities,"
                    + " -f or --resolve");
        }
        Scenario scenario = Scenarios.find(lab).orElseThrow(() -> new BadInputException("--lab '" + lab
                + "' is not a lab scenario; known: " + String.join(", ", Scenarios.ids())));
        ProbeOptions options = options();
        List<X509Certificate> cas;
        try {
            cas = new ArrayList<>(PemFiles.readCaFiles(input.caFiles));
        } catch (TlsFileException e) {
            throw new BadInputException("--cacert " + e.getMessage(), e);
        }
        try (RunningLab running = new Lab(LabCa.openDefault()).start(scenario, fixed)) {
            cas.add(running.caCertificate());
            return probe(running.authoritySet(), options, ChainVerifier.trusting(cas),
                    () -> new MapResolver(running.nameMap(), "lab name map"), Optional.of(scenario.id()));
        } catch (LabStartException e) {
            throw new CannotRunException(e.getMessage(), e);
        }
    }

    private int probe(AuthoritySet set, ProbeOptions options, ChainVerifier verifier,
                      Supplier<Resolver> resolverFactory, Optional<String> labScenario) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecutorService pool = Prober.newExecutor(concurrency);
        ExecutorService dnsPool = null;
        try {
            Resolver resolver;
            if (resolverFactory != null) {
                resolver = resolverFactory.get();
            } else {
                dnsPool = Prober.newDnsExecutor();
                resolver = new SystemResolver(dnsPool);
            }
            Prober prober = new Prober(pool, resolver, verifier);
            ProbeHandle handle = prober.start(set.authorities(), options, ProbeListener.none());
            Thread cancelOnExit = new Thread(handle::cancel, "misdirect-probe-cancel");
            Runtime.getRuntime().addShutdownHook(cancelOnExit);
            List<ProbeResult> results;
            try {
                results = handle.results().get();
            } catch (InterruptedException e) {
                handle.cancel();
                Thread.currentThread().interrupt();
                throw new CannotRunException("interrupted");
            } catch (ExecutionException e) {
                throw new CannotRunException("probe failed: " + e.getCause(), e.getCause());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancelOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already exiting; the hook runs anyway.
                }
            }
            Inspection inspection = Analysis.analyse(results);
            if (json) {
                Session session = Session.of("misdirect probe", set, clock.get()).withLabScenario(labScenario)
                        .withProbes(results, inspection.findings());
                out.println(secrets.codec().toJson(session));
            } else {
                ProbeText.print(out, inspection);
            }
            out.flush();
            if (!anyReachable(results)) {
                err.println("misdirect: nothing was reachable: no address of any authority accepted a TCP connection");
                return ExitCode.CANNOT_RUN;
            }
            return ExitCode.OK;
        } finally {
            pool.shutdownNow();
            if (dnsPool != null) {
                dnsPool.shutdownNow();
            }
        }
    }

    static boolean anyReachable(List<ProbeResult> results) {
        return results.stream().flatMap(r -> r.handshakes().stream()).anyMatch(h -> switch (h.status()) {
            case OK, RESET, TLS_TIMEOUT, TLS_FAILED -> true;
            case REFUSED, CONNECT_TIMEOUT, ERROR, CANCELLED -> false;
        });
    }

    private ProbeOptions options() {
        return ProbeOptions.defaults()
                .withConnectTimeout(Duration.ofMillis(connectTimeoutMs))
                .withTlsTimeout(Duration.ofMillis(tlsTimeoutMs))
                .withDnsTimeout(Duration.ofMillis(dnsTimeoutMs))
                .withConcurrency(concurrency)
                .withResumption(resume)
                .withClientCredentials(clientCredentials())
                .withTlsStack(tlsStack());
    }

    private TlsStack tlsStack() {
        if (tlsProvider == null) {
            return TlsStack.preferred();
        }
        TlsStack stack = TlsStack.fromId(tlsProvider).orElseThrow(() -> new BadInputException(
                "--tls-provider " + tlsProvider + ": not a TLS implementation Misdirect knows (conscrypt, jdk)"));
        if (!stack.available()) {
            throw new BadInputException("--tls-provider " + tlsProvider + ": " + stack.describe());
        }
        return stack;
    }

    private Optional<ClientCredentials> clientCredentials() {
        if (pkcs12File != null && (certFile != null || keyFile != null)) {
            throw new BadInputException("give either --cert with --key, or --pkcs12, not both");
        }
        try {
            if (pkcs12File != null) {
                return Optional.of(ClientCredentials.fromPkcs12(pkcs12File, pkcs12Password.toCharArray()));
            }
            if (certFile != null || keyFile != null) {
                if (certFile == null || keyFile == null) {
                    throw new BadInputException(certFile == null ? "--key needs --cert" : "--cert needs --key");
                }
                return Optional.of(ClientCredentials.fromPem(certFile, keyFile));
            }
            return Optional.empty();
        } catch (TlsFileException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private ChainVerifier verifier() {
        try {
            return ChainVerifier.withJdkTrustStore(PemFiles.readCaFiles(input.caFiles));
        } catch (TlsFileException e) {
            throw new BadInputException("--cacert " + e.getMessage(), e);
        }
    }

    /** Arguments and file lines, bad ones reported on {@code err}; at least one good one, or bad input. */
    private AuthoritySet loadAuthorities(PrintWriter err) {
        if (input.authorityArgs.isEmpty() && input.file == null) {
            throw new BadInputException("no authorities: give them as arguments or with -f FILE");
        }
        List<ResolveOption> resolves = new ArrayList<>();
        for (String r : input.resolveOptions) {
            try {
                resolves.add(AuthorityParser.parseResolveOption(r));
            } catch (AuthoritySyntaxException e) {
                throw new BadInputException("--resolve " + r + ": " + e.reason());
            }
        }
        Map<String, Authority> byKey = new LinkedHashMap<>();
        List<LineProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AuthoritySet fromArgs = AuthorityParser.parseLines(input.authorityArgs, "argument");
        BadLines shown = new BadLines(err);
        for (LineProblem p : fromArgs.problems()) {
            problems.add(new LineProblem(p.line(), p.input(), "argument " + p.line() + ": " + p.reason()));
            shown.print("argument " + p.line() + " '" + p.input() + "': " + p.reason() + " (skipped)");
        }
        notes.addAll(fromArgs.notes());
        fromArgs.authorities().forEach(a -> byKey.put(a.key(), a));
        if (input.file != null) {
            AuthoritySet fromFile = AuthorityParser.parse(readFile(input.file));
            for (LineProblem p : fromFile.problems()) {
                problems.add(p);
                shown.print(input.file + ":" + p.line() + ": " + p.reason() + " (" + p.input() + "; skipped)");
            }
            notes.addAll(fromFile.notes());
            for (Authority a : fromFile.authorities()) {
                Authority given = byKey.putIfAbsent(a.key(), a);
                if (given == null) {
                    continue;
                }
                Optional<String> conflict = AuthorityParser.conflict(given, a);
                if (conflict.isPresent()) {
                    String reason = input.file + " repeats " + a.key() + " given as an argument with a different "
                            + conflict.get() + "; not merged";
                    problems.add(new LineProblem(0, a.toLine(), reason));
                    shown.print(reason + " (skipped)");
                } else {
                    notes.add(input.file + " repeats " + a.key() + " given as an argument; probed once");
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
