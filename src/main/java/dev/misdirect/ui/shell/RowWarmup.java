package dev.misdirect.ui.shell;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;

import java.util.ArrayList;
import java.util.List;

/**
 * Throw-away rows shown to nobody: a table row and a few list rows of text, put hidden (invisible, out of layout,
 * clipped to nothing) into the window for a few pulses while it is idle, so that the first rows of the real tables and
 * lists (the Inspect screen's, when the probe's results arrive) do not pay alone for the first creation, styling and
 * layout of table rows, cells and list cells in this window (classes initialised, code compiled, style lookups
 * cached). UI thread.
 */
final class RowWarmup {
    /** Columns of the warm-up table: as many as the widest table of the window. */
    static final int COLUMNS = 10;
    /** Rows of the warm-up list. */
    static final int ROWS = 3;

    private final Pane into;
    private final List<Node> added = new ArrayList<>();
    private int steps;
    private TableView<String> table;
    private ListView<String> list;

    private RowWarmup(Pane into) {
        this.into = into;
    }

    /** The warm-up for this pane (the content of the window, where the screens are). */
    static RowWarmup into(Pane into) {
        return new RowWarmup(into);
    }

    /**
     * The next small step: the table with one column and one row, then a few columns more per step, then the list
     * (each step's first-time work in its own pulse, each step a few cells); false when all steps are done.
     */
    boolean addNext() {
        int step = steps++;
        switch (step) {
            case 0 -> {
                table = new TableView<>(FXCollections.observableArrayList(rows().subList(0, 1)));
                table.getColumns().add(column(0));
                put(table);
            }
            case 1 -> columnsUpTo(3);
            case 2 -> columnsUpTo(6);
            case 3 -> columnsUpTo(COLUMNS);
            case 4 -> {
                list = new ListView<>(FXCollections.observableArrayList(rows()));
                list.getStyleClass().add("overlap-list");
                put(list);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void columnsUpTo(int n) {
        for (int c = table.getColumns().size(); c < n; c++) {
            table.getColumns().add(column(c));
        }
    }

    private void put(Node next) {
        next.setVisible(false);
        next.setManaged(false);
        next.setClip(new Rectangle());
        next.resizeRelocate(0, 0, 900, 300);
        added.add(next);
        into.getChildren().add(next);
    }

    /** Takes every warm-up node out of the window again. */
    void remove() {
        into.getChildren().removeAll(added);
        added.clear();
        table = null;
        list = null;
    }

    /** The warm-up nodes now in the window (for tests). */
    List<Node> added() {
        return List.copyOf(added);
    }

    private static TableColumn<String, String> column(int index) {
        TableColumn<String, String> col = new TableColumn<>("Column " + (index + 1));
        col.setPrefWidth(90);
        col.setCellValueFactory(v -> new ReadOnlyStringWrapper(v.getValue() + " · " + index));
        return col;
    }

    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            rows.add("✔ row " + (r + 1) + " 127.0.0.1:8443 TLSv1.3 h2");
        }
        return rows;
    }
}
