package dev.misdirect.bench;

import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.report.ReportEnvironment;
import dev.misdirect.core.report.ReportFormat;
import dev.misdirect.core.report.Reports;
import dev.misdirect.core.report.SampleSessions;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Report rendering cost for a large session (the sample session plus one replay of 2,000 exchanges over 20
 * connections, every 10th answered 421 and retried), against the baseline of writing the same session as JSON.
 */
public final class ReportBenchmark {
    private static final int EXCHANGES = 2_000;
    private static final int CONNECTIONS = 20;

    public String run() {
        Session session = SampleSessions.realistic().withReplay(bigRun());
        SessionCodec codec = new SessionCodec().using(Redactor.none()); // the baseline: plain JSON, no redaction
        Reports reports = new Reports(Analysis::analyse, codec);
        ReportEnvironment env = ReportEnvironment.current("bench", Instant.now());

        double json = median(() -> codec.toJson(session));
        double redact = median(() -> Redactor.secrets().deep(session));
        double html = median(() -> reports.render(session, ReportFormat.HTML, true, Optional.empty(), env));
        double md = median(() -> reports.render(session, ReportFormat.MARKDOWN, true, Optional.empty(), env));
        int jsonKb = codec.toJson(session).length() / 1024;
        int htmlKb = reports.render(session, ReportFormat.HTML, true, Optional.empty(), env).length() / 1024;

        return "## report\n\nA session with one replay of " + EXCHANGES + " exchanges on " + CONNECTIONS
                + " connections (" + session.replays().stream().mapToInt(r -> r.events().size()).sum()
                + " timeline events). Median of 7 runs after 3 warm-ups; baseline = writing the session as JSON ("
                + jsonKb + " KiB).\n\n| Operation | Median | vs. JSON |\n|---|---|---|\n"
                + row("JSON session document (baseline)", json, json)
                + row("redact the whole session", redact, json)
                + row("HTML report, redacted (" + htmlKb + " KiB)", html, json)
                + row("Markdown report, redacted", md, json);
    }

    private static String row(String what, double ms, double base) {
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.2f× |%n", what, ms, ms / base);
    }

    private static double median(Supplier<?> work) {
        for (int i = 0; i < 3; i++) {
            work.get();
        }
        double[] t = new double[7];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            work.get();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private static ReplayRun bigRun() {
        List<TimelineEvent> ev = new ArrayList<>();
        List<StepOutcome> steps = new ArrayList<>();
        long t = 0;
        for (int c = 1; c <= CONNECTIONS; c++) {
            ev.add(new TimelineEvent.ConnectionOpened(t + 500, c, "127.0.0.1", 8443, 50_000 + c,
                    Optional.of("t" + c + ".tenants.lab.test"), "h2", Optional.of("TLSv1.3"), Optional.empty(), t, t + 100, t + 500));
            t += 600;
        }
        int exchange = 1;
        for (int i = 0; i < EXCHANGES; i++) {
            int conn = i % CONNECTIONS + 1;
            String authority = "t" + ((i * 7) % CONNECTIONS + 1) + ".tenants.lab.test:8443";
            ev.add(new TimelineEvent.RequestSent(t, exchange, conn, i, 1, "GET", authority, "/item/" + i + "?token=s" + i));
            int status = i % 10 == 0 ? 421 : 200;
            ev.add(new TimelineEvent.ResponseReceived(t + 300, exchange, conn, status, "h2"));
            List<AttemptRecord> attempts = new ArrayList<>();
            attempts.add(new AttemptRecord(exchange, conn, Optional.of("t" + conn + ".tenants.lab.test"), authority, status,
                    status == 421, Optional.empty()));
            if (status == 421) {
                ev.add(new TimelineEvent.Misdirected(t + 300, exchange, conn, authority, Optional.of("t" + conn), true));
                ev.add(new TimelineEvent.RetryScheduled(t + 310, exchange, exchange + 1, "421"));
                exchange++;
                ev.add(new TimelineEvent.RequestSent(t + 320, exchange, conn, i, 2, "GET", authority, "/item/" + i));
                ev.add(new TimelineEvent.ResponseReceived(t + 600, exchange, conn, 200, "h2"));
                attempts.add(new AttemptRecord(exchange, conn, Optional.empty(), authority, 200, false, Optional.empty()));
            }
            steps.add(new StepOutcome(i, "GET", "https://" + authority + "/item/" + i, authority, 200, attempts, Optional.empty()));
            exchange++;
            t += 700;
        }
        return new ReplayRun("GET https://t1.tenants.lab.test:8443/item x" + EXCHANGES, ConnectionPolicy.COALESCING, true, false,
                Optional.of("tenants-wildcard"), false, Instant.parse("2026-11-27T14:00:00Z"), steps, ev, List.of());
    }
}
