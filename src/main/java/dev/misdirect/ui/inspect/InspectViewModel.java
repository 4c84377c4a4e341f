package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.VantageRecord;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Inspect screen: handshakes table beside the SAN coverage matrix, the IP-overlap groups, and the certificate of
 * the selection. {@link #selectedAuthorityProperty()} (a {@code host:port}, {@code null} when none) links the table,
 * the matrix and the findings both ways; selecting a handshake selects its authority and the reverse picks the
 * first handshake of that authority. UI thread only.
 */
public final class InspectViewModel {
    private final ReadOnlyObjectWrapper<Inspection> inspection = new ReadOnlyObjectWrapper<>(this, "inspection",
            new Inspection(List.of(), CoverageMatrix.empty(), List.of(), List.of()));
    private final ObservableList<HandshakeRow> handshakes = FXCollections.observableArrayList();
    private final ObservableList<String> overlaps = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<CoverageMatrix> coverage = new ReadOnlyObjectWrapper<>(this, "coverage", CoverageMatrix.empty());
    private final StringProperty selectedAuthority = new SimpleStringProperty(this, "selectedAuthority");
    private final ObjectProperty<HandshakeRow> selectedHandshake = new SimpleObjectProperty<>(this, "selectedHandshake");
    private final ReadOnlyStringWrapper certificateDetails = new ReadOnlyStringWrapper(this, "certificateDetails", "");
    private final ReadOnlyStringWrapper certificatePem = new ReadOnlyStringWrapper(this, "certificatePem", "");
    private final ReadOnlyStringWrapper dnsFacts = new ReadOnlyStringWrapper(this, "dnsFacts", DnsFacts.of(Optional.empty()));
    private final ReadOnlyStringWrapper emptyMessage = new ReadOnlyStringWrapper(this, "emptyMessage",
            "Nothing probed yet: add authorities and press Probe (Ctrl+Enter).");
    private final ObservableList<String> vantageChoices = FXCollections.observableArrayList(ALL_VANTAGES);
    private final StringProperty vantage = new SimpleStringProperty(this, "vantage", ALL_VANTAGES);
    private final ReadOnlyBooleanWrapper merged = new ReadOnlyBooleanWrapper(this, "merged", false);
    private final StringProperty vantageLabel = new SimpleStringProperty(this, "vantageLabel", "");
    private List<VantageRecord> vantages = List.of();
    private Map<String, Inspection> byVantage = Map.of();
    private boolean linking;

    /** The vantage filter's choice that shows every vantage. */
    public static final String ALL_VANTAGES = "All vantages";

    public InspectViewModel() {
        vantage.addListener((o, was, now) -> showVantage());
        selectedAuthority.addListener((o, was, key) -> {
            if (linking) {
                return;
            }
            linking = true;
            try {
                HandshakeRow current = selectedHandshake.get();
                if (key == null) {
                    selectedHandshake.set(null);
                } else if (current == null || !key.equals(current.authorityKey())) {
                    selectedHandshake.set(handshakes.stream().filter(r -> r.authorityKey().equals(key)).findFirst().orElse(null));
                }
            } finally {
                linking = false;
            }
            describeSelection();
        });
        selectedHandshake.addListener((o, was, row) -> {
            if (!linking) {
                linking = true;
                try {
                    selectedAuthority.set(row == null ? null : row.authorityKey());
                } finally {
                    linking = false;
                }
            }
            describeSelection();
        });
        describeSelection();
    }

    /**
     * Shows a new inspection; keeps the selected authority when it is still there. The vantages of a merged session
     * shown before are dropped: the inspection is a probe of its own.
     */
    public void show(Inspection result) {
        vantages = List.of();
        byVantage = Map.of();
        merged.set(false);
        vantageChoices.setAll(ALL_VANTAGES);
        vantage.set(ALL_VANTAGES);
        inspection.set(result);
        showRows(result.results().stream().flatMap(p -> rowsOf(p).stream()).toList(), result);
    }

    /**
     * Shows a merged session's vantages beside the inspection shown (the first vantage's): the handshakes of every
     * vantage with a vantage column, and a filter by vantage whose choice also shows that vantage's SAN coverage and
     * shared addresses ({@code analyse} recomputes them; pure). Fewer than two vantages: nothing changes.
     */
    public void showVantages(List<VantageRecord> records, Function<List<ProbeResult>, Inspection> analyse) {
        if (records.size() < 2) {
            return;
        }
        vantages = List.copyOf(records);
        Map<String, Inspection> each = new LinkedHashMap<>();
        records.forEach(r -> each.put(r.name(), analyse.apply(r.probes())));
        byVantage = each;
        List<String> choices = new ArrayList<>(List.of(ALL_VANTAGES));
        choices.addAll(each.keySet());
        vantageChoices.setAll(choices);
        merged.set(true);
        vantage.set(ALL_VANTAGES);
        showVantage();
    }

    /** The rows, SAN coverage and shared addresses of the chosen vantage (all vantages: the first one's coverage). */
    private void showVantage() {
        if (vantages.isEmpty()) {
            return;
        }
        String chosen = Objects.requireNonNullElse(vantage.get(), ALL_VANTAGES);
        List<HandshakeRow> rows = new ArrayList<>();
        for (VantageRecord r : vantages) {
            if (ALL_VANTAGES.equals(chosen) || r.name().equals(chosen)) {
                r.probes().forEach(p -> rowsOf(p).forEach(row -> rows.add(row.from(r.name()))));
            }
        }
        Inspection shown = byVantage.getOrDefault(chosen, byVantage.get(vantages.get(0).name()));
        showRows(rows, shown);
    }

    private void showRows(List<HandshakeRow> rows, Inspection result) {
        String keep = selectedAuthority.get();
        handshakes.setAll(rows);
        coverage.set(result.coverage());
        overlaps.setAll(result.overlaps().stream().map(InspectViewModel::describe).toList());
        emptyMessage.set(handshakes.isEmpty() ? "Nothing probed yet: add authorities and press Probe (Ctrl+Enter)." : "");
        selectedAuthority.set(null);
        if (keep != null && handshakes.stream().anyMatch(r -> r.authorityKey().equals(keep))) {
            selectedAuthority.set(keep);
        }
    }

    /** The label the next probes record as their vantage (a region, a runner); blank for none. */
    public StringProperty vantageLabelProperty() {
        return vantageLabel;
    }

    /** A merged session's vantages, as shown (empty for a session of one vantage); saved with the session. */
    public List<VantageRecord> vantages() {
        return vantages;
    }

    /** "All vantages", then each vantage's name (only the first when the session is not merged). */
    public ObservableList<String> vantageChoices() {
        return vantageChoices;
    }

    /** The vantage whose handshakes are shown, or {@link #ALL_VANTAGES}. */
    public StringProperty vantageProperty() {
        return vantage;
    }

    /** True while a merged session's vantages are shown (the vantage column and filter are then visible). */
    public ReadOnlyBooleanProperty mergedProperty() {
        return merged.getReadOnlyProperty();
    }

    /** One row per handshake; one row saying why for an authority that reached no address. */
    private static List<HandshakeRow> rowsOf(ProbeResult p) {
        return p.handshakes().isEmpty() ? List.of(HandshakeRow.unreached(p))
                : p.handshakes().stream().map(HandshakeRow::of).toList();
    }

    static String describe(OverlapGroup g) {
        return "⇄ " + g.endpoint() + " shared by " + String.join(", ", g.authorityKeys());
    }

    private void describeSelection() {
        String key = selectedAuthority.get();
        dnsFacts.set(DnsFacts.of(key == null ? Optional.empty() : inspection.get().results().stream()
                .filter(r -> r.authority().key().equals(key)).findFirst()));
        HandshakeRow row = selectedHandshake.get();
        if (row == null || row.handshake().flatMap(Handshake::leaf).isEmpty()) {
            certificateDetails.set(row == null ? "Select a handshake or a matrix row to see its certificate."
                    : "No certificate: " + row.problem());
            certificatePem.set("");
            return;
        }
        Handshake h = row.handshake().orElseThrow();
        CertificateInfo c = h.leaf().orElseThrow();
        DateTimeFormatter day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        sb.append("Served to ").append(h.authorityKey()).append(" on ").append(h.endpoint())
                .append(" (SNI ").append(h.sniSent().orElse("none")).append(")\n\n");
        sb.append("Subject    ").append(c.subject()).append('\n');
        sb.append("Issuer     ").append(c.issuer()).append('\n');
        sb.append("SANs       ").append(String.join(", ", c.dnsNames()));
        if (!c.ipAddresses().isEmpty()) {
            sb.append(c.dnsNames().isEmpty() ? "" : ", ").append(String.join(", ", c.ipAddresses()));
        }
        sb.append('\n');
        sb.append("Valid      ").append(day.format(c.notBefore())).append(" → ").append(day.format(c.notAfter())).append('\n');
        sb.append("Key        ").append(c.keyAlgorithm()).append(c.keyBits() > 0 ? " " + c.keyBits() + " bits" : "")
                .append(", ").append(c.signatureAlgorithm()).append('\n');
        sb.append("Serial     ").append(c.serialHex()).append('\n');
        sb.append("SHA-256    ").append(c.sha256Fingerprint()).append('\n');
        sb.append("Verdict    ").append(row.verdict().text()).append(" — ").append(h.verdictReason()).append('\n');
        sb.append("Chain      ").append(h.chain().size()).append(h.chain().size() == 1 ? " certificate" : " certificates");
        h.chainProblems().forEach(p -> sb.append("\n           ⚠ ").append(p));
        if (h.clientCertRequested()) {
            sb.append("\nClient cert requested by the server")
                    .append(h.clientCertIssuers().isEmpty() ? "" : " (issuers: " + String.join("; ", h.clientCertIssuers()) + ")");
        }
        h.tlsSettings().ifPresent(t -> {
            sb.append("\n\nTLS settings (accepted when offered one at a time, ").append(t.clientHellos())
                    .append(" handshakes)\n");
            sb.append("Versions   ").append(t.acceptedVersions().isEmpty() ? "none" : String.join(" + ", t.acceptedVersions()))
                    .append('\n');
            sb.append("TLS 1.2    ").append(t.testedCipherSuites().isEmpty() ? "not asked (TLS 1.2 not accepted)"
                    : t.acceptedCipherSuites().size() + " of " + t.testedCipherSuites().size() + " suites"
                    + (t.acceptedCipherSuites().isEmpty() ? "" : ": " + String.join(", ", t.acceptedCipherSuites())))
                    .append('\n');
            sb.append("Client cert ").append(t.clientCertificate().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
            sb.append("ALPN       ").append(t.acceptedAlpn().isEmpty() ? "none" : String.join(", ", t.acceptedAlpn()));
        });
        certificateDetails.set(sb.toString());
        certificatePem.set(h.chain().stream().map(CertificateInfo::pem).filter(Objects::nonNull)
                .reduce((a, b) -> a.strip() + "\n" + b.strip()).orElse(""));
    }

    public ReadOnlyObjectProperty<Inspection> inspectionProperty() {
        return inspection.getReadOnlyProperty();
    }

    public ObservableList<HandshakeRow> handshakes() {
        return handshakes;
    }

    /** One sentence per group of authorities sharing an address. */
    public ObservableList<String> overlaps() {
        return overlaps;
    }

    public ReadOnlyObjectProperty<CoverageMatrix> coverageProperty() {
        return coverage.getReadOnlyProperty();
    }

    public StringProperty selectedAuthorityProperty() {
        return selectedAuthority;
    }

    public ObjectProperty<HandshakeRow> selectedHandshakeProperty() {
        return selectedHandshake;
    }

    public ReadOnlyStringProperty certificateDetailsProperty() {
        return certificateDetails.getReadOnlyProperty();
    }

    /** The served chain in PEM form, leaf first ("" when nothing is selected). */
    public ReadOnlyStringProperty certificatePemProperty() {
        return certificatePem.getReadOnlyProperty();
    }

    /** The selected authority's HTTPS records and Alt-Svc, as {@link DnsFacts} words them. */
    public ReadOnlyStringProperty dnsFactsProperty() {
        return dnsFacts.getReadOnlyProperty();
    }

    /** What to show instead of an empty table ("" when there is data). */
    public ReadOnlyStringProperty emptyMessageProperty() {
        return emptyMessage.getReadOnlyProperty();
    }
}
