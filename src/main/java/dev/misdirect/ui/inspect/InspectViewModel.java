package dev.misdirect.ui.inspect;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.OverlapGroup;
import dev.misdirect.core.model.ProbeResult;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    private boolean linking;

    public InspectViewModel() {
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

    /** Shows a new inspection; keeps the selected authority when it is still there. */
    public void show(Inspection result) {
        String keep = selectedAuthority.get();
        inspection.set(result);
        handshakes.setAll(result.results().stream().flatMap(p -> rowsOf(p).stream()).toList());
        coverage.set(result.coverage());
        overlaps.setAll(result.overlaps().stream().map(InspectViewModel::describe).toList());
        emptyMessage.set(handshakes.isEmpty() ? "Nothing probed yet: add authorities and press Probe (Ctrl+Enter)." : "");
        selectedAuthority.set(null);
        if (keep != null && handshakes.stream().anyMatch(r -> r.authorityKey().equals(keep))) {
            selectedAuthority.set(keep);
        }
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
