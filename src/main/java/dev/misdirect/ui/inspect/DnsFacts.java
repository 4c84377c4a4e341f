package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.ProbeResult;

import java.util.List;
import java.util.Optional;

/**
 * What DNS and the server said about one authority's other ways in: its HTTPS records (RFC 9460) with where they
 * came from, and the Alt-Svc header when it was asked. "none" and "unknown" are said as such, never left blank.
 * Pure.
 */
final class DnsFacts {
    private DnsFacts() {
    }

    /** The text for {@code result}, or what to select when there is none. */
    static String of(Optional<ProbeResult> result) {
        if (result.isEmpty()) {
            return "Select a handshake or a matrix row to see its HTTPS records and Alt-Svc.";
        }
        ProbeResult r = result.get();
        StringBuilder sb = new StringBuilder();
        sb.append("HTTPS records of ").append(r.authority().key()).append('\n');
        r.httpsRecords().ifPresentOrElse(h -> records(sb, h), () -> sb.append("  not asked: ")
                .append(r.resolvedByProxy() ? "the proxy resolved the name"
                        : r.addresses().isEmpty() ? "the name did not resolve"
                        : "the addresses came from " + r.addressSource() + " (address overrides, IP literals, a lab's "
                        + "name map and names that resolve to loopback only are not asked about)")
                .append('\n'));
        sb.append("\nAlt-Svc\n  ").append(r.altSvc().map(AltSvc::describe)
                .orElse("not asked (File › DNS server… › ask each name's Alt-Svc, then Probe)"));
        return sb.toString();
    }

    private static void records(StringBuilder sb, HttpsRecords h) {
        sb.append("  asked ").append(h.queriedName()).append(" of the ").append(h.source()).append('\n');
        switch (h.outcome()) {
            case NONE -> sb.append("  none: ").append(h.reason().orElse("no HTTPS record")).append('\n');
            case UNKNOWN -> sb.append("  unknown: ").append(h.reason().orElse("no answer")).append('\n');
            case RECORDS -> h.records().forEach(rec -> record(sb, rec));
        }
    }

    private static void record(StringBuilder sb, HttpsRecord rec) {
        sb.append("  priority ").append(rec.priority()).append(", target ").append(rec.target());
        if (rec.aliasMode()) {
            sb.append(" (alias mode: a client asks ").append(rec.target()).append(" instead)\n");
            return;
        }
        sb.append('\n');
        line(sb, "alpn", rec.alpn().isEmpty() ? "none listed" : String.join(", ", rec.alpn()));
        line(sb, "no-default-alpn", rec.noDefaultAlpn() ? "yes (http/1.1 is not offered)" : "no");
        line(sb, "port", rec.port().map(String::valueOf).orElse("none (the authority's own)"));
        line(sb, "ipv4hint", list(rec.ipv4Hints()));
        line(sb, "ipv6hint", list(rec.ipv6Hints()));
        line(sb, "ech", rec.echBytes().map(n -> n + " bytes").orElse("none"));
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append("    ").append(name).append(' ').append(".".repeat(Math.max(1, 16 - name.length()))).append(' ')
                .append(value).append('\n');
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }
}
