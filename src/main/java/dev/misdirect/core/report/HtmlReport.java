package dev.misdirect.core.report;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VantageRecord;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.vantage.VantageMatrix;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimeAxis;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a {@link ReportInput} as one self-contained HTML document: inline CSS and SVG, no scripts, no
 * external resources, readable when printed. Every string from the session is escaped, so an authority or
 * header carrying markup comes out as inert text. Pure and thread-safe.
 */
public final class HtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /** The complete document. */
    public static String render(ReportInput in) {
        Session s = in.session();
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = s.title().isBlank() ? "Untitled session" : s.title();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"generator\" content=\"Misdirect ").append(esc(in.environment().appVersion())).append("\">\n")
                .append("<title>").append(esc(title)).append(" — Misdirect report</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(h, in, title);
        summary(h, in);
        toc(h, in);
        findings(h, in);
        vantages(h, s);
        authorities(h, s);
        handshakes(h, s);
        dns(h, s);
        tlsSettings(h, TlsSettingsTable.of(s));
        coverage(h, in.coverage(), in.overlaps());
        predictions(h, s.predictions());
        verifications(h, s.verifications());
        in.diagram().ifPresent(d -> h.append("<section id=\"scenario\"><h2>Lab scenario</h2>\n<figure>")
                .append(DiagramSvg.render(d)).append("<figcaption>").append(esc(d.title())).append("</figcaption></figure></section>\n"));
        replays(h, s.replays());
        if (!s.notes().isBlank()) {
            h.append("<section id=\"notes\"><h2>Notes</h2>\n<pre class=\"notes\">").append(esc(s.notes()))
                    .append("</pre></section>\n");
        }
        environment(h, in);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ReportInput in, String title) {
        Session s = in.session();
        h.append("<header class=\"top\"><div class=\"brand\">Misdirect report</div>\n<h1>").append(esc(title)).append("</h1>\n")
                .append("<p class=\"meta\">Session created ").append(esc(TIME.format(s.createdAt())))
                .append(" · report generated ").append(esc(TIME.format(in.environment().generatedAt())));
        s.labScenario().ifPresent(l -> h.append(" · lab scenario <b>").append(esc(l)).append("</b>"));
        h.append(" · ").append(in.redacted()
                ? "<span class=\"tag ok\">✔ secrets redacted</span>"
                : "<span class=\"tag warn\">⚠ not redacted: may contain credentials</span>");
        h.append("</p></header>\n");
    }

    private static void summary(StringBuilder h, ReportInput in) {
        Session s = in.session();
        List<Finding> all = in.allFindings();
        long problems = all.stream().filter(f -> f.severity() == Severity.PROBLEM).count();
        long warnings = all.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long m = in.misdirectedCount();
        long hidden = in.hiddenRetryCount();
        h.append("<section id=\"summary\"><h2>Summary</h2>\n");
        Verdict v = verdict(in);
        h.append("<p class=\"verdict ").append(v.css).append("\"><span class=\"icon\" aria-hidden=\"true\">").append(v.icon)
                .append("</span> <b>").append(esc(v.word)).append(":</b> ").append(esc(v.text)).append("</p>\n");
        h.append("<div class=\"cards\">");
        card(h, Integer.toString(s.authoritySet().authorities().size()), "authorities");
        card(h, Long.toString(s.probes().stream().mapToLong(p -> p.handshakes().size()).sum()), "handshakes");
        card(h, Integer.toString(s.replays().size()), "replays");
        card(h, Long.toString(m), "421 responses");
        card(h, Long.toString(hidden), "hidden retries");
        card(h, problems + " / " + warnings, "problems / warnings");
        h.append("</div>\n");
        if (!s.authoritySet().authorities().isEmpty()) {
            h.append("<p class=\"muted\">Authorities: ");
            List<Authority> as = s.authoritySet().authorities();
            for (int i = 0; i < as.size(); i++) {
                h.append(i == 0 ? "" : ", ").append("<code>").append(esc(as.get(i).key())).append("</code>");
            }
            h.append("</p>\n");
        }
        h.append("</section>\n");
    }

    record Verdict(String css, String icon, String word, String text) {
    }

    /** The one-line verdict at the top of a report. */
    static Verdict verdict(ReportInput in) {
        long m = in.misdirectedCount();
        long hidden = in.hiddenRetryCount();
        List<Finding> all = in.allFindings();
        if (m > 0) {
            return new Verdict("problem", "✘", "421 reproduced", m + " response" + (m == 1 ? " was" : "s were")
                    + " 421 Misdirected Request" + (hidden > 0 ? ", " + hidden + " of them hidden by the client's retry" : "")
                    + ". A connection opened for one authority carried a request for another.");
        }
        long problems = all.stream().filter(f -> f.severity() == Severity.PROBLEM).count();
        if (problems > 0) {
            return new Verdict("problem", "✘", "Problems found", problems + " problem" + (problems == 1 ? "" : "s")
                    + " found; no 421 was observed in the replays.");
        }
        // verify's own requests: a pair the server refused with 421 on another name's connection was measured
        long refused = in.session().verifications().isEmpty() ? 0 : in.session().verifications()
                .get(in.session().verifications().size() - 1).pairs().stream()
                .filter(p -> p.verdict() == dev.misdirect.core.model.PairVerdict.REFUSED_421)
                .map(p -> p.carrier() + " " + p.passenger()).distinct().count();
        if (refused > 0) {
            return new Verdict("warning", "⚠", "421 measured", refused + " shared pair" + (refused == 1 ? " was" : "s were")
                    + " refused with 421 when verified: a client that shares the connection gets a 421 (Chromium,"
                    + " Firefox and OkHttp retry it; Safari, Node's undici and .NET show it).");
        }
        long warnings = all.stream().filter(f -> f.severity() == Severity.WARNING).count();
        if (warnings > 0) {
            return new Verdict("warning", "⚠", "Risk", warnings + " warning" + (warnings == 1 ? "" : "s")
                    + ": no 421 observed, but the setup allows one (see the findings).");
        }
        if (in.session().probes().isEmpty() && in.session().replays().isEmpty()) {
            return new Verdict("info", "ℹ", "Nothing measured", "the session holds no probe results and no replays yet.");
        }
        return new Verdict("ok", "✔", "No problem found", "no 421 observed and no finding above information level.");
    }

    private static void card(StringBuilder h, String value, String label) {
        h.append("<div class=\"card\"><div class=\"num\">").append(esc(value)).append("</div><div class=\"lbl\">")
                .append(esc(label)).append("</div></div>");
    }

    private static void toc(StringBuilder h, ReportInput in) {
        h.append("<nav class=\"toc\"><b>Contents</b> ");
        String[][] items = {{"findings", "Findings"}, {"authorities", "Authorities"}, {"handshakes", "Handshakes"},
            {"coverage", "SAN coverage"}, {"prediction", "Coalescing prediction"}};
        for (String[] i : items) {
            h.append("<a href=\"#").append(i[0]).append("\">").append(i[1]).append("</a> ");
        }
        if (hasDns(in.session())) {
            h.append("<a href=\"#dns\">DNS</a> ");
        }
        if (!TlsSettingsTable.of(in.session()).isEmpty()) {
            h.append("<a href=\"#tls-settings\">TLS settings</a> ");
        }
        if (!in.session().verifications().isEmpty()) {
            h.append("<a href=\"#verified\">Verified pairs</a> ");
        }
        if (in.session().merged()) {
            h.append("<a href=\"#vantages\">Vantage points</a> ");
        }
        if (in.diagram().isPresent()) {
            h.append("<a href=\"#scenario\">Lab scenario</a> ");
        }
        for (int i = 0; i < in.session().replays().size(); i++) {
            h.append("<a href=\"#replay-").append(i + 1).append("\">Replay ").append(i + 1).append("</a> ");
        }
        if (!in.session().notes().isBlank()) {
            h.append("<a href=\"#notes\">Notes</a> ");
        }
        h.append("<a href=\"#environment\">Environment</a></nav>\n");
    }

    private static void findings(StringBuilder h, ReportInput in) {
        List<Finding> all = in.allFindings();
        h.append("<section id=\"findings\"><h2>Findings</h2>\n");
        if (all.isEmpty()) {
            h.append("<p class=\"muted\">No findings.</p>\n");
        }
        for (Severity sev : new Severity[] {Severity.PROBLEM, Severity.WARNING, Severity.INFO}) {
            List<Finding> group = all.stream().filter(f -> f.severity() == sev).toList();
            if (group.isEmpty()) {
                continue;
            }
            h.append("<h3>").append(Severities.icon(sev)).append(' ').append(Severities.plural(sev)).append(" (")
                    .append(group.size()).append(")</h3>\n");
            for (Finding f : group) {
                h.append("<article class=\"finding ").append(Severities.css(sev)).append("\">\n<div class=\"fhead\">")
                        .append("<span class=\"sev ").append(Severities.css(sev)).append("\">").append(Severities.icon(sev))
                        .append(' ').append(Severities.word(sev)).append("</span> <span class=\"ftitle\">")
                        .append(esc(f.title())).append("</span> <span class=\"cause\">").append(esc(causeWords(f)))
                        .append("</span></div>\n<dl>");
                h.append("<dt>Details</dt><dd>").append(para(f.details())).append("</dd>");
                h.append("<dt>Cause</dt><dd>").append(para(f.explanation())).append("</dd>");
                h.append("<dt>Fix</dt><dd>").append(para(f.fix())).append("</dd>");
                if (!f.authorities().isEmpty()) {
                    h.append("<dt>Authorities</dt><dd>");
                    for (String a : f.authorities()) {
                        h.append("<code>").append(esc(a)).append("</code> ");
                    }
                    h.append("</dd>");
                }
                h.append("</dl></article>\n");
            }
        }
        h.append("</section>\n");
    }

    static String causeWords(Finding f) {
        String n = f.cause().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static void authorities(StringBuilder h, Session s) {
        h.append("<section id=\"authorities\"><h2>Authorities</h2>\n");
        List<Authority> as = s.authoritySet().authorities();
        if (as.isEmpty()) {
            h.append("<p class=\"muted\">No authorities.</p>\n");
        } else {
            h.append("<table><thead><tr><th>Authority</th><th>SNI sent</th><th>Host / :authority</th><th>Resolve</th>")
                    .append("<th>Tags</th></tr></thead><tbody>\n");
            for (Authority a : as) {
                h.append("<tr><td><code>").append(esc(a.key())).append("</code>");
                if (!a.unicodeHost().equals(a.host())) {
                    h.append("<br><span class=\"muted\">").append(esc(a.displayName())).append("</span>");
                }
                h.append("</td><td>").append(esc(a.effectiveSni().orElse("(none)"))).append("</td><td>")
                        .append(esc(a.hostHeader())).append("</td><td>")
                        .append(esc(a.resolve().isEmpty() ? "DNS" : String.join(", ", a.resolve()))).append("</td><td>")
                        .append(esc(String.join(", ", a.tags()))).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        List<LineProblem> problems = s.authoritySet().problems();
        if (!problems.isEmpty()) {
            h.append("<p><b>Lines refused while loading:</b></p><ul>");
            for (LineProblem p : problems) {
                h.append("<li>line ").append(p.line()).append(": ").append(esc(p.reason())).append(" — <code>")
                        .append(esc(p.input())).append("</code></li>");
            }
            h.append("</ul>\n");
        }
        for (String n : s.authoritySet().notes()) {
            h.append("<p class=\"muted\">ℹ ").append(esc(n)).append("</p>\n");
        }
        h.append("</section>\n");
    }

    private static void handshakes(StringBuilder h, Session s) {
        h.append("<section id=\"handshakes\"><h2>Handshakes</h2>\n");
        if (s.probes().isEmpty()) {
            h.append("<p class=\"muted\">No probe results in this session.</p></section>\n");
            return;
        }
        s.probes().stream().flatMap(p -> p.through().stream()).distinct().forEach(t ->
                h.append("<p class=\"meta\">Measured ").append(esc(t.describe())).append(".</p>\n"));
        h.append("<div class=\"scroll\"><table class=\"hs\"><thead><tr><th>Authority</th><th>Address</th><th>SNI sent</th><th>Outcome</th>")
                .append("<th>TLS</th><th>ALPN</th><th>Leaf certificate</th><th>Verdict</th><th>Client cert</th>")
                .append("<th>Timings</th></tr></thead><tbody>\n");
        for (ProbeResult p : s.probes()) {
            if (p.handshakes().isEmpty()) {
                h.append("<tr><td><code>").append(esc(p.authority().key())).append("</code></td><td colspan=\"9\">")
                        .append(esc(p.dnsError().map(e -> "✘ DNS: " + e).orElse("no address"))).append("</td></tr>\n");
                continue;
            }
            for (Handshake hs : p.handshakes()) {
                boolean ok = hs.status() == HandshakeStatus.OK;
                h.append("<tr><td><code>").append(esc(hs.authorityKey())).append("</code></td><td><code>")
                        .append(esc(hs.endpoint().toString())).append("</code><br><span class=\"muted\">")
                        .append(esc(p.addressSource())).append("</span></td><td>").append(esc(hs.sniSent().orElse("(none)")))
                        .append("</td><td>").append(ok ? "✔ " : "✘ ").append(esc(hs.message())).append("</td><td>")
                        .append(esc(hs.tlsVersion().orElse("—"))).append("<br><span class=\"muted small\">")
                        .append(esc(hs.cipherSuite().orElse(""))).append("</span></td><td>").append(esc(hs.alpn().orElse("—")))
                        .append("</td><td>");
                hs.leaf().ifPresentOrElse(c -> h.append("<span title=\"").append(esc(sans(c))).append("\">")
                        .append(esc(c.shortLabel())).append("</span><br><span class=\"muted small\">")
                        .append(esc(abbreviate(sans(c), 90))).append("</span>"), () -> h.append("—"));
                h.append("</td><td>").append(verdictCell(hs.verdict())).append("<br><span class=\"muted small\">")
                        .append(esc(hs.verdictReason())).append("</span></td><td>")
                        .append(hs.clientCertRequested() ? "requested" : "no").append("</td><td class=\"small\">")
                        .append(para(timings(hs.timings())).replace(" ", "&nbsp;")).append("</td></tr>\n");
            }
        }
        h.append("</tbody></table></div></section>\n");
    }

    /** True when the probe asked DNS for any authority's HTTPS records, or any authority for its Alt-Svc. */
    static boolean hasDns(Session s) {
        return s.probes().stream().anyMatch(p -> p.httpsRecords().isPresent() || p.altSvc().isPresent());
    }

    /** An authority's Alt-Svc answer in words, or why there is none. */
    static String altSvcText(ProbeResult p) {
        return p.altSvc().map(AltSvc::describe).orElse("not asked (no HTTP request sent)");
    }

    /** An authority's HTTPS records in words, or why there are none. */
    static String recordsText(ProbeResult p) {
        return p.httpsRecords().map(HttpsRecords::describe).orElse("not asked (" + p.addressSource() + ")");
    }

    /** The HTTPS records (RFC 9460) of each authority whose records were asked, and where they came from. */
    private static void dns(StringBuilder h, Session s) {
        if (!hasDns(s)) {
            return;
        }
        h.append("<section id=\"dns\"><h2>DNS</h2>\n<p class=\"muted\">HTTPS records (RFC 9460) as the named DNS "
                + "source served them, and the Alt-Svc header of one HEAD request where the probe was asked to send "
                + "one.</p>\n")
                .append("<div class=\"scroll\"><table class=\"dns\"><thead><tr><th>Authority</th><th>Name asked</th>")
                .append("<th>HTTPS records</th><th>HTTP/3</th><th>From</th><th>Alt-Svc</th></tr></thead><tbody>\n");
        for (ProbeResult p : s.probes()) {
            h.append("<tr><td><code>").append(esc(p.authority().key())).append("</code></td><td><code>")
                    .append(esc(p.httpsRecords().map(HttpsRecords::queriedName).orElse("—"))).append("</code></td><td>")
                    .append(esc(recordsText(p))).append("</td><td>").append(h3Cell(p)).append("</td><td class=\"muted\">")
                    .append(esc(p.httpsRecords().map(HttpsRecords::source).orElse("—"))).append("</td><td>")
                    .append(esc(altSvcText(p))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    /**
     * "✔ advertised" only for a record that lists h3 or an Alt-Svc header that offers it; "unknown" when neither was
     * seen and a source was not asked or gave no answer.
     */
    static String h3Cell(ProbeResult p) {
        List<String> by = new java.util.ArrayList<>();
        if (p.httpsRecords().map(HttpsRecords::advertisesH3).orElse(false)) {
            by.add("HTTPS record alpn h3");
        }
        if (p.altSvc().map(AltSvc::advertisesH3).orElse(false)) {
            by.add("Alt-Svc h3");
        }
        if (!by.isEmpty()) {
            return "✔ advertised (" + String.join(", ", by) + ")";
        }
        boolean dnsSaidNo = p.httpsRecords().map(r -> r.outcome() != HttpsRecords.Outcome.UNKNOWN).orElse(false);
        boolean altSvcSaidNo = p.altSvc().map(a -> a.error().isEmpty()).orElse(false);
        return dnsSaidNo && altSvcSaidNo ? "not advertised" : "unknown";
    }

    /**
     * The TLS settings per name, when the settings pass ran: a compact table, a cell marked where the names on one
     * address differ (Apache refuses a request with 421 on a connection whose vhost's settings differ).
     */
    private static void tlsSettings(StringBuilder h, TlsSettingsTable t) {
        if (t.isEmpty()) {
            return;
        }
        h.append("<section id=\"tls-settings\"><h2>TLS settings per name</h2>\n<p class=\"muted\">What each name is")
                .append(" accepted with, offered one at a time.")
                .append(t.anyDifference() ? " <span class=\"differs\">⚠ marked</span>: differs from another name on the"
                        + " same address, which a shared connection cannot satisfy for both." : " No name differs from"
                        + " another on its address.")
                .append("</p>\n<div class=\"scroll\"><table class=\"tls-settings\"><thead><tr><th>Authority</th>")
                .append("<th>Address</th><th>Versions</th><th>TLS 1.2 suites</th><th>Client certificate</th>")
                .append("<th>ALPN</th></tr></thead><tbody>\n");
        for (TlsSettingsTable.Row r : t.rows()) {
            h.append("<tr><td><code>").append(esc(r.authority())).append("</code></td><td><code>")
                    .append(esc(r.address())).append("</code></td>");
            for (TlsSettingsTable.Column c : TlsSettingsTable.Column.values()) {
                boolean differs = r.differs().contains(c);
                h.append(differs ? "<td class=\"differs\" title=\"differs from another name on " + esc(r.address())
                        + "\">⚠ " : "<td>").append(esc(r.value(c))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n<p class=\"muted small\">Suites: ").append(esc(TlsSettingsTable.suiteLegend()))
                .append("</p></section>\n");
    }

    static String sans(CertificateInfo c) {
        StringBuilder sb = new StringBuilder("SANs: ");
        sb.append(String.join(", ", c.dnsNames()));
        if (!c.ipAddresses().isEmpty()) {
            sb.append(c.dnsNames().isEmpty() ? "" : ", ").append("IP ").append(String.join(", IP ", c.ipAddresses()));
        }
        return sb.toString();
    }

    private static String verdictCell(TrustVerdict v) {
        return switch (v) {
            case TRUSTED -> "✔ trusted";
            case NOT_CHECKED -> "— not checked";
            default -> "✘ " + v.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    static String timings(PhaseTimings t) {
        StringBuilder sb = new StringBuilder();
        if (t.dnsMicros() >= 0) {
            sb.append("DNS ").append(TimeAxis.duration(t.dnsMicros())).append('\n');
        }
        if (t.connectMicros() >= 0) {
            sb.append("TCP ").append(TimeAxis.duration(t.connectMicros())).append('\n');
        }
        if (t.tlsMicros() >= 0) {
            sb.append("TLS ").append(TimeAxis.duration(t.tlsMicros()));
        }
        return sb.toString().trim().isEmpty() ? "—" : sb.toString().trim();
    }

    private static void coverage(StringBuilder h, CoverageMatrix m, List<OverlapGroup> overlaps) {
        h.append("<section id=\"coverage\"><h2>SAN coverage</h2>\n");
        if (m.certificates().isEmpty()) {
            h.append("<p class=\"muted\">No certificates were served.</p>\n");
        } else {
            h.append("<p class=\"muted\">Rows are authorities, columns the distinct certificates served. ✔ the certificate's "
                    + "subjectAltNames cover the name, ✘ they do not; ● marks the certificate actually served to that "
                    + "authority. Hover a cell for the rule.</p>\n");
            h.append("<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th>Authority</th>");
            for (int i = 0; i < m.certificates().size(); i++) {
                CertificateInfo c = m.certificates().get(i);
                h.append("<th title=\"").append(esc(c.subject() + " — " + sans(c))).append("\">Certificate ")
                        .append((char) ('A' + Math.min(i, 25))).append("<br><span class=\"small\">")
                        .append(esc(c.shortLabel())).append("</span></th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (String key : m.authorityKeys()) {
                h.append("<tr><th scope=\"row\"><code>").append(esc(key)).append("</code></th>");
                for (CertificateInfo c : m.certificates()) {
                    Optional<CoverageCell> cell = m.cell(key, c.sha256Fingerprint());
                    if (cell.isEmpty()) {
                        h.append("<td class=\"na\">—</td>");
                        continue;
                    }
                    CoverageCell cc = cell.get();
                    h.append("<td class=\"").append(cc.covered() ? "yes" : "no").append(cc.servedToAuthority() ? " served" : "")
                            .append("\" title=\"").append(esc(cc.reason())).append("\"><span class=\"mark\">")
                            .append(cc.covered() ? "✔ covered" : "✘ not covered").append("</span>")
                            .append(cc.servedToAuthority() ? " <span class=\"served-dot\">● served</span>" : "")
                            .append("<br><span class=\"small muted\">").append(esc(cc.matchedSan().orElse(abbreviate(cc.reason(), 60))))
                            .append("</span></td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table></div>\n");
            h.append("<p class=\"small muted\">Certificates: ");
            for (int i = 0; i < m.certificates().size(); i++) {
                CertificateInfo c = m.certificates().get(i);
                h.append("<b>").append((char) ('A' + Math.min(i, 25))).append("</b> ").append(esc(c.subject()))
                        .append(", issued by ").append(esc(c.issuer())).append(", SHA-256 <code>")
                        .append(esc(abbreviate(c.sha256Fingerprint(), 23))).append("</code>; ");
            }
            h.append("</p>\n");
        }
        h.append("<h3>Address overlaps (the coalescing precondition)</h3>\n");
        if (overlaps.isEmpty()) {
            h.append("<p class=\"muted\">No two authorities share an address and port.</p>\n");
        } else {
            h.append("<ul>");
            for (OverlapGroup g : overlaps) {
                h.append("<li><code>").append(esc(g.endpoint().toString())).append("</code> is shared by ");
                for (int i = 0; i < g.authorityKeys().size(); i++) {
                    h.append(i == 0 ? "" : ", ").append("<code>").append(esc(g.authorityKeys().get(i))).append("</code>");
                }
                h.append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    private static void predictions(StringBuilder h, List<CoalescingPrediction> predictions) {
        h.append("<section id=\"prediction\"><h2>Coalescing prediction</h2>\n");
        if (predictions.isEmpty()) {
            h.append("<p class=\"muted\">No prediction in this session.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>Client</th><th>Would share one connection</th><th>421 risk</th>")
                .append("<th>On a 421</th></tr></thead><tbody>\n");
        // clients that decide alike are one row
        for (ClientGroups.ClientGroup p : ClientGroups.of(predictions)) {
            h.append("<tr><td><b>").append(esc(p.clients())).append("</b><br><span class=\"muted small\">")
                    .append(esc(p.members().stream().map(CoalescingPrediction::policy).collect(Collectors.joining(", "))))
                    .append("</span></td><td>");
            if (p.groups().isEmpty()) {
                h.append("<span class=\"muted\">no sharing: one connection per authority</span>");
            } else {
                for (List<String> g : p.groups()) {
                    h.append("<div>⇄ ");
                    for (int i = 0; i < g.size(); i++) {
                        h.append(i == 0 ? "" : " + ").append("<code>").append(esc(g.get(i))).append("</code>");
                    }
                    h.append("</div>");
                }
            }
            h.append("</td><td>");
            if (p.risky().isEmpty()) {
                h.append("✔ none");
            }
            for (PairDecision d : p.risky()) {
                h.append("<div class=\"risk ").append(d.risk() == MisdirectRisk.LIKELY ? "problem" : "warning").append("\">")
                        .append(riskWord(d)).append(": <code>")
                        .append(esc(d.second())).append("</code> on <code>").append(esc(d.first()))
                        .append("</code>'s connection<br><span class=\"muted small\">").append(esc(d.riskReason()))
                        .append("</span></div>");
            }
            h.append("</td><td>");
            for (String on : p.onMisdirected()) {
                h.append("<div>").append(esc(on)).append("</div>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /**
     * Each verify run as a picture: carriers (whose connection) down, passengers (whose request) across, each cell
     * coloured by its verdict, the reason and what differed on hover.
     */
    private static void verifications(StringBuilder h, List<VerifyRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        h.append("<section id=\"verified\"><h2>Verified pairs</h2>\n<p class=\"muted\">B's request (column) sent on a"
                + " connection opened for A (row), compared with the same request on B's own connection. Hover a cell"
                + " for what differed.</p>\n");
        for (VerifyRun run : runs) {
            h.append("<p><b>").append(esc(run.method())).append(' ').append(esc(run.path())).append("</b> · ")
                    .append(run.requestsSent()).append(" requests · ");
            for (PairVerdict v : PairVerdict.values()) {
                h.append(run.count(v)).append(' ').append(v.id()).append(v == PairVerdict.UNTESTED ? "" : ", ");
            }
            h.append(run.cancelled() ? " · cancelled" : "").append("</p>\n");
            List<String> carriers = run.pairs().stream().map(PairVerification::carrier).distinct().toList();
            List<String> passengers = run.pairs().stream().map(PairVerification::passenger).distinct().toList();
            h.append("<div class=\"scroll\"><table class=\"matrix pairs\"><thead><tr><th>Connection of ↓ · request of →</th>");
            passengers.forEach(p -> h.append("<th><code>").append(esc(p)).append("</code></th>"));
            h.append("</tr></thead><tbody>\n");
            for (String carrier : carriers) {
                h.append("<tr><th scope=\"row\"><code>").append(esc(carrier)).append("</code></th>");
                for (String passenger : passengers) {
                    // a pair verified at several addresses shows its worst answer
                    Optional<PairVerification> cell = run.pairs().stream()
                            .filter(p -> p.carrier().equals(carrier) && p.passenger().equals(passenger))
                            .max(java.util.Comparator.comparingInt(p -> p.verdict().badness()));
                    if (cell.isEmpty()) {
                        h.append("<td class=\"na\">—</td>");
                        continue;
                    }
                    PairVerification v = cell.get();
                    String title = v.reason() + (v.differences().isEmpty() ? "" : " (" + String.join("; ", v.differences()) + ")");
                    h.append("<td class=\"pair ").append(v.verdict().id()).append("\" title=\"").append(esc(title))
                            .append("\"><span class=\"mark\">").append(switch (v.verdict()) {
                                case SHARED_OK -> "✔ shared-ok";
                                case REFUSED_421 -> "⚠ refused-421";
                                case MISROUTED -> "✘ misrouted";
                                case UNTESTED -> "? untested";
                            }).append("</span><br><span class=\"small muted\">@").append(esc(v.address()))
                            .append("</span></td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        h.append("</section>\n");
    }

    /**
     * A merged session's vantages, then the vantage × authority matrix: each cell the address set, the certificate's
     * short fingerprint and the verdict that vantage measured, marked where the vantage disagrees with the most.
     */
    private static void vantages(StringBuilder h, Session s) {
        if (!s.merged()) {
            return;
        }
        h.append("<section id=\"vantages\"><h2>Vantage points</h2>\n<p class=\"muted\">").append(s.vantages().size())
                .append(" vantages merged. The handshakes and SAN coverage below are what <b>")
                .append(esc(s.vantages().get(0).name())).append("</b> saw.</p>\n");
        h.append("<div class=\"scroll\"><table class=\"hs\"><thead><tr><th>Vantage</th><th>Host</th><th>Resolver</th>"
                + "<th>Egress</th><th>Time</th><th>From</th></tr></thead><tbody>\n");
        for (VantageRecord v : s.vantages()) {
            h.append("<tr><td><b>").append(esc(v.name())).append("</b></td><td>").append(esc(v.vantage().host()))
                    .append("</td><td>").append(esc(v.vantage().resolver())).append("</td><td><code>")
                    .append(esc(v.vantage().egressText())).append("</code></td><td>")
                    .append(esc(TIME.format(v.vantage().at()))).append("</td><td>").append(esc(v.source()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        VantageMatrix m = VantageMatrix.of(s.vantages());
        h.append("<div class=\"scroll\"><table class=\"matrix vantages\"><thead><tr><th>Authority ↓ · vantage →</th>");
        m.vantages().forEach(v -> h.append("<th>").append(esc(v)).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (int row = 0; row < m.authorities().size(); row++) {
            h.append("<tr><th scope=\"row\"><code>").append(esc(m.authorities().get(row))).append("</code></th>");
            for (VantageMatrix.Cell c : m.cells().get(row)) {
                if (!c.probed()) {
                    h.append("<td class=\"na\">not probed</td>");
                    continue;
                }
                h.append("<td class=\"vantage").append(c.differs() ? " differs\" title=\"differs: " + esc(c.what()) : "")
                        .append("\">").append(c.differs() ? "<span class=\"mark\">✘ differs</span><br>" : "")
                        .append("<code>").append(esc(c.addresses())).append("</code><br><code>")
                        .append(esc(c.certificate())).append("</code><br>").append(esc(c.verdict())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n</section>\n");
    }

    /** "✘ likely" / "⚠ possible" for a prediction; what was measured ("✘ measured misrouted") when it was. */
    static String riskWord(PairDecision d) {
        return d.measured().map(v -> (v == PairVerdict.MISROUTED ? "✘ measured " : "⚠ measured ") + v.id())
                .orElse(d.risk() == MisdirectRisk.LIKELY ? "✘ likely" : "⚠ possible");
    }

    private static void replays(StringBuilder h, List<ReplayRun> replays) {
        if (replays.isEmpty()) {
            h.append("<section id=\"replays\"><h2>Replays</h2><p class=\"muted\">No replay in this session.</p></section>\n");
            return;
        }
        for (int i = 0; i < replays.size(); i++) {
            ReplayRun r = replays.get(i);
            int n = i + 1;
            h.append("<section id=\"replay-").append(n).append("\" class=\"replay\"><h2>Replay ").append(n).append(": <code>")
                    .append(esc(r.policy().id())).append("</code> policy</h2>\n<p class=\"meta\">")
                    .append("421 retry ").append(r.retry421() ? "on" : "off").append(" · ")
                    .append(r.http1() ? "HTTP/1.1 forced" : "HTTP/2 allowed").append(" · started ")
                    .append(esc(TIME.format(r.startedAt())));
            r.labScenario().ifPresent(l -> h.append(" · lab scenario <b>").append(esc(l)).append("</b>")
                    .append(r.fixed() ? " (fixed variant)" : ""));
            r.through().ifPresent(t -> h.append(" · measured ").append(esc(t.describe())));
            h.append(" · ").append(r.misdirectedCount()).append(" × 421</p>\n");
            h.append("<h3>Plan</h3><pre>").append(esc(r.planText())).append("</pre>\n");
            h.append("<h3>Steps</h3><table><thead><tr><th>#</th><th>Request</th><th>Authority</th><th>Attempts</th>")
                    .append("<th>Caller saw</th></tr></thead><tbody>\n");
            for (StepOutcome st : r.steps()) {
                h.append("<tr><td>").append(st.step() + 1).append("</td><td><code>").append(esc(st.method())).append(' ')
                        .append(esc(st.url())).append("</code></td><td><code>").append(esc(st.authority()))
                        .append("</code></td><td>");
                for (AttemptRecord a : st.attempts()) {
                    h.append("<div>#").append(a.exchangeId()).append(" on connection ").append(a.connectionId())
                            .append(" (SNI ").append(esc(a.sni().orElse("none"))).append(") → ")
                            .append(statusText(a.status())).append(a.hidden() ? " <b>↻ hidden retry</b>" : "").append("</div>");
                }
                h.append("</td><td>").append(st.error().map(e -> "✘ " + esc(e)).orElse(statusText(st.finalStatus())))
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
            ConnectionTimeline t = ConnectionTimeline.of(r.events());
            h.append("<h3>Connection timeline</h3>\n");
            if (t.lanes().isEmpty() && t.bars().isEmpty()) {
                h.append("<p class=\"muted\">No timeline events were recorded.</p>\n");
            } else {
                h.append("<figure class=\"chart\">").append(TimelineSvg.render(t, "Connection timeline of replay " + n,
                        "tl" + n)).append("</figure>\n");
            }
            serverView(h, t);
            if (!r.findings().isEmpty()) {
                h.append("<p class=\"muted\">This replay's findings are listed under <a href=\"#findings\">Findings</a>.</p>\n");
            }
            h.append("</section>\n");
        }
    }

    private static void serverView(StringBuilder h, ConnectionTimeline t) {
        h.append("<h3>Client view vs server view</h3>\n<table class=\"cvs\"><thead><tr><th rowspan=\"2\">#</th>")
                .append("<th colspan=\"4\">Client</th><th colspan=\"4\">Server</th></tr><tr><th>Connection (SNI)</th>")
                .append("<th>:authority</th><th>Path</th><th>Status</th><th>Origin</th><th>SNI seen</th>")
                .append("<th>:authority seen</th><th>Answer</th></tr></thead><tbody>\n");
        for (ConnectionTimeline.Bar b : t.bars()) {
            Optional<String> sni = t.lane(b.connectionId()).flatMap(ConnectionTimeline.Lane::sni);
            boolean mismatch = sni.map(x -> !TimelineSvg.sameHost(x, b.authority())).orElse(false);
            h.append("<tr").append(b.misdirected() ? " class=\"row-421\"" : "").append("><td>").append(b.exchangeId())
                    .append("</td><td>#").append(b.connectionId()).append(" (").append(esc(sni.orElse("no SNI"))).append(")")
                    .append("</td><td><code>").append(esc(b.authority())).append("</code>")
                    .append(mismatch ? " <span class=\"tag warn\">≠ SNI</span>" : "").append("</td><td><code>")
                    .append(esc(b.path())).append("</code></td><td>")
                    .append(b.error().map(e -> "✘ " + esc(e)).orElse(statusText(b.status())))
                    .append(b.hidden() ? " <b>↻ hidden</b>" : "").append("</td>");
            if (b.server().isPresent()) {
                ServerView v = b.server().get();
                h.append("<td>").append(esc(v.origin())).append("</td><td>").append(esc(v.sni().orElse("(none)")))
                        .append("</td><td><code>").append(esc(v.authority())).append("</code></td><td>")
                        .append(statusText(v.status())).append(v.reason().isEmpty() ? "" : "<br><span class=\"muted small\">"
                                + esc(v.reason()) + "</span>").append("</td>");
            } else {
                h.append("<td colspan=\"4\" class=\"muted\">not recorded (the lab records it; for a real server, "
                        + "import its log beside the capture)</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<p class=\"muted small\">The server's side comes from the lab's own record, or from a real server's "
                + "log imported beside the capture: Apache's error log (its AH02032 lines; <code>LogLevel ssl:info</code> "
                + "adds the connections), nginx's error log at <code>info</code> (\u201cclient attempted to request the "
                + "server name different from the one that was negotiated\u201d), Caddy's JSON access log, Envoy's access "
                + "log with <code>%REQUESTED_SERVER_NAME%</code> beside <code>:authority</code>, or Traefik's debug log. "
                + "A line is matched to a request by the client's port and the time.</p>\n");
    }

    static String statusText(int status) {
        if (status == 0) {
            return "— no response";
        }
        if (status == 421) {
            return "⚠ 421 Misdirected";
        }
        return (status >= 200 && status < 400 ? "✔ " : "✘ ") + status;
    }

    private static void environment(StringBuilder h, ReportInput in) {
        ReportEnvironment e = in.environment();
        h.append("<section id=\"environment\"><h2>Environment</h2>\n<table class=\"env\"><tbody>")
                .append("<tr><th>Misdirect</th><td>").append(esc(e.appVersion())).append("</td></tr>")
                .append("<tr><th>Java</th><td>").append(esc(e.java())).append("</td></tr>")
                .append("<tr><th>Operating system</th><td>").append(esc(e.os())).append("</td></tr>")
                .append("<tr><th>Generated</th><td>").append(esc(TIME.format(e.generatedAt()))).append("</td></tr>")
                .append("<tr><th>Session format</th><td>version ").append(in.session().formatVersion()).append("</td></tr>")
                .append("<tr><th>Secrets</th><td>").append(in.redacted() ? "redacted (Authorization, Proxy-Authorization, "
                        + "Cookie, Set-Cookie, secret-looking query parameters)" : "⚠ kept (--no-redact)").append("</td></tr>")
                .append("</tbody></table></section>\n");
        h.append("<footer>Generated by Misdirect ").append(esc(e.appVersion()))
                .append(". This file is self-contained: no scripts, no network.</footer>\n");
    }

    private static String para(String text) {
        return esc(text).replace("\n", "<br>");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String esc(String s) {
        return Html.esc(s);
    }

    private static final String CSS = """
            :root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --bg:#ffffff; --soft:#f5f7fa; --accent:#1d4ed8;
                    --problem:#b91c1c; --problem-bg:#fef2f2; --warning:#92400e; --warning-bg:#fffbeb;
                    --info:#1e40af; --info-bg:#eff6ff; --ok:#166534; --ok-bg:#f0fdf4; }
            * { box-sizing: border-box; }
            body { margin:0; background:var(--soft); color:var(--ink);
                   font: 14px/1.5 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; background: var(--bg); }
            header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
            .brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); font-weight: 700; }
            h1 { font-size: 26px; margin: 4px 0 6px; }
            h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h3 { font-size: 15px; margin: 20px 0 8px; }
            code, pre { font-family: "DejaVu Sans Mono", "SFMono-Regular", Consolas, monospace; font-size: 12.5px; }
            code { background: var(--soft); padding: 0 3px; border-radius: 3px; }
            pre { background: var(--soft); border: 1px solid var(--line); padding: 10px 12px; border-radius: 6px;
                  white-space: pre-wrap; word-break: break-word; }
            .meta, .muted { color: var(--muted); }
            .small { font-size: 11.5px; }
            .nowrap { white-space: nowrap; }
            .tag { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid; }
            .tag.ok { color: var(--ok); background: var(--ok-bg); }
            .tag.warn { color: var(--warning); background: var(--warning-bg); }
            .verdict { font-size: 16px; padding: 10px 14px; border-radius: 6px; border-left: 6px solid; margin: 8px 0 14px; }
            .verdict.problem { background: var(--problem-bg); border-color: var(--problem); }
            .verdict.warning { background: var(--warning-bg); border-color: #d97706; }
            .verdict.ok { background: var(--ok-bg); border-color: var(--ok); }
            .verdict.info { background: var(--info-bg); border-color: var(--info); }
            .verdict .icon { font-size: 18px; }
            .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 8px; }
            .card { flex: 1 1 140px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
            .card .num { font-size: 22px; font-weight: 700; }
            .card .lbl { color: var(--muted); font-size: 12px; }
            nav.toc { margin: 14px 0; padding: 8px 12px; background: var(--soft); border-radius: 6px; font-size: 13px; }
            nav.toc a { margin-right: 10px; color: var(--accent); text-decoration: none; }
            table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
            th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
            thead th { background: #eef2f7; font-weight: 600; }
            tbody tr:nth-child(even) td { background: #fafbfc; }
            .finding { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: 10px 14px;
                       margin: 10px 0; break-inside: avoid; }
            .finding.problem { border-left-color: var(--problem); }
            .finding.warning { border-left-color: #d97706; }
            .finding.info { border-left-color: var(--info); }
            .fhead { margin-bottom: 6px; }
            .ftitle { font-weight: 600; font-size: 15px; }
            .sev { display: inline-block; font-weight: 700; font-size: 12px; padding: 1px 8px; border-radius: 10px; }
            .sev.problem { color: var(--problem); background: var(--problem-bg); border: 1px solid var(--problem); }
            .sev.warning { color: var(--warning); background: var(--warning-bg); border: 1px solid #d97706; }
            .sev.info { color: var(--info); background: var(--info-bg); border: 1px solid var(--info); }
            .cause { color: var(--muted); font-size: 12px; margin-left: 6px; }
            dl { display: grid; grid-template-columns: 110px 1fr; gap: 4px 12px; margin: 0; }
            dt { font-weight: 600; color: var(--muted); }
            dd { margin: 0; }
            table.hs { font-size: 12.5px; }
            table.hs td, table.hs th { padding: 4px 6px; }
            .matrix td { text-align: center; min-width: 150px; }
            .matrix td.yes .mark { color: var(--ok); font-weight: 700; }
            .matrix td.no .mark { color: var(--problem); font-weight: 700; }
            .matrix td.yes { background: var(--ok-bg) !important; }
            .matrix td.no { background: var(--problem-bg) !important; }
            .matrix td.served { box-shadow: inset 0 0 0 2px #334e68; }
            .served-dot { font-size: 11px; color: #334e68; }
            .scroll { overflow-x: auto; }
            .risk.problem { color: var(--problem); }
            td.pair.shared-ok { background: var(--ok-bg); color: var(--ok); }
            td.pair.refused-421 { background: var(--warning-bg); color: var(--warning); }
            td.pair.misrouted { background: var(--problem-bg); color: var(--problem); font-weight: 600; }
            td.differs, span.differs { background: var(--warning-bg); color: var(--warning); font-weight: 600; }
            td.pair.untested { background: var(--soft); color: var(--muted); }
            .risk.warning { color: var(--warning); }
            td.vantage { font-size: 12px; }
            td.vantage.differs { background: var(--problem-bg); box-shadow: inset 0 0 0 2px var(--problem); }
            td.vantage.differs .mark { color: var(--problem); font-weight: 700; }
            tr.row-421 td { background: var(--warning-bg) !important; }
            figure { margin: 8px 0; }
            figure.chart { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
            svg { font-family: "DejaVu Sans", "Segoe UI", system-ui, sans-serif; max-width: 100%; height: auto; }
            figcaption { color: var(--muted); font-size: 12px; }
            pre.notes { background: #fffef5; }
            table.env th { width: 180px; background: #eef2f7; }
            footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
            @media print {
              body { background: #fff; font-size: 11.5px; }
              main { max-width: none; padding: 0; }
              nav.toc { display: none; }
              h2 { break-after: avoid; }
              figure, tr, .finding { break-inside: avoid; }
              figure.chart, .scroll { overflow: visible; }
              table { font-size: 10.5px; }
              a { color: inherit; text-decoration: none; }
            }
            """;
}
