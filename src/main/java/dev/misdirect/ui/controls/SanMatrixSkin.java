package dev.misdirect.ui.controls;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.ui.common.HoverTooltip;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.GridPane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lays the matrix out as a grid of labels inside a scroll pane. */
public class SanMatrixSkin extends SkinBase<SanMatrix> {
    static final PseudoClass COVERED = PseudoClass.getPseudoClass("covered");
    static final PseudoClass UNCOVERED = PseudoClass.getPseudoClass("uncovered");
    static final PseudoClass SERVED = PseudoClass.getPseudoClass("served");
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    /** Tooltips wrap at this width (pixels). */
    private static final double TOOLTIP_WIDTH = 520;

    private final GridPane grid = new GridPane();
    private final Map<String, Label> cells = new LinkedHashMap<>();
    private final Map<String, List<Label>> rowNodes = new LinkedHashMap<>();
    private final RowFeeder rowFeeder = new RowFeeder(1);

    public SanMatrixSkin(SanMatrix control) {
        super(control);
        grid.getStyleClass().add("san-grid");
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(false);
        scroll.getStyleClass().add("san-scroll");
        getChildren().add(scroll);
        registerChangeListener(control.matrixProperty(), o -> rebuild());
        registerChangeListener(control.selectedAuthorityProperty(), o -> showSelection());
        rebuild();
    }

    private void rebuild() {
        CoverageMatrix m = getSkinnable().getMatrix();
        rowFeeder.clear();
        grid.getChildren().clear();
        cells.clear();
        rowNodes.clear();
        if (m.authorityKeys().isEmpty()) {
            Label empty = new Label("No certificates yet: probe the authorities to fill the matrix.");
            empty.getStyleClass().add("san-empty");
            grid.add(empty, 0, 0);
            return;
        }
        Label corner = new Label("Authority \\ certificate");
        corner.getStyleClass().addAll("san-header", "san-corner");
        grid.add(corner, 0, 0);
        List<CertificateInfo> certs = m.certificates();
        for (int c = 0; c < certs.size(); c++) {
            CertificateInfo cert = certs.get(c);
            Label head = new Label(columnTitle(c, cert));
            head.getStyleClass().addAll("san-header", "san-column-header");
            head.setWrapText(true);
            head.setMaxWidth(150);
            HoverTooltip.install(head, () -> cert.subject() + "\nissuer " + cert.issuer() + "\nSANs: "
                    + String.join(", ", concat(cert.dnsNames(), cert.ipAddresses()))
                    + "\nSHA-256 " + cert.sha256Fingerprint(), TOOLTIP_WIDTH);
            grid.add(head, c + 1, 0);
        }
        // the first row at once, then a row per pulse: a row is a label per certificate, and fifty rows of labels
        // styled and laid out in one pulse would hold the window up
        for (int r = 0; r < m.authorityKeys().size(); r++) {
            int row = r;
            if (r == 0) {
                addRow(m, certs, row);
            } else {
                rowFeeder.add(() -> addRow(m, certs, row));
            }
        }
    }

    private void addRow(CoverageMatrix m, List<CertificateInfo> certs, int r) {
        String key = m.authorityKeys().get(r);
        List<Label> row = new ArrayList<>();
        Label head = new Label(key);
        head.getStyleClass().addAll("san-header", "san-row-header");
        head.setOnMouseClicked(e -> getSkinnable().setSelectedAuthority(key));
        grid.add(head, 0, r + 1);
        row.add(head);
        boolean received = m.receivedCertificate(key);
        if (!received) {
            head.setText(key + "  ✘ no certificate received");
        }
        for (int c = 0; c < certs.size(); c++) {
            CertificateInfo cert = certs.get(c);
            Optional<CoverageCell> cell = m.cell(key, cert.sha256Fingerprint());
            Label label = new Label();
            label.getStyleClass().add("san-cell");
            label.setMaxWidth(Double.MAX_VALUE);
            if (cell.isPresent()) {
                CoverageCell cc = cell.get();
                // a name that received no certificate is not "not covered": say what a certificate would do, unstyled
                label.setText(received ? (cc.covered() ? "✔ covered" : "✘ not covered") + (cc.servedToAuthority() ? " ●" : "")
                        : cc.covered() ? "– would cover" : "– would not cover");
                label.pseudoClassStateChanged(COVERED, received && cc.covered());
                label.pseudoClassStateChanged(UNCOVERED, received && !cc.covered());
                label.pseudoClassStateChanged(SERVED, cc.servedToAuthority());
                HoverTooltip.install(label, () -> cc.reason() + (received ? ""
                        : " (" + key + " received no certificate: see its row on the handshakes table)"), TOOLTIP_WIDTH);
                label.setAccessibleText(key + " " + (cc.covered() ? "covered" : "not covered") + " by certificate "
                        + (c + 1) + ": " + cc.reason());
            } else {
                label.setText("– not checked");
            }
            label.setOnMouseClicked(e -> getSkinnable().setSelectedAuthority(key));
            cells.put(key + "|" + cert.sha256Fingerprint(), label);
            grid.add(label, c + 1, r + 1);
            row.add(label);
        }
        rowNodes.put(key, row);
        boolean selected = key.equals(getSkinnable().getSelectedAuthority());
        row.forEach(n -> n.pseudoClassStateChanged(SELECTED, selected));
    }

    /** The rows not in the grid yet (they go in a row per pulse after a new matrix). */
    int pendingRows() {
        return rowFeeder.pending();
    }

    @Override
    public void dispose() {
        rowFeeder.clear();
        super.dispose();
    }

    private void showSelection() {
        String selected = getSkinnable().getSelectedAuthority();
        rowNodes.forEach((key, nodes) -> nodes.forEach(n -> n.pseudoClassStateChanged(SELECTED, key.equals(selected))));
    }

    /** The cell label for this authority and certificate fingerprint (for tests and accessibility tools). */
    public Optional<Label> cell(String authorityKey, String certFingerprint) {
        return Optional.ofNullable(cells.get(authorityKey + "|" + certFingerprint));
    }

    static String columnTitle(int index, CertificateInfo cert) {
        List<String> names = concat(cert.dnsNames(), cert.ipAddresses());
        String name = names.isEmpty() ? cert.subject() : names.get(0) + (names.size() > 1 ? " +" + (names.size() - 1) : "");
        String fp = cert.sha256Fingerprint();
        return "#" + (index + 1) + " " + name + "\n" + (fp.length() > 11 ? fp.substring(0, 11) + "…" : fp);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
