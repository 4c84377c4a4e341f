package dev.misdirect.cli;

import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.check.CheckCannotRunException;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.check.ExpectationsException;
import dev.misdirect.core.check.JunitReport;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.metrics.CheckMetrics;
import dev.misdirect.core.metrics.OpenMetricsWriter;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.tls.ClientCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

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
            "  misdirect check --expect expectations.yaml --metrics /var/lib/node_exporter/misdirect.prom --vantage eu-west-1",
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

    @Option(names = "--verify", description = "Verify every shared pair first (as 'misdirect verify' does) and judge"
            + " no-421-when-coalesced by what the servers answered on each other's connections; no-misroute always does.")
    boolean verify;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
    Path junitFile;

    @Option(names = "--metrics", paramLabel = "FILE", description = "Also write the results as OpenMetrics text to FILE"
            + " (atomically, readable by all: for node_exporter's textfile collector, e.g. FILE.prom).")
    Path metricsFile;

    @Option(names = "--json", description = "Print the session document (with a finding per failed expectation) instead of text.")
    boolean json;

    @Mixin
    ProxyOption proxy = new ProxyOption();

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Mixin
    ResolverOption resolverOption = new ResolverOption();

    @Mixin
    VantageOption vantage = new VantageOption();

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
        Optional<DnsServer> dnsServer = resolverOption.server(lab != null);
        Optional<String> vantageLabel = vantage.validated();
        List<X509Certificate> cas = Targets.cas(caFiles);
        Optional<ClientCredentials> credentials = Targets.credentials(clientCert, clientKey, null, "");
        Optional<String> text = Optional.ofNullable(expectFile).map(CheckCommand::readFile);
        CheckReport report;
        Duration took;
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forCommand(8)) {
            Target target = (lab == null ? Target.system() : Target.lab(Targets.startLab(labs, lab, fixed)))
                    .withAddedCas(cas).withCredentials(credentials).withDnsServer(dnsServer);
            target = proxy.applyTo(target);
            target = vantage.apply(target);
            Expectations expectations;
            try {
                expectations = Engine.expectations(target, text, String.valueOf(expectFile));
            } catch (ExpectationsException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            long start = System.nanoTime();
            report = new Engine(pools).check(target, expectations, Duration.ofSeconds(timeoutSeconds), verify);
            took = Duration.ofNanos(System.nanoTime() - start);
        } catch (CheckCannotRunException e) {
            throw new CannotRunException(e.getMessage(), e);
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
        if (metricsFile != null) {
            writeMetrics(report, vantageLabel, took);
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

    /** The check's metrics as OpenMetrics text, written atomically and readable by all (the collector's user). */
    private void writeMetrics(CheckReport report, Optional<String> vantageLabel, Duration took) {
        OpenMetricsWriter w = new OpenMetricsWriter(OpenMetricsWriter.Format.OPENMETRICS);
        CheckMetrics.write(w, secrets.redactor().deep(report), vantageLabel, Instant.now(), took);
        try {
            AtomicFiles.writeString(metricsFile, w.finish(), AtomicFiles.READABLE_BY_ALL);
        } catch (IOException e) {
            throw new CannotRunException("--metrics " + metricsFile + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
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
}
