package dev.misdirect.core.report;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.vantage.VantageMatrix;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a {@link ReportInput} as Markdown for a ticket: summary, findings, tables and a fenced text timeline
 * per replay. Markup characters from the session are escaped ({@code <}, {@code >}, {@code |} in tables), and
 * fenced blocks use a fence longer than any backtick run inside them. Pure and thread-safe.
 */
public final class MarkdownReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MarkdownReport() {
    }

    public static String render(ReportInput in) {
        Session s = in.session();
        StringBuilder m = new StringBuilder(16 * 1024);
        m.append("# ").append(text(s.title().isBlank() ? "Untitled session" : s.title())).append("\n\n");
        m.append("_Misdirect report · session created ").append(TIME.format(s.createdAt())).append(" · generated ")
                .append(TIME.format(in.environment().generatedAt()));
        s.labScenario().ifPresent(l -> m.append(" · lab scenario ").append(text(l)));
        m.append(" · ").append(in.redacted() ? "secrets redacted" : "NOT redacted: may contain credentials").append("_\n\n");

        HtmlReport.Verdict v = HtmlReport.verdict(in);
        m.append("**").append(v.icon()).append(' ').append(v.word()).append(":** ").append(text(v.text())).append("\n\n");
        m.append("| Authorities | Handshakes | Replays | 421 responses | Hidden retries |\n|---|---|---|---|---|\n| ")
                .append(s.authoritySet().authorities().size()).append(" | ")
                .append(s.probes().stream().mapToLong(p -> p.handshakes().size()).sum()).append(" | ")
                .append(s.replays().size()).append(" | ").append(in.misdirectedCount()).append(" | ")
                .append(in.hiddenRetryCount()).append(" |\n\n");

        findings(m, in.allFindings());
        vantages(m, s);
        handshakes(m, s);
        dns(m, s);
        tlsSettings(m, TlsSettingsTable.of(s));
        coverage(m, in);
        predictions(m, s.predictions());
        verifications(m, s.verifications());
        for (int i = 0; i < s.replays().size(); i++) {
            replay(m, i + 1, s.replays().get(i));
        }
        if (!s.notes().isBlank()) {
            m.append("## Notes\n\n").append(fence(s.notes(), "text")).append('\n');
        }
        ReportEnvironment e = in.environment();
        m.append("## Environment\n\n| | |\n|---|---|\n| Misdirect | ").append(cell(e.appVersion())).append(" |\n| Java | ")
                .append(cell(e.java())).append(" |\n| Operating system | ").append(cell(e.os())).append(" |\n| Generated | ")
                .append(TIME.format(e.generatedAt())).append(" |\n| Session format | version ").append(s.formatVersion())
                .append(" |\n");
        return m.toString();
    }

    private static void findings(StringBuilder m, List<Finding> all) {
        m.append("## Findings\n\n");
        if (all.isEmpty()) {
            m.append("No findings.\n\n");
        }
        for (Severity sev : new Severity[] {Severity.PROBLEM, Severity.WARNING, Severity.INFO}) {
            for (Finding f : all.stream().filter(f -> f.severity() == sev).toList()) {
                m.append("### ").append(Severities.icon(sev)).append(' ').append(Severities.word(sev)).append(": ")
                        .append(text(f.title())).append("\n\n");
                m.append("- **Cause family:** ").append(HtmlReport.causeWords(f)).append('\n');
                m.append("- **Details:** ").append(text(f.details())).append('\n');
                m.append("- **Cause:** ").append(text(f.explanation())).append('\n');
                m.append("- **Fix:** ").append(text(f.fix())).append('\n');
                if (!f.authorities().isEmpty()) {
                    m.append("- **Authorities:** ").append(f.authorities().stream().map(MarkdownReport::code)
                            .collect(Collectors.joining(", "))).append('\n');
                }
                m.append('\n');
            }
        }
    }

    private static void handshakes(StringBuilder m, Session s) {
        m.append("## Handshakes\n\n");
        if (s.probes().isEmpty()) {
            m.append("No probe results.\n\n");
            return;
        }
        s.probes().stream().flatMap(p -> p.through().stream()).distinct().forEach(t ->
                m.append("Measured ").append(text(t.describe())).append(".\n\n"));
        m.append("| Authority | Address | SNI sent | Outcome | TLS | ALPN | Leaf certificate | Verdict | Client cert |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (ProbeResult p : s.probes()) {
            if (p.handshakes().isEmpty()) {
                m.append("| ").append(code(p.authority().key())).append(" | — | — | ✘ ")
                        .append(cell(p.dnsError().orElse("no address"))).append(" | | | | | |\n");
            }
            for (Handshake h : p.handshakes()) {
                m.append("| ").append(code(h.authorityKey())).append(" | ").append(code(h.endpoint().toString())).append(" | ")
                        .append(cell(h.sniSent().orElse("(none)"))).append(" | ").append(h.completed() ? "✔ " : "✘ ")
                        .append(cell(h.message())).append(" | ").append(cell(h.tlsVersion().orElse("—"))).append(" | ")
                        .append(cell(h.alpn().orElse("—"))).append(" | ")
                        .append(cell(h.leaf().map(c -> c.shortLabel() + "; " + HtmlReport.sans(c)).orElse("—"))).append(" | ")
                        .append(h.verdict() == dev.misdirect.core.model.TrustVerdict.TRUSTED ? "✔ " : "✘ ")
                        .append(cell(h.verdict().name().toLowerCase(Locale.ROOT) + ": " + h.verdictReason())).append(" | ")
                        .append(h.clientCertRequested() ? "requested" : "no").append(" |\n");
            }
        }
        m.append('\n');
    }

    private static void dns(StringBuilder m, Session s) {
        if (!HtmlReport.hasDns(s)) {
            return;
        }
        m.append("## DNS\n\nHTTPS records (RFC 9460) as the named DNS source served them, and the Alt-Svc header of "
                + "one HEAD request where the probe was asked to send one.\n\n"
                + "| Authority | Name asked | HTTPS records | HTTP/3 | From | Alt-Svc |\n|---|---|---|---|---|---|\n");
        for (ProbeResult p : s.probes()) {
            m.append("| ").append(code(p.authority().key())).append(" | ")
                    .append(p.httpsRecords().map(r -> code(r.queriedName())).orElse("—")).append(" | ")
                    .append(cell(HtmlReport.recordsText(p))).append(" | ").append(cell(HtmlReport.h3Cell(p))).append(" | ")
                    .append(cell(p.httpsRecords().map(r -> r.source()).orElse("—"))).append(" | ")
                    .append(cell(HtmlReport.altSvcText(p))).append(" |\n");
        }
        m.append('\n');
    }

    /** The TLS settings per name, when the settings pass ran; a value that differs on its address is marked ⚠. */
    private static void tlsSettings(StringBuilder m, TlsSettingsTable t) {
        if (t.isEmpty()) {
            return;
        }
        m.append("## TLS settings per name\n\n").append(t.anyDifference()
                ? "⚠ marks a value that differs from another name on the same address.\n\n" : "")
                .append("| Authority | Address | Versions | TLS 1.2 suites | Client certificate | ALPN |\n")
                .append("|---|---|---|---|---|---|\n");
        for (TlsSettingsTable.Row r : t.rows()) {
            m.append("| ").append(code(r.authority())).append(" | ").append(code(r.address()));
            for (TlsSettingsTable.Column c : TlsSettingsTable.Column.values()) {
                m.append(" | ").append(r.differs().contains(c) ? "⚠ **" + cell(r.value(c)) + "**" : cell(r.value(c)));
            }
            m.append(" |\n");
        }
        m.append("\nSuites: ").append(cell(TlsSettingsTable.suiteLegend())).append("\n\n");
    }

    private static void coverage(StringBuilder m, ReportInput in) {
        m.append("## SAN coverage\n\n");
        List<CertificateInfo> certs = in.coverage().certificates();
        if (certs.isEmpty()) {
            m.append("No certificates were served.\n\n");
        } else {
            m.append("| Authority |");
            for (CertificateInfo c : certs) {
                m.append(' ').append(cell(c.shortLabel())).append(" |");
            }
            m.append("\n|---|").append("---|".repeat(certs.size())).append('\n');
            for (String key : in.coverage().authorityKeys()) {
                m.append("| ").append(code(key)).append(" |");
                for (CertificateInfo c : certs) {
                    Optional<CoverageCell> cell = in.coverage().cell(key, c.sha256Fingerprint());
                    m.append(' ').append(cell.map(cc -> (cc.covered() ? "✔ " : "✘ ") + cell(cc.reason())
                            + (cc.servedToAuthority() ? " (served)" : "")).orElse("—")).append(" |");
                }
                m.append('\n');
            }
            m.append('\n');
        }
        for (OverlapGroup g : in.overlaps()) {
            m.append("- ").append(code(g.endpoint().toString())).append(" is shared by ")
                    .append(g.authorityKeys().stream().map(MarkdownReport::code).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (!in.overlaps().isEmpty()) {
            m.append('\n');
        }
    }

    private static void predictions(StringBuilder m, List<CoalescingPrediction> predictions) {
        m.append("## Coalescing prediction\n\n");
        if (predictions.isEmpty()) {
            m.append("No prediction.\n\n");
            return;
        }
        m.append("| Client | Would share one connection | 421 risk | On a 421 |\n|---|---|---|---|\n");
        // clients that decide alike are one row
        for (ClientGroups.ClientGroup p : ClientGroups.of(predictions)) {
            String groups = p.groups().isEmpty() ? "no sharing"
                    : p.groups().stream().map(g -> g.stream().map(MarkdownReport::code).collect(Collectors.joining(" + ")))
                    .collect(Collectors.joining("; "));
            String risk = p.risky().isEmpty() ? "✔ none" : p.risky().stream().map(d -> HtmlReport.riskWord(d)
                    + ": " + code(d.second()) + " on " + code(d.first()) + " (" + cell(d.riskReason()) + ")")
                    .collect(Collectors.joining("; "));
            m.append("| ").append(cell(p.clients())).append(" | ").append(groups).append(" | ").append(risk).append(" | ")
                    .append(cell(String.join("; ", p.onMisdirected()))).append(" |\n");
        }
        m.append('\n');
    }

    /** Each verify run: one row per pair measured, worst first, with what differed. */
    /** A merged session's vantages and the vantage × authority matrix, a differing cell in bold with ✘. */
    private static void vantages(StringBuilder m, Session s) {
        if (!s.merged()) {
            return;
        }
        m.append("## Vantage points\n\n").append(s.vantages().size()).append(" vantages merged; the handshakes and SAN"
                + " coverage below are what ").append(text(s.vantages().get(0).name())).append(" saw.\n\n");
        m.append("| Vantage | Host | Resolver | Egress | Time |\n|---|---|---|---|---|\n");
        s.vantages().forEach(v -> m.append("| ").append(cell(v.name())).append(" | ").append(cell(v.vantage().host()))
                .append(" | ").append(cell(v.vantage().resolver())).append(" | ").append(code(v.vantage().egressText()))
                .append(" | ").append(TIME.format(v.vantage().at())).append(" |\n"));
        VantageMatrix matrix = VantageMatrix.of(s.vantages());
        m.append("\n| Authority | ").append(matrix.vantages().stream().map(MarkdownReport::cell)
                .collect(Collectors.joining(" | "))).append(" |\n|---|")
                .append("---|".repeat(matrix.vantages().size())).append('\n');
        for (int row = 0; row < matrix.authorities().size(); row++) {
            m.append("| ").append(code(matrix.authorities().get(row)));
            for (VantageMatrix.Cell c : matrix.cells().get(row)) {
                String text = !c.probed() ? "not probed" : cell(c.addresses()) + " · " + code(c.certificate()) + " · "
                        + cell(c.verdict());
                m.append(" | ").append(c.differs() ? "✘ **" + text + "** (" + cell(c.what()) + ")" : text);
            }
            m.append(" |\n");
        }
        m.append('\n');
    }

    private static void verifications(StringBuilder m, List<VerifyRun> runs) {
        for (VerifyRun run : runs) {
            m.append("## Verified pairs: ").append(text(run.method())).append(' ').append(code(run.path())).append("\n\n");
            m.append(java.util.Arrays.stream(PairVerdict.values()).map(v -> run.count(v) + " " + v.id())
                    .collect(Collectors.joining(" · "))).append(" · ").append(run.requestsSent()).append(" requests\n\n");
            m.append("| Verdict | Request of | On the connection of | Address | What differed |\n|---|---|---|---|---|\n");
            run.pairs().stream().sorted(java.util.Comparator.comparingInt((PairVerification p) -> -p.verdict().badness()))
                    .forEach(p -> m.append("| ").append(switch (p.verdict()) {
                        case SHARED_OK -> "✔ shared-ok";
                        case REFUSED_421 -> "⚠ refused-421";
                        case MISROUTED -> "✘ misrouted";
                        case UNTESTED -> "? untested";
                    }).append(" | ").append(code(p.passenger())).append(" | ").append(code(p.carrier())).append(" | ")
                            .append(code(p.address())).append(" | ")
                            .append(cell(p.differences().isEmpty() ? p.reason() : String.join("; ", p.differences())))
                            .append(" |\n"));
            m.append('\n');
        }
    }

    private static void replay(StringBuilder m, int n, ReplayRun r) {
        m.append("## Replay ").append(n).append(": ").append(text(r.policy().id())).append(" policy\n\n");
        m.append("421 retry ").append(r.retry421() ? "on" : "off").append(" · ").append(r.http1() ? "HTTP/1.1 forced" : "HTTP/2 allowed")
                .append(" · started ").append(TIME.format(r.startedAt()));
        r.labScenario().ifPresent(l -> m.append(" · lab scenario ").append(text(l)).append(r.fixed() ? " (fixed variant)" : ""));
        r.through().ifPresent(t -> m.append(" · measured ").append(text(t.describe())));
        m.append("\n\n").append(fence(r.planText(), "text")).append('\n');
        m.append("| # | Request | Attempts | Caller saw |\n|---|---|---|---|\n");
        for (StepOutcome st : r.steps()) {
            m.append("| ").append(st.step() + 1).append(" | ").append(code(st.method() + " " + st.url())).append(" | ");
            m.append(st.attempts().stream().map(MarkdownReport::attempt).collect(Collectors.joining("; "))).append(" | ")
                    .append(st.error().map(e -> "✘ " + cell(e)).orElse(status(st.finalStatus()))).append(" |\n");
        }
        m.append('\n');
        ConnectionTimeline t = ConnectionTimeline.of(r.events());
        m.append("Connection timeline:\n\n").append(fence(textTimeline(t), "text")).append('\n');
        if (t.bars().stream().anyMatch(b -> b.server().isPresent())) {
            m.append("| # | Connection SNI | :authority sent | Status | Server saw SNI | Server saw :authority | Server answered |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (ConnectionTimeline.Bar b : t.bars()) {
                String sni = t.lane(b.connectionId()).flatMap(ConnectionTimeline.Lane::sni).orElse("(none)");
                m.append("| ").append(b.exchangeId()).append(" | ").append(cell(sni)).append(" | ").append(code(b.authority()))
                        .append(" | ").append(b.error().map(e -> "✘ " + cell(e)).orElse(status(b.status()))).append(" | ");
                if (b.server().isPresent()) {
                    ServerView v = b.server().get();
                    m.append(cell(v.sni().orElse("(none)"))).append(" | ").append(code(v.authority())).append(" | ")
                            .append(status(v.status())).append(v.reason().isEmpty() ? "" : ": " + cell(v.reason())).append(" |\n");
                } else {
                    m.append("— | — | — |\n");
                }
            }
            m.append('\n');
        }
    }

    private static String attempt(AttemptRecord a) {
        return "#" + a.exchangeId() + " on connection " + a.connectionId() + " (SNI " + cell(a.sni().orElse("none")) + ") → "
                + status(a.status()) + (a.hidden() ? " ↻ hidden retry" : "");
    }

    /** The connection timeline as plain text: one block per connection, one line per exchange, then the markers. */
    public static String textTimeline(ConnectionTimeline t) {
        StringBuilder sb = new StringBuilder();
        for (ConnectionTimeline.Lane l : t.lanes()) {
            sb.append('#').append(l.connectionId()).append(' ').append(l.label()).append("  (").append(l.protocol())
                    .append(l.tlsVersion().map(v -> ", " + v).orElse("")).append(l.coalesced() ? ", coalesced" : "").append(")\n");
            sb.append(String.format(Locale.ROOT, "  %9s  connect + TLS handshake until %s%n", ms(l.connectStartMicros()),
                    ms(l.tlsEndMicros())));
            for (ConnectionTimeline.Bar b : t.barsOn(l.connectionId())) {
                sb.append(barLine(b, l.sni()));
            }
            sb.append(String.format(Locale.ROOT, "  %9s  closed%n", ms(l.closedMicros())));
        }
        List<ConnectionTimeline.Bar> orphans = t.bars().stream().filter(b -> t.lane(b.connectionId()).isEmpty()).toList();
        if (!orphans.isEmpty()) {
            sb.append("(no connection)\n");
            orphans.forEach(b -> sb.append(barLine(b, Optional.empty())));
        }
        if (!t.markers().isEmpty()) {
            sb.append("\nmarkers:\n");
            for (ConnectionTimeline.Marker mk : t.markers()) {
                sb.append(String.format(Locale.ROOT, "  %9s  %-11s %s%n", ms(mk.atMicros()),
                        mk.kind().name().toLowerCase(Locale.ROOT), mk.text()));
            }
        }
        return sb.toString();
    }

    private static String barLine(ConnectionTimeline.Bar b, Optional<String> sni) {
        boolean foreign = sni.map(x -> !TimelineSvg.sameHost(x, b.authority())).orElse(false);
        String outcome = b.error().map(e -> "failed: " + e).orElse(b.status() == 0 ? "no response" : Integer.toString(b.status()));
        return String.format(Locale.ROOT, "  %9s  #%d %s %s %s -> %s%s%s%s%n", ms(b.startMicros()), b.exchangeId(), b.method(),
                b.authority(), b.path(), outcome, foreign ? "  [authority != SNI]" : "",
                b.misdirected() ? (b.hidden() ? "  [421 hidden by client retry]" : "  [421]") : "",
                b.retryOf() != TimelineEvent.UNKNOWN ? "  [retry of #" + b.retryOf() + "]" : "");
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static String status(int status) {
        return HtmlReport.statusText(status);
    }

    /** Inline text: markup characters and backticks escaped so a ticket renders it as text. */
    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`")
                .replace("\r", "").replace("\n", " ");
    }

    /** A table cell: inline text with pipes escaped. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    /** An inline code span, long enough to hold any backticks inside. */
    static String code(String s) {
        String clean = s.replace("\r", "").replace("\n", " ").replace("|", "\\|");
        int longest = longestRun(clean, '`');
        String ticks = "`".repeat(longest + 1);
        String pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
        return ticks + pad + clean + pad + ticks;
    }

    /** A fenced block whose fence is longer than any backtick run inside. */
    static String fence(String s, String info) {
        String fence = "`".repeat(Math.max(3, longestRun(s, '`') + 1));
        return fence + info + "\n" + s + (s.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    private static int longestRun(String s, char c) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == c ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
