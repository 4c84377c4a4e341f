package dev.misdirect.ui.controls;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.ui.common.HoverTooltip;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SkinBase;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lays the pairs out as a grid of labels inside a scroll pane; arrow keys move the selection cell by cell. */
public class PairMatrixSkin extends SkinBase<PairMatrix> {
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final Map<PairVerdict, PseudoClass> VERDICT = Map.of(
            PairVerdict.SHARED_OK, PseudoClass.getPseudoClass("shared-ok"),
            PairVerdict.REFUSED_421, PseudoClass.getPseudoClass("refused-421"),
            PairVerdict.MISROUTED, PseudoClass.getPseudoClass("misrouted"),
            PairVerdict.UNTESTED, PseudoClass.getPseudoClass("untested"));
    /** Rows put in the grid per pulse after a new run: fifty rows of fifty labels in one pulse would hold the window. */
    private static final int ROWS_PER_PULSE = 4;
    private static final double TOOLTIP_WIDTH = 520;

    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane(grid);
    /** The worst verification of each carrier × passenger, by "carrier|passenger". */
    private final Map<String, PairVerification> worst = new LinkedHashMap<>();
    private final Map<String, Label> cells = new HashMap<>();
    private List<String> carriers = List.of();
    private List<String> passengers = List.of();
    private final RowFeeder rowFeeder = new RowFeeder(ROWS_PER_PULSE);
    private Label selectedCell;

    public PairMatrixSkin(PairMatrix control) {
        super(control);
        grid.getStyleClass().add("pair-grid");
        scroll.getStyleClass().add("pair-scroll");
        scroll.setFocusTraversable(false);
        getChildren().add(scroll);
        registerChangeListener(control.runProperty(), o -> rebuild());
        registerChangeListener(control.selectedPairProperty(), o -> showSelection());
        control.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        rebuild();
    }

    static String key(String carrier, String passenger) {
        return carrier + "|" + passenger;
    }

    /** The cell's words: an icon and the verdict's id, so that colour is never the only sign. */
    static String cellText(PairVerdict v) {
        return switch (v) {
            case SHARED_OK -> "✔ shared-ok";
            case REFUSED_421 -> "⚠ refused-421";
            case MISROUTED -> "✘ misrouted";
            case UNTESTED -> "? untested";
        };
    }

    private void rebuild() {
        VerifyRun run = getSkinnable().getRun();
        rowFeeder.clear();
        grid.getChildren().clear();
        cells.clear();
        worst.clear();
        selectedCell = null;
        if (run == null || run.pairs().isEmpty()) {
            Label empty = new Label(run == null ? "Not verified yet." : "No pair verified: no two authorities share"
                    + " an address,\nand no client would coalesce any.");
            empty.setWrapText(true);
            empty.getStyleClass().add("pair-empty");
            grid.add(empty, 0, 0);
            return;
        }
        for (PairVerification p : run.pairs()) {
            worst.merge(key(p.carrier(), p.passenger()), p,
                    (a, b) -> Comparator.comparingInt((PairVerification x) -> x.verdict().badness()).compare(a, b) >= 0 ? a : b);
        }
        carriers = run.pairs().stream().map(PairVerification::carrier).distinct().toList();
        passengers = run.pairs().stream().map(PairVerification::passenger).distinct().toList();
        Label corner = new Label("Connection of ↓ · request of →");
        corner.getStyleClass().addAll("pair-header", "pair-corner");
        grid.add(corner, 0, 0);
        for (int c = 0; c < passengers.size(); c++) {
            Label head = new Label(passengers.get(c));
            head.getStyleClass().addAll("pair-header", "pair-column-header");
            grid.add(head, c + 1, 0);
        }
        for (int r = 0; r < carriers.size(); r++) {
            int row = r;
            if (r < ROWS_PER_PULSE) {
                addRow(row);
            } else {
                rowFeeder.add(() -> addRow(row));
            }
        }
        showSelection();
    }

    private void addRow(int r) {
        String carrier = carriers.get(r);
        Label head = new Label(carrier);
        head.getStyleClass().addAll("pair-header", "pair-row-header");
        grid.add(head, 0, r + 1);
        for (int c = 0; c < passengers.size(); c++) {
            String passenger = passengers.get(c);
            Label cell = new Label();
            cell.getStyleClass().add("pair-cell");
            cell.setMaxWidth(Double.MAX_VALUE);
            PairVerification v = worst.get(key(carrier, passenger));
            if (v == null) {
                cell.setText("—");
                cell.setAccessibleText(passenger + " on " + carrier + "'s connection: not verified");
            } else {
                cell.setText(cellText(v.verdict()));
                cell.pseudoClassStateChanged(VERDICT.get(v.verdict()), true);
                HoverTooltip.install(cell, () -> tooltip(v), TOOLTIP_WIDTH);
                cell.setAccessibleText(passenger + " on " + carrier + "'s connection: " + v.verdict().id() + ". "
                        + v.reason());
                cell.setOnMouseClicked(e -> {
                    getSkinnable().requestFocus();
                    getSkinnable().setSelectedPair(v);
                });
                cells.put(key(carrier, passenger), cell);
            }
            grid.add(cell, c + 1, r + 1);
        }
        PairVerification selected = getSkinnable().getSelectedPair();
        if (selected != null && selected.carrier().equals(carrier)) {
            showSelection();
        }
    }

    static String tooltip(PairVerification v) {
        return v.passenger() + " on " + v.carrier() + "'s connection @" + v.address() + ": " + v.verdict().id() + "\n"
                + v.reason() + (v.differences().isEmpty() ? "" : "\nWhat differed: " + String.join("; ", v.differences()));
    }

    private void showSelection() {
        if (selectedCell != null) {
            selectedCell.pseudoClassStateChanged(SELECTED, false);
        }
        PairVerification p = getSkinnable().getSelectedPair();
        selectedCell = p == null ? null : cells.get(key(p.carrier(), p.passenger()));
        if (selectedCell != null) {
            selectedCell.pseudoClassStateChanged(SELECTED, true);
            scrollTo(selectedCell);
        }
    }

    /** Arrow keys move the selection to the next verified cell in that direction. */
    private void onKey(KeyEvent e) {
        int dr = switch (e.getCode()) {
            case UP -> -1;
            case DOWN -> 1;
            default -> 0;
        };
        int dc = switch (e.getCode()) {
            case LEFT -> -1;
            case RIGHT -> 1;
            default -> 0;
        };
        if ((dr == 0 && dc == 0) || worst.isEmpty()) {
            return;
        }
        e.consume();
        PairVerification p = getSkinnable().getSelectedPair();
        if (p == null || !worst.containsKey(key(p.carrier(), p.passenger()))) {
            getSkinnable().setSelectedPair(worst.values().iterator().next());
            return;
        }
        int r0 = carriers.indexOf(p.carrier());
        int c0 = passengers.indexOf(p.passenger());
        // the next row (column) in that direction that has a verified cell, there the cell nearest the current column (row)
        int lines = dr != 0 ? carriers.size() : passengers.size();
        int across = dr != 0 ? passengers.size() : carriers.size();
        int from = dr != 0 ? r0 : c0;
        int at = dr != 0 ? c0 : r0;
        int step = dr != 0 ? dr : dc;
        for (int line = from + step; line >= 0 && line < lines; line += step) {
            for (int d = 0; d < across; d++) {
                for (int other : new int[]{at - d, at + d}) {
                    if (other < 0 || other >= across) {
                        continue;
                    }
                    PairVerification next = dr != 0 ? worst.get(key(carriers.get(line), passengers.get(other)))
                            : worst.get(key(carriers.get(other), passengers.get(line)));
                    if (next != null) {
                        getSkinnable().setSelectedPair(next);
                        return;
                    }
                }
            }
        }
    }

    /** Scrolls so that {@code cell} is in view. */
    private void scrollTo(Label cell) {
        Bounds content = grid.getLayoutBounds();
        Bounds view = scroll.getViewportBounds();
        Bounds b = cell.getBoundsInParent();
        scroll.setHvalue(inView(scroll.getHvalue(), b.getMinX(), b.getMaxX(), view.getWidth(), content.getWidth()));
        scroll.setVvalue(inView(scroll.getVvalue(), b.getMinY(), b.getMaxY(), view.getHeight(), content.getHeight()));
    }

    /**
     * The scroll value (0 to 1) along one axis that shows {@code min..max} of a content {@code size} long through a
     * view {@code view} long, moving as little as possible from {@code value}.
     */
    static double inView(double value, double min, double max, double view, double size) {
        double excess = size - view;
        if (excess <= 0) {
            return value;
        }
        double start = value * excess;
        if (min < start) {
            return min / excess;
        }
        return max > start + view ? Math.min(1, (max - view) / excess) : value;
    }

    /** The cell of B's request on A's connection, once its row is in the grid (for tests and accessibility tools). */
    public Optional<Label> cell(String carrier, String passenger) {
        return Optional.ofNullable(cells.get(key(carrier, passenger)));
    }

    /** The rows not in the grid yet. */
    int pendingRows() {
        return rowFeeder.pending();
    }

    @Override
    public void dispose() {
        rowFeeder.clear();
        super.dispose();
    }
}
