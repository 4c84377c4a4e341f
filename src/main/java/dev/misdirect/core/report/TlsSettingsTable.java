package dev.misdirect.core.report;

import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.TlsSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The reports' table of TLS settings per name ({@code probe --tls-settings}): one row per name and address that the
 * settings pass measured, with what the server accepted when offered one at a time, and for each column whether the
 * names on that address differ in it (what Apache refuses with 421 when one connection is shared). Pure.
 *
 * @param rows in the session's probe order
 */
public record TlsSettingsTable(List<Row> rows) {

    /** The columns that may differ between names on one address. */
    public enum Column { VERSIONS, SUITES, CLIENT_CERTIFICATE, ALPN }

    /**
     * One name on one address.
     *
     * @param authority         the authority's key
     * @param address           the address and port
     * @param versions          the accepted TLS versions, "none" when none was
     * @param suites            the accepted TLS 1.2 suites by their number in {@link #suiteLegend()}; "-" when TLS 1.2
     *                          was not tested, "none" when none was accepted
     * @param clientCertificate "none", "requested" or "required"
     * @param alpn              the accepted ALPN protocols, "none" when none was
     * @param differs           the columns in which this name differs from another name on the same address
     */
    public record Row(String authority, String address, String versions, String suites, String clientCertificate,
                      String alpn, Set<Column> differs) {
        public Row {
            differs = differs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(differs));
        }

        public String value(Column c) {
            return switch (c) {
                case VERSIONS -> versions;
                case SUITES -> suites;
                case CLIENT_CERTIFICATE -> clientCertificate;
                case ALPN -> alpn;
            };
        }
    }

    public TlsSettingsTable {
        rows = List.copyOf(rows);
    }

    /** The table of a session's probes; empty when the settings pass did not run. */
    public static TlsSettingsTable of(Session s) {
        return of(s.probes());
    }

    /** The table of these probe results; empty when the settings pass did not run. */
    public static TlsSettingsTable of(List<ProbeResult> results) {
        List<Row> plain = new ArrayList<>();
        for (ProbeResult r : results) {
            for (Handshake h : r.handshakes()) {
                h.tlsSettings().ifPresent(t -> plain.add(new Row(r.authority().key(), h.endpoint().toString(),
                        listOrNone(t.acceptedVersions()), suites(t),
                        t.clientCertificate().name().toLowerCase(Locale.ROOT), listOrNone(t.acceptedAlpn()), Set.of())));
            }
        }
        Map<String, List<Row>> byAddress = new LinkedHashMap<>();
        plain.forEach(row -> byAddress.computeIfAbsent(row.address(), a -> new ArrayList<>()).add(row));
        List<Row> rows = new ArrayList<>();
        for (Row row : plain) {
            List<Row> same = byAddress.get(row.address());
            EnumSet<Column> differs = EnumSet.noneOf(Column.class);
            for (Column c : Column.values()) {
                if (distinct(same, r -> r.value(c)) > 1) {
                    differs.add(c);
                }
            }
            rows.add(new Row(row.authority(), row.address(), row.versions(), row.suites(), row.clientCertificate(),
                    row.alpn(), differs));
        }
        return new TlsSettingsTable(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** True when names on one address differ in any column. */
    public boolean anyDifference() {
        return rows.stream().anyMatch(r -> !r.differs().isEmpty());
    }

    /** "1 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 2 …": the suite numbers the {@code suites} column uses. */
    public static String suiteLegend() {
        List<String> legend = new ArrayList<>();
        for (int i = 0; i < TlsSettings.TLS12_CIPHER_SUITES.size(); i++) {
            legend.add((i + 1) + " " + TlsSettings.TLS12_CIPHER_SUITES.get(i));
        }
        return String.join(", ", legend);
    }

    /** The accepted TLS 1.2 suites by their number in the legend; "-" when TLS 1.2 was not tested. */
    public static String suites(TlsSettings t) {
        if (t.testedCipherSuites().isEmpty()) {
            return "-";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TlsSettings.TLS12_CIPHER_SUITES.size(); i++) {
            if (t.acceptedCipherSuites().contains(TlsSettings.TLS12_CIPHER_SUITES.get(i))) {
                out.add(Integer.toString(i + 1));
            }
        }
        return out.isEmpty() ? "none" : String.join(" ", out);
    }

    private static String listOrNone(List<String> values) {
        return values.isEmpty() ? "none" : String.join(" ", values);
    }

    private static long distinct(List<Row> rows, Function<Row, String> value) {
        return rows.stream().map(value).distinct().count();
    }
}
