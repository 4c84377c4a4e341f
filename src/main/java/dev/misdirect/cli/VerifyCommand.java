package dev.misdirect.cli;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Operation;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyPlan;
import dev.misdirect.core.session.VerifyProgress;
import dev.misdirect.lab.RunningLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code misdirect verify}: sends each authority's request on the others' connections and judges every shared pair. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "For every pair A, B that shares an address (or that a client would coalesce), send B's request on a",
            "connection opened for A (SNI A, :authority B) and twice on B's own connection, and compare:",
            "shared-ok (the same answer), refused-421 (a correct refusal), misrouted (any other answer: 404,",
            "another site's page, a redirect elsewhere, a reset stream; nothing retries it) or untested (with why).",
            "Only GET or HEAD, no credentials, within a request budget and a rate limit."
        },
        footer = {
            "",
            "Examples:",
            "  misdirect verify --lab sni-passthrough",
            "  misdirect verify --resolve a.example:443:192.0.2.7 --resolve b.example:443:192.0.2.7 a.example b.example",
            "  misdirect verify --dry-run --path /health -f names.txt",
            "",
            "Exit codes: 0 ran (misrouted and refused pairs are results), 2 bad usage or input (before anything is",
            "sent), 3 nothing answered at all."
        })
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityInput input = new AuthorityInput();

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Verify this lab scenario's authorities: start it in-process (its name map as DNS, its CA trusted), stop it after.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: run the scenario's fixed variant.")
    boolean fixed;

    @Option(names = "--path", paramLabel = "PATH", description = "The path every request asks for, starting with / (default: ${DEFAULT-VALUE}).")
    String path = "/";

    @Option(names = "--method", paramLabel = "GET|HEAD", description = "GET or HEAD (default: ${DEFAULT-VALUE}); nothing else is ever sent.")
    String method = "GET";

    @Option(names = "--budget", paramLabel = "N", description = "The most requests to send, 1 or more (default: ${DEFAULT-VALUE}); pairs beyond it are untested.")
    int budget = VerifyOptions.DEFAULT_BUDGET;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Requests per second at most, 0 for no limit (default: ${DEFAULT-VALUE}).")
    double rate = VerifyOptions.DEFAULT_RATE;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Ranges.TimeoutSeconds.class,
            description = "Connect and read timeout per request, in seconds, 1..600 (default: ${DEFAULT-VALUE}); a request gets three times that.")
    int timeoutSeconds = 10;

    @Option(names = "--dry-run", description = "Probe, then list the pairs and every request that would be sent; send none.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the session document (docs/session-format.md) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Mixin
    ResolverOption resolverOption = new ResolverOption();

    @Mixin
    VantageOption vantage = new VantageOption();

    @Override
    public Integer call() {
        VerifyOptions options = options();
        if (lab == null && fixed) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        if (lab != null && input.anyGiven()) {
            throw new BadInputException("--lab verifies the scenario's own authorities; do not also give authorities,"
                    + " -f or --resolve");
        }
        Optional<DnsServer> dnsServer = resolverOption.server(lab != null);
        if (dryRun && json) {
            throw new BadInputException("--dry-run and --json exclude each other (a dry run makes no session)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var cas = Targets.cas(input.caFiles);
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forCommand(16)) {
            Target target;
            AuthoritySet set;
            if (lab != null) {
                RunningLab running = Targets.startLab(labs, lab, fixed);
                target = Target.lab(running);
                set = running.authoritySet();
            } else {
                set = input.load(err);
                target = Target.system();
            }
            target = vantage.apply(input.proxy.applyTo(target.withAddedCas(cas).withDnsServer(dnsServer)));
            Engine engine = new Engine(pools);
            VerifyPlan plan = Targets.await(engine.planVerification(target, set, options), "the probe");
            if (dryRun) {
                VerifyText.printPlan(out, plan, options.method(), options.path(), options.budget());
                out.flush();
                return ExitCode.OK;
            }
            Operation<VerifyRun> op = engine.verify(target, plan, options, VerifyProgress.none());
            VerifyRun run = Targets.await(op, "the verification");
            if (json) {
                // the probe the plan was made from, and every client's prediction judged by what was measured
                Inspection verified = engine.verified(plan.probes(), run);
                Session session = Session.of("misdirect verify", set, Instant.now()).withLabScenario(target.labScenario())
                        .withProbes(plan.probes(), verified.findings())
                        .withPredictions(verified.predictions())
                        .withVerification(run).withVantage(run.vantage());
                out.println(secrets.codec().toJson(session));
            } else {
                VerifyText.print(out, run, plan);
            }
            out.flush();
            boolean anyAnswer = run.pairs().stream().flatMap(p -> java.util.stream.Stream.concat(p.own().stream(),
                    p.carried().stream())).anyMatch(dev.misdirect.core.model.PairAnswer::answered);
            if (run.requestsSent() > 0 && !anyAnswer) {
                err.println("misdirect: nothing answered: no request of any pair got a response");
                return ExitCode.CANNOT_RUN;
            }
            return ExitCode.OK;
        }
    }

    /** The options, refused with the reason before anything is started or sent. */
    private VerifyOptions options() {
        Duration t = Duration.ofSeconds(timeoutSeconds);
        try {
            return new VerifyOptions(method.toUpperCase(Locale.ROOT), path, budget, rate,
                    VerifyOptions.DEFAULT_IN_FLIGHT, new Timeouts(t, t, t.multipliedBy(3)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("verify: " + e.getMessage(), e);
        }
    }
}
