package dev.misdirect.cli;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
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
        notes.forEach(n -> out.println("  " + n));
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
