package dev.misdirect.ui.common;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.scene.control.TableView;

/**
 * A table as tall as its rows (at least {@code minRows}, at most the space its parent gives it), with rows of the
 * theme's height. A table fills all of its height with rows, empty ones too, each with a cell per column, and makes
 * them all in the one layout that first gives it items: a screen-tall table of ten columns is some 150 cells at once
 * for its first row. As tall as its rows, it makes cells for the rows it has (and scrolls as usual once they outgrow
 * the space). Put the table in a box that places it at the top (a {@code VBox}); the box keeps the rest. UI thread.
 */
public final class FitToRows {
    /** A row: the theme's {@code -fx-cell-size} (2 em of its 13 px font). */
    public static final double ROW_PX = 26;
    /** Room for the column header, a horizontal scroll bar and the table's border. */
    static final double FRAME_PX = 48;

    private FitToRows() {
    }

    /** Sizes {@code table} to its rows from now on (also after its items list is replaced). */
    public static void install(TableView<?> table, int minRows) {
        if (minRows < 1) {
            throw new IllegalArgumentException("minRows must be at least 1, was " + minRows);
        }
        table.setFixedCellSize(ROW_PX);
        table.setMinHeight(FRAME_PX + minRows * ROW_PX);
        bind(table, minRows);
        table.itemsProperty().addListener((o, was, now) -> bind(table, minRows));
    }

    /** The height for {@code rows} rows (at least {@code minRows}). */
    public static double height(int rows, int minRows) {
        return FRAME_PX + Math.max(minRows, rows) * ROW_PX;
    }

    private static void bind(TableView<?> table, int minRows) {
        Observable count = table.getItems() == null ? table.itemsProperty() : Bindings.size(table.getItems());
        DoubleBinding tall = Bindings.createDoubleBinding(
                () -> height(table.getItems() == null ? 0 : table.getItems().size(), minRows), count);
        table.prefHeightProperty().bind(tall);
        table.maxHeightProperty().bind(tall);
    }
}
