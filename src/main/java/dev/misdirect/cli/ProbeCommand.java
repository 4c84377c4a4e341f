package dev.misdirect.cli;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Resolver;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.TlsStack;
import dev.misdirect.lab.RunningLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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

    @Option(names = "--tls-settings", description = "Also learn, per name and address, which of TLS 1.2 and 1.3, which of "
            + "8 common TLS 1.2 cipher suites and which ALPN protocols the server accepts (one handshake per choice, never "
            + "a client certificate), and whether it requests or requires a client certificate: at most 10 + the ALPN "
            + "protocols offered (12 by default) more ClientHellos per name and address, one at a time, each with the "
            + "timeouts above. Names on one address that differ are a finding.")
    boolean tlsSettings;

    @Option(names = "--tls-provider", paramLabel = "conscrypt|jdk",
            description = "The TLS implementation that makes the handshakes: conscrypt (BoringSSL, Chromium's TLS library; the default where it runs) or jdk (the JDK's SunJSSE, what Java clients use).")
    String tlsProvider;

    @Option(names = "--alt-svc", description = "Also send one HEAD / per authority on its own connection (no credentials) "
            + "and show the Alt-Svc header of the answer: HTTP/3 advertised there counts for chromium-h3.")
    boolean altSvc;

    @Option(names = "--json", description = "Print the session document (docs/session-format.md) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Mixin
    ResolverOption resolverOption = new ResolverOption();

    @Mixin
    VantageOption vantage = new VantageOption();

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
        if (lab == null && fixed) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        if (lab != null && input.anyGiven()) {
            throw new BadInputException("--lab probes the scenario's own authorities; do not also give authorities,"
                    + " -f or --resolve");
        }
        Optional<DnsServer> dnsServer = resolverOption.server(lab != null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Probed probed = probe(input, Optional.ofNullable(lab), fixed,
                Targets.credentials(certFile, keyFile, pkcs12File, pkcs12Password), options(),
                Optional.ofNullable(resolverFactory), dnsServer, altSvc, vantage, err);
        List<ProbeResult> results = probed.inspection().results();
        if (json) {
            Session session = Session.of("misdirect probe", probed.set(), clock.get())
                    .withLabScenario(probed.labScenario()).withProbes(results, probed.inspection().findings())
                    .withVantage(probed.inspection().vantage());
            out.println(secrets.codec().toJson(session));
        } else {
            ProbeText.print(out, probed.inspection());
        }
        out.flush();
        if (!anyReachable(results)) {
            err.println("misdirect: nothing was reachable: no address of any authority accepted a TCP connection");
            return ExitCode.CANNOT_RUN;
        }
        return ExitCode.OK;
    }

    /**
     * What a probe found.
     *
     * @param set         the authorities probed
     * @param labScenario the lab scenario they belong to, when any
     * @param inspection  the results and their analysis, the clients' view included
     */
    record Probed(AuthoritySet set, Optional<String> labScenario, Inspection inspection) {
    }

    /**
     * Probes what the options name: with {@code lab}, the scenario's own authorities on the scenario started
     * in-process (stopped after); otherwise the arguments and file lines of {@code input}, bad ones reported on
     * {@code err}. {@code probe} and {@code predict} both probe through here, so they probe alike. Names are asked of
     * {@code dnsServer} when one is given ({@code --resolver}); with {@code altSvc}, each authority is then asked for
     * its Alt-Svc header ({@code --alt-svc}).
     */
    static Probed probe(AuthorityInput input, Optional<String> lab, boolean fixed,
                        Optional<ClientCredentials> credentials, ProbeOptions options,
                        Optional<Supplier<Resolver>> resolver, Optional<DnsServer> dnsServer, boolean altSvc,
                        VantageOption vantage, PrintWriter err) {
        List<X509Certificate> cas = Targets.cas(input.caFiles);
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forCommand(options.concurrency())) {
            Target target;
            AuthoritySet set;
            if (lab.isPresent()) {
                RunningLab running = Targets.startLab(labs, lab.get(), fixed);
                target = Target.lab(running);
                set = running.authoritySet();
            } else {
                set = input.load(err);
                target = Target.system();
            }
            target = vantage.apply(input.proxy.applyTo(target.withAddedCas(cas).withCredentials(credentials)
                    .withDnsServer(dnsServer)));
            if (resolver.isPresent()) {
                target = target.withResolver(resolver.get().get());
            }
            Engine engine = new Engine(pools);
            Inspection inspection = Targets.await(engine.probe(target, set, options, ProbeListener.none()), "the probe");
            if (altSvc) {
                inspection = engine.inspect(Targets.await(engine.altSvc(target, inspection.results(), new Timeouts(
                        options.connectTimeout(), options.tlsTimeout(), options.connectTimeout().plus(
                        options.tlsTimeout().multipliedBy(2)))), "the Alt-Svc requests"))
                        .withVantage(inspection.vantage());
            }
            return new Probed(set, target.labScenario(), inspection);
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
                .withTlsSettings(tlsSettings)
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


}
