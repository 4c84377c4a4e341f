package dev.misdirect.cli;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ServerView;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The text form of a replay run: a header, one line per connection lane (its SNI, peer, protocol) followed by the
 * exchanges it carried in order (authority, path, status, 421s and retries marked, the server's view when known),
 * then each request's outcome, then the findings.
 */
final class ReplayText {
    private ReplayText() {
    }

    static void print(PrintWriter out, ReplayRun run) {
        ConnectionTimeline t = ConnectionTimeline.of(run.events());
        out.println("replay" + run.labScenario().map(s -> " " + s + (run.fixed() ? " (fixed)" : " (broken)")).orElse("")
                + " · policy " + run.policy() + " · 421 retry " + (run.retry421() ? "on" : "off")
                + (run.http1() ? " · HTTP/1.1 forced" : ""));
        run.through().ifPresent(via -> out.println("measured " + via.describe()));
        out.println("plan: " + run.planText());
        out.println();
        Map<Integer, ConnectionTimeline.Bar> byExchange = t.bars().stream()
                .collect(Collectors.toMap(ConnectionTimeline.Bar::exchangeId, Function.identity(), (a, b) -> a));
        Map<Integer, Integer> retriedAs = t.bars().stream().filter(b -> b.retryOf() > 0)
                .collect(Collectors.toMap(ConnectionTimeline.Bar::retryOf, ConnectionTimeline.Bar::exchangeId, (a, b) -> a));
        out.println("connections");
        if (t.lanes().isEmpty()) {
            out.println("  (none opened)");
        }
        for (ConnectionTimeline.Lane lane : t.lanes()) {
            out.println("  #" + lane.connectionId() + "  SNI " + lane.label() + "  " + lane.protocol()
                    + lane.tlsVersion().map(v -> " " + v).orElse("") + "  local port " + lane.localPort()
                    + (lane.coalesced() ? "  SHARED" : ""));
            for (ConnectionTimeline.Bar bar : t.barsOn(lane.connectionId())) {
                out.println("      " + bar(bar, retriedAs));
            }
        }
        t.bars().stream().filter(b -> t.lane(b.connectionId()).isEmpty()).forEach(b ->
                out.println("  (no connection)  " + bar(b, retriedAs)));
        out.println();
        out.println("requests");
        for (StepOutcome s : run.steps()) {
            StringBuilder sb = new StringBuilder("  " + (s.step() + 1) + ". " + s.method() + " " + s.url() + " → ");
            sb.append(s.finalStatus() > 0 ? String.valueOf(s.finalStatus()) : "no response");
            for (AttemptRecord a : s.attempts()) {
                sb.append(a == s.attempts().get(0) ? "  via " : ", then ").append("#").append(a.connectionId())
                        .append(" (").append(a.status() > 0 ? a.status() : "-")
                        .append(a.hidden() ? " hidden" : "").append(")");
            }
            s.error().ifPresent(e -> sb.append("  error: ").append(e));
            out.println(sb);
        }
        out.println();
        out.println("findings");
        if (run.findings().isEmpty()) {
            out.println("  none");
        }
        for (Finding f : run.findings()) {
            out.println("  [" + f.severity() + "] " + f.title());
            out.println("      " + f.details());
            out.println("      why: " + f.explanation());
            out.println("      fix: " + f.fix());
        }
        if (byExchange.isEmpty() && run.steps().isEmpty()) {
            out.println("  (no request was sent)");
        }
    }

    private static String bar(ConnectionTimeline.Bar bar, Map<Integer, Integer> retriedAs) {
        StringBuilder sb = new StringBuilder("x" + bar.exchangeId() + "  step " + (bar.step() + 1) + "  " + bar.method()
                + " " + bar.authority() + " " + bar.path() + "  ");
        if (bar.failed()) {
            sb.append("FAILED ").append(bar.error().orElse(""));
        } else {
            sb.append(bar.status() > 0 ? String.valueOf(bar.status()) : "no response");
        }
        if (bar.misdirected()) {
            sb.append(" MISDIRECTED");
            if (bar.hidden()) {
                sb.append(", hidden by the client's retry");
                Integer retry = retriedAs.get(bar.exchangeId());
                if (retry != null) {
                    sb.append(" → x").append(retry);
                }
            }
        }
        if (bar.retryOf() > 0) {
            sb.append("  RETRY of x").append(bar.retryOf());
        }
        bar.server().ifPresent(v -> sb.append("  | server ").append(server(v)));
        return sb.toString();
    }

    private static String server(ServerView v) {
        return v.origin() + ": SNI " + v.sni().orElse("none") + ", :authority " + v.authority() + " → " + v.status()
                + (v.reason().isBlank() ? "" : " (" + v.reason() + ")");
    }
}
