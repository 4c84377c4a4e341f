package dev.misdirect.cli;

import dev.misdirect.cli.serve.ProbeModules;
import dev.misdirect.cli.serve.ProbeServer;
import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code misdirect serve}: the probe endpoint Prometheus scrapes, as it scrapes blackbox_exporter. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Answer Prometheus's probes: GET /probe?target=AUTHORITY[,AUTHORITY...]&module=NAME",
            "checks the module's expectations for the target (as 'misdirect check' does) and",
            "answers OpenMetrics: probe_success (every expectation held), certificate time",
            "left, SAN coverage, 421s, each expectation and each verified pair. GET /metrics",
            "is the endpoint's own health. Runs until stopped."
        },
        footer = {
            "",
            "Without --modules there is one module, 'default': covered, sni-host-parity and",
            "no-421-when-coalesced, 10 seconds. See docs/serve.md for the modules file and",
            "packaging/prometheus/ for a scrape configuration and alert rules.",
            "",
            "Examples:",
            "  misdirect serve --modules modules.yaml",
            "  misdirect serve --lab tenants-wildcard --listen 127.0.0.1:9421",
            "",
            "Ctrl-C (SIGINT) or SIGTERM stops it: the probes in flight are cancelled and",
            "answered, then the lab stops. Exit codes before that: 2 bad usage or modules",
            "file, 3 could not run (the address is in use, the lab could not start)."
        })
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9421",
            description = "Where to listen (default: ${DEFAULT-VALUE}); a non-loopback address needs --allow-remote.")
    String listen;

    @Option(names = "--allow-remote", description = "Allow --listen on an address other hosts can reach (the probes"
            + " then run for anyone who can connect).")
    boolean allowRemote;

    @Option(names = "--modules", paramLabel = "FILE", description = "The probe modules (YAML; see docs/serve.md).")
    Path modulesFile;

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Probe this lab scenario, started in-process: targets are its names.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: the scenario's fixed variant.")
    boolean fixed;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "4",
            description = "Probes run at once, 1..64 (default: ${DEFAULT-VALUE}); more are answered 503.")
    int maxConcurrent;

    @Mixin
    VantageOption vantage = new VantageOption();

    @Override
    public Integer call() throws Exception {
        if (fixed && lab == null) {
            throw new BadInputException("--fixed only applies with --lab");
        }
        if (maxConcurrent < 1 || maxConcurrent > 64) {
            throw new BadInputException("--max-concurrent " + maxConcurrent + ": give 1..64");
        }
        InetSocketAddress address = listenAddress(listen, allowRemote);
        Optional<String> vantageLabel = vantage.validated();
        ProbeModules modules = modulesFile == null ? ProbeModules.defaults() : readModules(modulesFile);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGINT runs the shutdown hooks: this one closes the server and waits for the command to finish its cleanup
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "misdirect-serve-shutdown");
        try (Labs labs = Labs.withDefaultCa();
             EnginePools pools = EnginePools.forServer(16, 2 * maxConcurrent)) {
            Target target = lab == null ? Target.system() : Target.lab(Targets.startLab(labs, lab, fixed));
            ProbeServer server;
            try {
                server = ProbeServer.start(new Engine(pools), target, modules,
                        new ProbeServer.Options(address, maxConcurrent, vantageLabel, Duration.ofMillis(500)));
            } catch (IOException e) {
                throw new CannotRunException("--listen " + listen + ": cannot listen: " + e.getMessage(), e);
            }
            try (server) {
                InetSocketAddress bound = server.address();
                out.println("Serving probes on http://" + HostPort.bracketed(bound.getAddress().getHostAddress()) + ":"
                        + bound.getPort() + "/probe?target=AUTHORITY&module=NAME (modules: "
                        + String.join(", ", modules.names()) + ")" + (lab == null ? "" : " against lab scenario " + lab
                        + (fixed ? " (fixed)" : "")) + "; press Ctrl-C to stop.");
                out.flush();
                Runtime.getRuntime().addShutdownHook(hook);
                stopRequested.await();
            }
            return ExitCode.OK;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // the hook is what brought us here, or the server never started
            }
        }
    }

    /** {@code ADDR:PORT} as a socket address (port 0: any free one), refused when other hosts could reach it unasked. */
    static InetSocketAddress listenAddress(String text, boolean allowRemote) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = "";
        }
        int port = -1;
        if (colon >= 0 && text.substring(colon + 1).matches("\\d{1,5}")) {
            port = Integer.parseInt(text.substring(colon + 1));
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new BadInputException("--listen '" + text + "': give ADDR:PORT, e.g. 127.0.0.1:9421 or [::1]:9421"
                    + " (port 0: any free port)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException("--listen '" + text + "': " + host + " is not an address of this host");
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new BadInputException("--listen " + text + ": " + address.getHostAddress() + " is not a loopback address;"
                    + " anyone who reaches it could make this host send probes: add --allow-remote to mean it");
        }
        return new InetSocketAddress(address, port);
    }

    private static ProbeModules readModules(Path file) {
        String text;
        try {
            text = BoundedFiles.readUtf8(file, BoundedFiles.TEXT_FILE_BYTES, "a modules file");
        } catch (NoSuchFileException e) {
            throw new BadInputException("--modules " + file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("--modules " + file + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            return ProbeModules.parse(text, file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--modules " + e.getMessage(), e);
        }
    }
}
