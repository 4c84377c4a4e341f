package dev.misdirect.cli;

import dev.misdirect.core.io.ImportException;
import dev.misdirect.core.io.ImportResult;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.io.ServerLog;
import dev.misdirect.core.io.ServerLogJoin;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ServerView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code misdirect import FILE [SERVER_LOG...]}: a Chrome NetLog, HAR, session or curl command as a timeline with
 * findings, with servers' logs joined to its requests; or a server's log on its own.
 */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import a Chrome NetLog, a HAR, a Misdirect session or a curl command (kind detected from the content)",
            "and print its connection timeline, findings, what the file could not tell, and a replay plan.",
            "Servers' logs given after it are joined to its requests by client port and time, so each request shows",
            "what the real server saw (SNI, Host, status and why); a server's log alone shows the server's side only."
        },
        footer = {
            "",
            "Record a NetLog: chrome://net-export (Start Logging to Disk), or start Chromium with --log-net-log=FILE.",
            "Servers' logs: Apache's error log (LogLevel ssl:info), nginx's error log at info, Caddy's JSON access log,",
            "Envoy's access log (default, Istio's, or JSON with requested_server_name), Traefik's debug log.",
            "Examples: misdirect import chrome-net-export-log.json -o session.json",
            "          misdirect import session.json /var/log/apache2/error.log"
        })
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "NetLog JSON, HAR, session JSON, a text file holding a curl command, or a server's log.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "SERVER_LOG", description = "Servers' logs to join to FILE's requests (Apache or nginx error log, Caddy, Envoy or Traefik log).")
    List<Path> serverLogs = new ArrayList<>();

    @Option(names = "--log-zone", paramLabel = "ZONE", description = "The time zone of the servers' local log times (Apache, nginx; default: this machine's).")
    String logZone;

    @Option(names = {"-o", "--output"}, paramLabel = "SESSION.json", description = "Also save the import as a session document ('-': print it on stdout, as --json).")
    Path output;

    @Option(names = "--json", description = "Print the import as a session document (JSON) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    private ZoneId zone() {
        if (logZone == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(logZone);
        } catch (DateTimeException e) {
            throw new BadInputException("--log-zone " + logZone + ": not a time zone (e.g. UTC, Europe/Berlin, +02:00)", e);
        }
    }

    @Override
    public Integer call() {
        if (output != null && output.toString().equals("-")) {
            json = true;
            output = null;
        }
        Importers importers = new Importers(zone());
        ImportResult result;
        List<ServerLog> logs = new ArrayList<>();
        try {
            result = importers.importFile(file);
            if (!serverLogs.isEmpty() && result.kind().serverLog()) {
                throw new BadInputException(file + " is " + result.kind().label() + ": give the client's capture (a "
                        + "NetLog, HAR, session or curl command) first and the servers' logs after it");
            }
            for (Path p : serverLogs) {
                logs.add(importers.serverLog(p));
            }
        } catch (ImportException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Session session = result.toSession("Import of " + result.source(), Instant.now());
        List<String> joins = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(result.findings());
        for (ServerLog log : logs) {
            ReplayRun run = session.replays().get(session.replays().size() - 1);
            ServerLogJoin.Joined joined = ServerLogJoin.join(run, log);
            findings.addAll(joined.run().findings().subList(run.findings().size(), joined.run().findings().size()));
            session = session.withLatestReplay(joined.run());
            joins.add(log.kind().label() + " " + log.source() + ": " + log.summary() + "; " + joined.matched()
                    + " joined to a request");
        }
        SessionCodec codec = secrets.codec();
        if (output != null) {
            try {
                codec.write(session, output);
            } catch (IOException e) {
                throw new CannotRunException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            out.println(codec.toJson(session));
            out.flush();
            return ExitCode.OK;
        }
        out.println(result.kind().label() + ": " + result.source()
                + result.capturedAt().map(t -> " (captured " + t + ")").orElse(""));
        out.println("Authorities: " + (result.authorities().isEmpty() ? "none"
                : String.join(", ", result.authorities().authorities().stream().map(a -> a.toLine()).toList())));
        joins.forEach(out::println);
        out.println();
        ConnectionTimeline timeline = ConnectionTimeline.of(session.replays().get(session.replays().size() - 1).events());
        if (!result.events().isEmpty()) {
            out.println(TimelineText.render(timeline, result.connectionsUnknown(), result.retriedMisdirectedUnknown()));
            out.println();
        }
        List<ConnectionTimeline.Bar> seen = timeline.bars().stream().filter(b -> b.server().isPresent()).toList();
        if (!seen.isEmpty()) {
            out.println("Server view (" + seen.size() + ")");
            for (ConnectionTimeline.Bar b : seen) {
                out.println("  x" + b.exchangeId() + " " + b.authority() + " → " + b.status() + "  | "
                        + server(b.server().orElseThrow()));
            }
            out.println();
        }
        out.println("Findings (" + findings.size() + ")");
        for (Finding f : findings) {
            out.println("  [" + f.severity() + "] " + f.title());
            out.println("      " + f.details());
            if (!f.fix().isBlank()) {
                out.println("      Fix: " + f.fix());
            }
        }
        if (!result.limitations().isEmpty()) {
            out.println();
            out.println("What the file cannot tell");
            result.limitations().forEach(l -> out.println("  - " + l));
        }
        out.println();
        out.println("Replay plan: " + (result.planText().isEmpty() ? "(no request)" : result.planText()));
        if (output != null) {
            out.println("Saved session: " + output);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String server(ServerView v) {
        return v.origin() + ": SNI " + v.sni().orElse("none") + ", Host " + (v.authority().isEmpty() ? "none" : v.authority())
                + (v.clientPort() > 0 ? ", client port " + v.clientPort() : "") + " → " + v.status()
                + (v.reason().isBlank() ? "" : " (" + v.reason() + ")");
    }
}
