package dev.misdirect.cli;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TlsSettings;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text form of a probe: handshake table, SAN coverage matrix, shared addresses, findings. */
final class ProbeText {
    private static final int MAX_CELL = 44;

    private ProbeText() {
    }

    static void print(PrintWriter out, Inspection in) {
        handshakes(out, in.results());
        out.println();
        if (dns(out, in.results())) {
            out.println();
        }
        if (tlsSettings(out, in.results())) {
            out.println();
        }
        coverage(out, in.coverage());
        out.println();
        overlaps(out, in.overlaps());
        out.println();
        findings(out, in.findings());
    }

    static void handshakes(PrintWriter out, List<ProbeResult> results) {
        String stacks = results.stream().flatMap(r -> r.handshakes().stream()).map(Handshake::tlsStack)
                .flatMap(java.util.Optional::stream).distinct().collect(java.util.stream.Collectors.joining(", "));
        out.println(stacks.isEmpty() ? "Handshakes" : "Handshakes (made by " + stacks + ")");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"AUTHORITY", "ADDRESS", "SNI SENT", "STATUS", "TLS", "ALPN", "CIPHER", "LEAF", "VERDICT",
            "CLIENT CERT", "DNS ms", "TCP ms", "TLS ms"});
        List<String> notes = new ArrayList<>();
        for (ProbeResult r : results) {
            String key = r.authority().key();
            if (r.dnsError().isPresent()) {
                rows.add(new String[] {key, "-", r.authority().effectiveSni().orElse("(none)"), "DNS FAILED", "-", "-", "-",
                    "-", "-", "-", ms(r.dnsMicros()), "-", "-"});
                notes.add(key + ": " + r.dnsError().get());
                continue;
            }
            for (Handshake h : r.handshakes()) {
                String leaf = h.leaf().map(ProbeText::leafLabel).orElse("-");
                String client = h.clientCertRequested()
                        ? "requested" + (h.clientCertIssuers().isEmpty() ? "" : " (" + h.clientCertIssuers().size() + " CA"
                        + (h.clientCertIssuers().size() == 1 ? ")" : "s)"))
                        : "-";
                rows.add(new String[] {key, h.endpoint().toString(), h.sniSent().orElse("(none)"), h.status().toString(),
                    h.tlsVersion().orElse("-"), h.alpn().orElse("-"), h.cipherSuite().orElse("-"), leaf,
                    h.verdict().toString(), client, ms(h.timings().dnsMicros()), ms(h.timings().connectMicros()),
                    ms(h.timings().tlsMicros())});
                if (h.status() != HandshakeStatus.OK) {
                    notes.add(key + " " + h.endpoint() + ": " + h.message());
                }
                if (h.status() == HandshakeStatus.OK && h.verdict() != dev.misdirect.core.model.TrustVerdict.TRUSTED) {
                    notes.add(key + " " + h.endpoint() + ": " + h.verdict() + ": " + h.verdictReason());
                }
                if (!h.clientCertIssuers().isEmpty()) {
                    notes.add(key + " " + h.endpoint() + ": client certificate CAs named: " + String.join("; ", h.clientCertIssuers()));
                }
                h.resumed().ifPresent(res -> notes.add(key + " " + h.endpoint() + ": session "
                        + (res ? "resumed" : "not resumed") + " on a second handshake"));
                h.chainProblems().forEach(p -> notes.add(key + " " + h.endpoint() + ": chain: " + p));
            }
        }
        table(out, rows);
        throughProxy(results).ifPresent(p -> out.println("  through the proxy " + p + ": TCP ms is the connection to the"
                + " proxy and its CONNECT tunnel" + (results.stream().anyMatch(ProbeResult::resolvedByProxy)
                ? "; names shown with their own name as ADDRESS were resolved by the proxy (no address known here)" : "")));
        notes.forEach(n -> out.println("  " + n));
    }

    /** The proxy the handshakes went through, as their messages name it, when they did. */
    private static java.util.Optional<String> throughProxy(List<ProbeResult> results) {
        String mark = "handshake ok through the proxy ";
        return results.stream().flatMap(r -> r.handshakes().stream()).map(Handshake::message)
                .filter(m -> m.startsWith(mark)).map(m -> m.substring(mark.length())).findFirst();
    }

    /**
     * The HTTPS records (RFC 9460) asked for each authority, one row per record, and the Alt-Svc headers when they
     * were asked ({@code --alt-svc}). Returns whether anything was printed.
     */
    static boolean dns(PrintWriter out, List<ProbeResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"AUTHORITY", "NAME ASKED", "HTTPS RECORD", "ALPN", "PORT", "IPV4HINT", "IPV6HINT", "ECH"});
        List<String> notes = new ArrayList<>();
        List<String> altSvc = new ArrayList<>();
        for (ProbeResult r : results) {
            r.altSvc().ifPresent(x -> altSvc.add(r.authority().key() + ": " + x.describe()));
            if (r.httpsRecords().isEmpty()) {
                continue;
            }
            HttpsRecords h = r.httpsRecords().get();
            String key = r.authority().key();
            if (h.outcome() != HttpsRecords.Outcome.RECORDS) {
                rows.add(new String[] {key, h.queriedName(), h.outcome() == HttpsRecords.Outcome.NONE ? "none" : "unknown",
                    "-", "-", "-", "-", "-"});
            }
            for (HttpsRecord rec : h.records()) {
                rows.add(new String[] {key, h.queriedName(), rec.priority() + " " + rec.target()
                        + (rec.aliasMode() ? " (alias)" : ""),
                    rec.alpn().isEmpty() ? "-" : String.join(",", rec.alpn()) + (rec.noDefaultAlpn() ? " (no-default-alpn)" : ""),
                    rec.port().map(String::valueOf).orElse("-"),
                    rec.ipv4Hints().isEmpty() ? "-" : String.join(",", rec.ipv4Hints()),
                    rec.ipv6Hints().isEmpty() ? "-" : String.join(",", rec.ipv6Hints()),
                    rec.echBytes().map(n -> n + " bytes").orElse("-")});
            }
            notes.add(key + ": " + (h.outcome() == HttpsRecords.Outcome.RECORDS ? "" : h.describe() + ", ")
                    + "from the " + h.source());
        }
        if (rows.size() == 1 && altSvc.isEmpty()) {
            return false;
        }
        out.println("DNS: HTTPS records (RFC 9460)");
        if (rows.size() > 1) {
            table(out, rows);
        } else {
            out.println("  none asked (address overrides, IP literals or a lab name map)");
        }
        notes.forEach(n -> out.println("  " + n));
        if (altSvc.isEmpty()) {
            out.println("  Alt-Svc: not asked (the probe sends no HTTP request; --alt-svc sends one HEAD per authority)");
        } else {
            altSvc.forEach(n -> out.println("  " + n));
        }
        return true;
    }

    /**
     * The settings pass's table, when it ran: one row per name and address; the cipher suites by their number in the
     * legend printed below it. Returns whether anything was printed.
     */
    static boolean tlsSettings(PrintWriter out, List<ProbeResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"AUTHORITY", "ADDRESS", "VERSIONS", "TLS 1.2 SUITES", "CLIENT CERT", "ALPN", "HELLOS"});
        for (ProbeResult r : results) {
            for (Handshake h : r.handshakes()) {
                h.tlsSettings().ifPresent(t -> rows.add(new String[] {r.authority().key(), h.endpoint().toString(),
                    t.acceptedVersions().isEmpty() ? "none" : String.join(" ", t.acceptedVersions()),
                    dev.misdirect.core.report.TlsSettingsTable.suites(t), t.clientCertificate().name().toLowerCase(java.util.Locale.ROOT),
                    t.acceptedAlpn().isEmpty() ? "none" : String.join(" ", t.acceptedAlpn()),
                    Integer.toString(t.clientHellos())}));
            }
        }
        if (rows.size() == 1) {
            return false;
        }
        out.println("TLS settings (what each name is accepted with, offered one at a time)");
        table(out, rows);
        out.println("  suites: " + dev.misdirect.core.report.TlsSettingsTable.suiteLegend());
        return true;
    }

    static void coverage(PrintWriter out, CoverageMatrix m) {
        out.println("SAN coverage (rows: authorities; columns: leaf certificates served; * = served to that authority)");
        if (m.certificates().isEmpty()) {
            out.println("  no certificate was served");
            return;
        }
        for (int i = 0; i < m.certificates().size(); i++) {
            CertificateInfo c = m.certificates().get(i);
            List<String> sans = new ArrayList<>(c.dnsNames());
            sans.addAll(c.ipAddresses());
            out.println("  [" + (i + 1) + "] " + c.subject() + ", issuer " + c.issuer() + ", SANs "
                    + (sans.isEmpty() ? "(none)" : String.join(", ", sans)) + ", SHA-256 " + c.sha256Fingerprint());
        }
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[m.certificates().size() + 1];
        head[0] = "AUTHORITY";
        for (int i = 0; i < m.certificates().size(); i++) {
            head[i + 1] = "[" + (i + 1) + "]";
        }
        rows.add(head);
        List<String> reasons = new ArrayList<>();
        for (String key : m.authorityKeys()) {
            String[] row = new String[head.length];
            row[0] = key;
            for (int i = 0; i < m.certificates().size(); i++) {
                CertificateInfo c = m.certificates().get(i);
                CoverageCell cell = m.cell(key, c.sha256Fingerprint()).orElseThrow();
                row[i + 1] = (cell.covered() ? "covered" : "NOT covered") + (cell.servedToAuthority() ? "*" : "");
                if (cell.servedToAuthority() || m.certificates().size() <= 4) {
                    reasons.add(key + " × [" + (i + 1) + "]: " + cell.reason());
                }
            }
            rows.add(row);
        }
        table(out, rows);
        reasons.forEach(r -> out.println("  " + r));
    }

    static void overlaps(PrintWriter out, List<OverlapGroup> groups) {
        out.println("Shared addresses (the precondition of HTTP/2 coalescing)");
        if (groups.isEmpty()) {
            out.println("  none: no two authorities resolve to the same address and port");
            return;
        }
        for (OverlapGroup g : groups) {
            List<String> keys = g.authorityKeys();
            // a long list is counted (--json keeps every name)
            out.println("  " + g.endpoint() + "  " + (keys.size() > 3 ? keys.size() + " names: " + keys.get(0) + " … "
                    + keys.get(keys.size() - 1) : String.join(", ", keys)));
        }
    }

    static void findings(PrintWriter out, List<Finding> findings) {
        out.println("Findings");
        if (findings.isEmpty()) {
            out.println("  none");
            return;
        }
        for (Finding f : findings) {
            out.println("  [" + f.severity() + "] " + f.title());
            out.println("    Details: " + f.details());
            out.println("    Cause:   " + f.explanation());
            out.println("    Fix:     " + f.fix());
        }
    }

    private static String leafLabel(CertificateInfo c) {
        List<String> sans = new ArrayList<>(c.dnsNames());
        sans.addAll(c.ipAddresses());
        String first = sans.isEmpty() ? c.subject() : sans.get(0);
        return sans.size() > 1 ? first + " +" + (sans.size() - 1) : first;
    }

    static String ms(long micros) {
        return micros == PhaseTimings.NOT_MEASURED ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static void table(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                r[i] = clip(r[i]);
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
