package dev.misdirect.cli;

import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.check.CheckCannotRunException;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.Checker;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.check.ExpectationsException;
import dev.misdirect.core.check.JunitReport;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.TlsFileException;
import dev.misdirect.core.net.ConnectionPolicy;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.probe.SystemResolver;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.tls.ChainVerifier;
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
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/** {@code misdirect check}: the CI gate. Checks an expectations file (or a lab scenario's own) against live origins. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Check what must hold for each authority: SAN coverage on every address,",
            "SNI/Host parity on every node, no 421 when requests are coalesced, no",
            "connection sharing between names per client, the status of a GET, the TLS",
            "version and the certificate's remaining days. One line per authority and",
            "expectation."
        },
        footer = {
            "",
            "The expectations file is YAML or JSON; see docs/check.md. With --lab and no",
            "--expect, the scenario's own expectations of a healthy deployment are checked",
            "against its origins, started in-process.",
            "",
            "Examples:",
            "  misdirect check --lab healthy-separate-ips",
            "  misdirect check --lab tenants-wildcard --junit check.xml",
            "  misdirect check --expect expectations.yaml --junit build/check.xml",
            "",
            "Exit codes: 0 every expectation holds, 1 some do not, 2 bad usage or",
            "expectations file (with the line and the reason), 3 could not run (nothing",
            "reachable, the lab could not start)."
        })
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--expect", paramLabel = "FILE", description = "The expectations file (YAML or JSON).")
    Path expectFile;

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Check against this lab scenario, started in-process and stopped after.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: run the scenario's fixed variant.")
    boolean fixed;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
    Path junitFile;

    @Option(names = "--json", description = "Print the session document (with a finding per failed expectation) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Option(names = "--cacert", paramLabel = "PEM", description = "Also trust the CA certificates in this PEM file (repeatable).")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate (chain) to present when a server asks "
            + "for one, in the probe and in every request; needs --key.")
    Path clientCert;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key of --cert (PKCS#8, or EC/RSA PEM, unencrypted).")
    Path clientKey;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", converter = Ranges.TimeoutSeconds.class,
            description = "Connect, TLS and read timeout per address or request, in seconds, 1..600 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (expectFile == null && lab == null) {
            throw new BadInputException("give --expect FILE, or --lab SCENARIO to check a lab scenario's own expectations");
        }
        if (fixed && lab == null) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        List<X509Certificate> cas = readCas();
        credentials = clientCredentials();
        String text = expectFile == null ? null : readFile(expectFile);
        if (lab == null) {
            Expectations expectations = parse(text, UnaryOperator.identity());
            return run(expectations, new SystemSetup(cas));
        }
        Scenario scenario = Scenarios.find(lab).orElseThrow(() -> new BadInputException("--lab '" + lab
                + "' is not a lab scenario; known: " + String.join(", ", Scenarios.ids())));
        try (RunningLab running = new Lab(LabCa.openDefault()).start(scenario, fixed)) {
            Expectations expectations = text == null ? LabExpectations.healthy(running)
                    : parse(text, LabExpectations.placement(running));
            return run(expectations, new LabSetup(running, cas));
        } catch (LabStartException e) {
            throw new CannotRunException(e.getMessage(), e);
        }
    }

    private Optional<ClientCredentials> credentials = Optional.empty();

    private Optional<ClientCredentials> clientCredentials() {
        if (clientCert == null && clientKey == null) {
            return Optional.empty();
        }
        if (clientCert == null || clientKey == null) {
            throw new BadInputException(clientCert == null ? "--key needs --cert" : "--cert needs --key");
        }
        try {
            return Optional.of(ClientCredentials.fromPem(clientCert, clientKey));
        } catch (TlsFileException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private int run(Expectations expectations, Setup setup) throws InterruptedException {
        Duration t = Duration.ofSeconds(timeoutSeconds);
        ProbeOptions probeOptions = ProbeOptions.defaults().withConnectTimeout(t).withTlsTimeout(t).withDnsTimeout(t)
                .withClientCredentials(credentials);
        ExecutorService probePool = Prober.newExecutor(8);
        ExecutorService dnsPool = Prober.newDnsExecutor();
        ExecutorService replayPool = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "misdirect-check-replay");
            th.setDaemon(true);
            return th;
        });
        CheckReport report;
        try {
            ClientOptions client = ClientOptions.of(ConnectionPolicy.ISOLATED)
                    .withTimeouts(new Timeouts(t, t, t.multipliedBy(3)))
                    .withClientIdentity(credentials.map(ClientCredentials::keyManager));
            Prober prober = new Prober(probePool, setup.resolver(dnsPool), setup.verifier());
            Checker checker = new Checker(prober, probeOptions, new ReplayEngine(replayPool), setup.replay(client),
                    Clock.systemUTC());
            report = checker.check(expectations);
        } catch (CheckCannotRunException e) {
            throw new CannotRunException(e.getMessage(), e);
        } finally {
            probePool.shutdownNow();
            dnsPool.shutdownNow();
            replayPool.shutdownNow();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(secrets.codec().toJson(report.session()));
        } else {
            CheckText.print(out, report);
        }
        out.flush();
        if (junitFile != null) {
            writeJunit(report);
        }
        return report.allPassed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** The JUnit XML of the (redacted) report, written atomically and readable by the owner only, like sessions. */
    private void writeJunit(CheckReport report) {
        try {
            AtomicFiles.writeString(junitFile, JunitReport.toXml(secrets.redactor().deep(report), hostname(),
                    report.session().createdAt()));
        } catch (IOException e) {
            throw new CannotRunException("--junit " + junitFile + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private Expectations parse(String text, UnaryOperator<Authority> placement) {
        try {
            return Expectations.parse(text, expectFile.toString(), placement);
        } catch (ExpectationsException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private List<X509Certificate> readCas() {
        try {
            return PemFiles.readCaFiles(caFiles);
        } catch (TlsFileException e) {
            throw new BadInputException("--cacert " + e.getMessage(), e);
        }
    }

    private static String readFile(Path f) {
        try {
            return BoundedFiles.readUtf8(f, BoundedFiles.TEXT_FILE_BYTES, "an expectations file");
        } catch (NoSuchFileException e) {
            throw new BadInputException("--expect " + f + ": no such file");
        } catch (InputTooLargeException e) {
            throw new BadInputException("--expect " + e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new BadInputException("--expect " + f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException("--expect " + f + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Where names resolve, which CAs are trusted, and how requests are sent. */
    private interface Setup {
        Resolver resolver(ExecutorService dnsPool);

        ChainVerifier verifier();

        ReplayOptions replay(ClientOptions client);
    }

    private record SystemSetup(List<X509Certificate> cas) implements Setup {
        @Override
        public Resolver resolver(ExecutorService dnsPool) {
            return new SystemResolver(dnsPool);
        }

        @Override
        public ChainVerifier verifier() {
            return ChainVerifier.withJdkTrustStore(cas);
        }

        @Override
        public ReplayOptions replay(ClientOptions client) {
            return ReplayOptions.of(cas.isEmpty() ? client : client.withTrust(cas, true));
        }
    }

    private record LabSetup(RunningLab running, List<X509Certificate> cas) implements Setup {
        @Override
        public Resolver resolver(ExecutorService dnsPool) {
            return new MapResolver(running.nameMap(), "lab name map");
        }

        @Override
        public ChainVerifier verifier() {
            List<X509Certificate> all = new ArrayList<>(cas);
            all.add(running.caCertificate());
            return ChainVerifier.trusting(all);
        }

        @Override
        public ReplayOptions replay(ClientOptions client) {
            return LabReplay.options(running, client.withTrust(cas, false));
        }
    }
}
