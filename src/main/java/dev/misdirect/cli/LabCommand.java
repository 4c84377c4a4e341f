package dev.misdirect.cli;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.FixComparison;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Operation;
import dev.misdirect.core.session.Playbook;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.LabOptions;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.RunningOrigin;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.lab.ServerLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** {@code misdirect lab}: the embedded loopback lab. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run the embedded lab: loopback HTTPS/h2 origins that reproduce each cause of 421.",
        subcommands = {LabCommand.ListScenarios.class, LabCommand.Start.class, LabCommand.Reproduce.class,
                LabCommand.TryFix.class})
public final class LabCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Consumer<Runnable> whenRunning;

    /** The command as the CLI registers it: {@code lab start} runs until the process is interrupted. */
    public LabCommand() {
        this(stop -> {
        });
    }

    /**
     * @param whenRunning called on the command's thread once {@code lab start} has printed everything, with the
     *                    action that stops the labs (tests stop it there; Ctrl-C stops it otherwise)
     */
    LabCommand(Consumer<Runnable> whenRunning) {
        this.whenRunning = whenRunning;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing sub-command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the lab scenarios.")
    static final class ListScenarios implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int width = Scenarios.ids().stream().mapToInt(String::length).max().orElse(0);
            for (Scenario s : Scenarios.all()) {
                out.printf("%-" + width + "s  %s%n", s.id(), s.title());
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start lab scenarios on loopback and print how to reach them; runs until Ctrl-C.",
                    "Each request the lab serves is logged to stderr with its SNI and authority."})
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        LabCommand parent;

        @Parameters(paramLabel = "SCENARIO", arity = "0..*",
                description = "Scenario ids (default: tenants-wildcard); see 'misdirect lab list'.")
        List<String> scenarios = new ArrayList<>();

        @Option(names = "--fixed", description = "Run each scenario's fixed variant.")
        boolean fixed;

        @Option(names = "--port", paramLabel = "N", converter = Ranges.Port.class,
                description = "Port for the first scenario (the next ones use N+1, ...); default: free ports.")
        Integer port;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Scenario> chosen = new ArrayList<>();
            for (String id : scenarios.isEmpty() ? List.of("tenants-wildcard") : scenarios) {
                chosen.add(Scenarios.find(id).orElseThrow(() -> new BadInputException("unknown lab scenario '" + id
                        + "'; known: " + String.join(", ", Scenarios.ids()))));
            }
            if (port != null && (port < 1 || port + chosen.size() - 1 > 65535)) {
                throw new BadInputException("--port " + port + " is outside 1..65535");
            }
            Lab lab = new Lab(LabCa.openDefault());
            List<RunningLab> running = new ArrayList<>();
            List<ServerLog.Subscription> subscriptions = new ArrayList<>();
            CompletableFuture<Void> stop = new CompletableFuture<>();
            Thread hook = new Thread(() -> stop.complete(null), "misdirect-lab-shutdown");
            try {
                for (int i = 0; i < chosen.size(); i++) {
                    LabOptions options = LabOptions.defaults().withFixed(fixed);
                    if (port != null) {
                        options = options.withPort(port + i);
                    }
                    try {
                        RunningLab r = lab.start(chosen.get(i), options);
                        running.add(r);
                        subscriptions.add(r.subscribe(entry -> {
                            err.println("lab " + r.scenario().id() + ": " + entry.toLogLine());
                            err.flush();
                        }));
                    } catch (LabStartException e) {
                        throw new CannotRunException(e.getMessage(), e);
                    }
                }
                running.forEach(r -> describe(out, r));
                out.println("Running; press Ctrl-C to stop.");
                out.flush();
                Runtime.getRuntime().addShutdownHook(hook);
                whenRunningThen(stop);
                try {
                    stop.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
                return ExitCode.OK;
            } finally {
                subscriptions.forEach(ServerLog.Subscription::close);
                running.forEach(RunningLab::close);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what brought us here
                }
            }
        }

        private void whenRunningThen(CompletableFuture<Void> stop) {
            parent.whenRunning.accept(() -> stop.complete(null));
        }

        private static void describe(PrintWriter out, RunningLab lab) {
            Scenario s = lab.scenario();
            int port = lab.port();
            String ca = shellQuote(lab.caPemPath().toString());
            out.println("== " + s.id() + (lab.fixed() ? " (fixed)" : "") + ": " + s.title());
            out.println(s.narrative());
            out.println("Origins:");
            for (RunningOrigin o : lab.origins()) {
                out.println("  " + o.name() + " (" + o.role().name().toLowerCase(java.util.Locale.ROOT) + ")  "
                        + o.endpoint() + "  " + String.join(", ", o.serverNames()));
            }
            out.println("Authority set:");
            for (Authority a : lab.authoritySet().authorities()) {
                out.println("  " + a.toLine());
            }
            out.println("Name map as curl options:");
            out.println("  " + lab.nameMap().entrySet().stream()
                    .map(e -> "--resolve " + e.getKey() + ":" + port + ":" + String.join(",", e.getValue()))
                    .collect(Collectors.joining(" ")));
            out.println("CA certificate: " + lab.caPemPath());
            out.println("Replay plan: " + lab.planText());
            out.println("Try (in this order):");
            for (Scenario.Demo d : lab.variant().demos()) {
                String expect = d.expectedStatus() == 0 ? "a certificate name mismatch (curl exit 60)"
                        : Integer.toString(d.expectedStatus());
                out.println("  # " + d.label() + " -> " + expect);
                String hostHeader = d.host().equals(d.sni()) ? "" : " -H 'Host: " + d.host() + ":" + port + "'";
                out.println("  curl -sS --http2 --cacert " + ca + " --resolve " + d.sni() + ":" + port + ":"
                        + d.address() + hostHeader + " https://" + d.sni() + ":" + port + "/");
            }
            out.println("Fix: " + s.fix());
            out.println();
        }

        private static String shellQuote(String s) {
            return s.matches("[A-Za-z0-9_./:-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
        }
    }

    @Command(name = "reproduce", mixinStandardHelpOptions = true,
            description = {"Reproduce a scenario's 421 on loopback and show the run.",
                    "Starts the scenario, replays its plan under the policy that shows the 421 (the client's 421",
                    "retry on, so the hidden 421 and the retry show) and stops it. The workbench's",
                    "\"Reproduce the 421\" does the same."})
    static final class Reproduce implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SCENARIO", description = "Scenario id; see 'misdirect lab list'.")
        String scenario;

        @Option(names = "--json", description = "Print the session document (JSON) instead of text.")
        boolean json;

        @Mixin
        IncludeSecrets secrets = new IncludeSecrets();

        @Override
        public Integer call() {
            known(scenario);
            try (Labs labs = Labs.withDefaultCa()) {
                ReplayRun run = onLab(labs, (engine, l) -> engine.reproduce(l, scenario, ReplayProgress.none()),
                        "the replay");
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    RunningLab lab = labs.current().orElseThrow();
                    out.println(secrets.codec().toJson(Session.of("lab reproduce " + scenario,
                            lab.authoritySet(), Instant.now()).withLabScenario(Optional.of(scenario)).withReplay(run)));
                } else {
                    ReplayText.print(out, run);
                    out.println("Reproduced: " + FixComparison.problemText(run) + " under the " + run.policy()
                            + " policy.");
                }
                out.flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "try-fix", mixinStandardHelpOptions = true,
            description = {"Try a scenario's fix: the run before it and the run after it.",
                    "Reproduces the 421, then replays the same plan with the fix (its fixed servers, or one",
                    "connection pool per authority, whichever its data says removes the 421) and shows both",
                    "runs. The workbench's \"Try the fix\" does the same. Exit code 0 when the fix removes",
                    "every 421 and every misrouted answer, 1 when it does not."})
    static final class TryFix implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SCENARIO", description = "Scenario id; see 'misdirect lab list'.")
        String scenario;

        @Override
        public Integer call() {
            known(scenario);
            try (Labs labs = Labs.withDefaultCa()) {
                FixComparison c = onLab(labs, (engine, l) -> engine.tryFix(l, scenario, ReplayProgress.none()),
                        "trying the fix");
                PrintWriter out = spec.commandLine().getOut();
                out.println("== Before: the broken servers, " + c.playbook().reproducePolicy() + " policy");
                ReplayText.print(out, c.before());
                out.println();
                Playbook.Fix fix = c.playbook().fix();
                out.println("== After: " + fix.explanation());
                c.after().ifPresent(a -> ReplayText.print(out, a));
                out.println();
                // a scenario that misroutes shows no 421 at all: its misrouted answers count as much as 421s
                boolean misroutes = c.before().misroutedCount() > 0;
                String problem = misroutes ? "the misrouted answers" : "the 421";
                out.println("Fix tried: " + FixComparison.problemText(c.before()) + " before, "
                        + c.after().map(a -> FixComparison.problemText(a) + " after").orElse("no run after") + " — "
                        + (c.fixRemovesTheProblem() ? "the fix removes " + problem + "."
                        : problem + (misroutes ? " are" : " is") + " not gone."));
                out.flush();
                return c.fixRemovesTheProblem() ? ExitCode.OK : ExitCode.CHECK_FAILED;
            }
        }
    }

    /** A use case that starts a lab scenario in {@code labs} and runs on it. */
    private interface LabUseCase<T> {
        Operation<T> start(Engine engine, Labs labs) throws LabStartException;
    }

    /** Runs the use case on an engine of this command's own and waits for it; a lab that cannot start ends in exit 3. */
    private static <T> T onLab(Labs labs, LabUseCase<T> useCase, String what) {
        try (EnginePools pools = EnginePools.forCommand(1)) {
            return Targets.await(useCase.start(new Engine(pools), labs), what);
        } catch (LabStartException e) {
            throw new CannotRunException(e.getMessage(), e);
        }
    }

    /** The id when it names a scenario; otherwise bad input naming the known ones. */
    private static String known(String id) {
        try {
            return Labs.scenario(id).id();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown lab scenario " + e.getMessage(), e);
        }
    }
}
