package dev.misdirect.cli;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.names.ResolveOption;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.replay.PlanSyntaxException;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
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

/** {@code misdirect replay}: replays a request plan over one connection policy and prints the connection timeline. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replay requests for real over one connection policy and show which request travelled on which",
            "connection, the 421s (also those a client hides by retrying) and what they mean.",
            "Policies: isolated (one pool per authority), coalescing (OkHttp's HTTP/2 coalescing),",
            "ip-keyed (a pool keyed by IP:port, like a buggy proxy)."
        },
        footer = {
            "",
            "Plan text: steps separated by ';' or new lines, each 'METHOD URL [@ADDR] [xN] [concurrency=N]",
            "[\"header=Name: value\"] [\"body=text\"]'. With --lab, {port} in a plan stands for the lab's port.",
            "Examples:",
            "  misdirect replay --lab tenants-wildcard --policy coalescing --no-retry-421",
            "  misdirect replay a.example b.example --policy isolated",
            "  misdirect replay --plan 'GET https://a.example/ ; GET https://b.example/ @192.0.2.7' --resolve b.example:443:192.0.2.7"
        })
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Start this lab scenario in-process, replay against it, stop it after.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: run the scenario's fixed variant.")
    boolean fixed;

    @Parameters(paramLabel = "AUTHORITY", arity = "0..*",
            description = "host[:port] (authority-line overrides allowed in one argument: 'b.example sni=a.example resolve=192.0.2.7').")
    List<String> authorities = new ArrayList<>();

    @Option(names = "--plan", paramLabel = "TEXT", description = "The request plan (default: the lab scenario's, or GET each authority then the first again).")
    String planText;

    @Option(names = "--plan-file", paramLabel = "FILE", description = "Read the plan from FILE.")
    Path planFile;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "coalescing",
            description = "isolated, coalescing or ip-keyed (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--retry-421", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Retry a 421 as real clients do, recording the hidden 421 (default); --no-retry-421 lets the raw 421 surface.")
    boolean retry421;

    @Option(names = "--http1", description = "Force HTTP/1.1 (no coalescing is possible then).")
    boolean http1;

    @Option(names = "--resolve", paramLabel = "HOST:PORT:ADDR[,ADDR]",
            description = "Use these addresses for HOST instead of DNS (like curl; applies to every port of HOST).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--cacert", paramLabel = "FILE", description = "Also trust the CA certificates in this PEM file.")
    List<Path> cacerts = new ArrayList<>();

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate chain (PEM) to offer when asked.")
    Path clientCert;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key (PEM) of --cert.")
    Path clientKey;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", converter = Ranges.TimeoutSeconds.class,
            description = "Connect and read timeout per request, in seconds, 1..600 (default: ${DEFAULT-VALUE}); a call gets three times that.")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the session document (JSON) instead of text.")
    boolean json;

    @Option(names = "--har", paramLabel = "FILE", description = "Also write the run as a HAR 1.2 file (one entry per exchange, hidden 421s included).")
    Path har;

    @Option(names = "--curl", description = "Also print each exchange as a curl command that reproduces it.")
    boolean curl;

    @Mixin
    ProxyOption proxy = new ProxyOption();

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Mixin
    ResolverOption resolverOption = new ResolverOption();

    @Mixin
    VantageOption vantage = new VantageOption();

    @Override
    public Integer call() throws Exception {
        ConnectionPolicy p = ConnectionPolicy.fromId(policy).orElseThrow(() -> new BadInputException(
                "--policy '" + policy + "' is unknown; choose one of " + ConnectionPolicy.ids()));
        if ((lab == null) == authorities.isEmpty() && planText == null && planFile == null) {
            throw new BadInputException("give either --lab SCENARIO or one or more AUTHORITY arguments (or a --plan)");
        }
        if (lab != null && !authorities.isEmpty()) {
            throw new BadInputException("--lab and AUTHORITY arguments exclude each other");
        }
        if (fixed && lab == null) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        if (planText != null && planFile != null) {
            throw new BadInputException("--plan and --plan-file exclude each other");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new BadInputException("--cert and --key go together");
        }
        if (curl && json) {
            throw new BadInputException("--curl and --json exclude each other (--json prints only the session document)");
        }
        Optional<DnsServer> dnsServer = resolverOption.server(lab != null);
        ClientOptions client = clientOptions(p);
        List<X509Certificate> cas = Targets.cas(cacerts);
        Optional<ClientCredentials> credentials = Targets.credentials(clientCert, clientKey, null, "");
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forCommand(1)) {
            Target target;
            ReplayPlan plan;
            AuthoritySet set;
            Optional<String> caPath = cacerts.stream().findFirst().map(Path::toString);
            if (lab != null) {
                RunningLab running = Targets.startLab(labs, lab, fixed);
                target = Target.lab(running);
                plan = parsePlan(userPlan().map(t -> t.replace(Scenario.PORT, Integer.toString(running.port())))
                        .orElse(running.planText()));
                caPath = Optional.of(running.caPemPath().toString());
                set = running.authoritySet();
            } else {
                List<Authority> parsed = parseAuthorities();
                target = Target.system().withPins(pins(parsed));
                client = client.withSniOverrides(sniOverrides(parsed));
                plan = userPlan().map(ReplayCommand::parsePlan).orElseGet(() -> ReplayPlan.visiting(
                        parsed.stream().map(a -> URI.create(a.origin() + a.path())).toList()));
                set = AuthoritySet.of(parsed.isEmpty() ? authoritiesOf(plan) : parsed);
            }
            target = vantage.apply(proxy.applyTo(target.withAddedCas(cas).withCredentials(credentials)
                    .withDnsServer(dnsServer)));
            Engine engine = new Engine(pools);
            ReplayRun run = Targets.await(engine.replay(target, plan, client, ReplayProgress.none()), "the replay");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Session session = Session.of("replay " + (lab != null ? lab : String.join(" ", authorities)), set,
                        Instant.now()).withLabScenario(run.labScenario()).withReplay(run)
                        .withVantage(Optional.of(engine.vantage(target)));
                out.println(secrets.codec().toJson(session));
            } else {
                ReplayText.print(out, run);
            }
            ReplayExports.write(run, plan, caPath, har, curl, secrets.redactor(), out);
            out.flush();
            if (!run.steps().isEmpty() && run.steps().stream().allMatch(s -> s.finalStatus() == 0)) {
                throw new CannotRunException("no request got a response: "
                        + run.steps().get(0).error().orElse("unknown reason"));
            }
            return ExitCode.OK;
        }
    }

    private ClientOptions clientOptions(ConnectionPolicy p) {
        Duration t = Duration.ofSeconds(timeoutSeconds);
        return ClientOptions.of(p).withRetry421(retry421).withHttp1(http1)
                .withTimeouts(new Timeouts(t, t, t.multipliedBy(3)));
    }

    /** {@code --resolve} and the authorities' own {@code resolve=}: where each host's requests go (any port). */
    private Map<String, List<String>> pins(List<Authority> parsed) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String r : resolve) {
            try {
                ResolveOption o = AuthorityParser.parseResolveOption(r);
                names.put(o.host(), o.addresses());
            } catch (AuthoritySyntaxException e) {
                throw new BadInputException("--resolve '" + r + "': " + e.reason(), e);
            }
        }
        for (Authority a : parsed) {
            if (!a.resolve().isEmpty()) {
                names.put(a.host(), a.resolve());
            }
        }
        return names;
    }

    private static Map<String, String> sniOverrides(List<Authority> parsed) {
        Map<String, String> sni = new LinkedHashMap<>();
        parsed.forEach(a -> a.sniOverride().ifPresent(s -> sni.put(a.key(), s)));
        return sni;
    }

    private List<Authority> parseAuthorities() {
        AuthoritySet set = AuthorityParser.parseLines(authorities, "argument");
        if (!set.problems().isEmpty()) {
            LineProblem p = set.problems().get(0);
            throw new BadInputException("authority '" + p.input() + "' (argument " + p.line() + "): " + p.reason());
        }
        for (Authority parsed : set.authorities()) {
            if (parsed.hostOverride().isPresent() || parsed.noSni()) {
                throw new BadInputException("authority '" + parsed.toLine() + "': replay supports resolve= and sni=NAME"
                        + " overrides, not host= or sni=none");
            }
        }
        return set.authorities();
    }

    private static List<Authority> authoritiesOf(ReplayPlan plan) {
        return plan.steps().stream().map(s -> Authority.of(s.host(), s.url().getPort() == -1 ? 443 : s.url().getPort()))
                .distinct().toList();
    }

    private Optional<String> userPlan() {
        if (planText != null) {
            return Optional.of(planText);
        }
        if (planFile != null) {
            try {
                return Optional.of(BoundedFiles.readUtf8(planFile, BoundedFiles.TEXT_FILE_BYTES, "a replay plan"));
            } catch (InputTooLargeException e) {
                throw new BadInputException("--plan-file " + e.getMessage(), e);
            } catch (CharacterCodingException e) {
                throw new BadInputException("--plan-file " + planFile + ": not UTF-8 text", e);
            } catch (IOException e) {
                throw new BadInputException("--plan-file " + planFile + ": cannot read it (" + e.getMessage() + ")", e);
            }
        }
        return Optional.empty();
    }

    private static ReplayPlan parsePlan(String text) {
        try {
            return ReplayPlan.parse(text);
        } catch (PlanSyntaxException e) {
            throw new BadInputException("plan " + e.getMessage(), e);
        }
    }
}
