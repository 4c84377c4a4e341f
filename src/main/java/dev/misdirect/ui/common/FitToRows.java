package dev.misdirect.ui.common;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

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
    static final double FRAME_PX = 56;
    /** Room for a list's horizontal scroll bar and border. */
    static final double LIST_FRAME_PX = 22;

    private FitToRows() {
    }

    /** Sizes {@code table} to its rows from now on (also after its items list is replaced). */
    public static void install(TableView<?> table, int minRows) {
        table.setFixedCellSize(ROW_PX);
        install(table, table.itemsProperty(), FRAME_PX, minRows);
    }

    /** Sizes {@code list} (one line of text per item) to its rows, as a table without a column header. */
    public static void install(ListView<?> list, int minRows) {
        list.setFixedCellSize(ROW_PX);
        install(list, list.itemsProperty(), LIST_FRAME_PX, minRows);
    }

    private static void install(Region view, ObjectProperty<? extends ObservableList<?>> items, double frame,
                                int minRows) {
        if (minRows < 1) {
            throw new IllegalArgumentException("minRows must be at least 1, was " + minRows);
        }
        view.setMinHeight(frame + minRows * ROW_PX);
        bind(view, items, frame, minRows);
        items.addListener((o, was, now) -> bind(view, items, frame, minRows));
    }

    /** A table's height for {@code rows} rows (at least {@code minRows}). */
    static double height(int rows, int minRows) {
        return FRAME_PX + Math.max(minRows, rows) * ROW_PX;
    }

    private static void bind(Region view, ObjectProperty<? extends ObservableList<?>> items, double frame,
                             int minRows) {
        ObservableList<?> list = items.get();
        Observable count = list == null ? items : Bindings.size(list);
        DoubleBinding tall = Bindings.createDoubleBinding(
                () -> frame + Math.max(minRows, list == null ? 0 : list.size()) * ROW_PX, count);
        view.prefHeightProperty().bind(tall);
        view.maxHeightProperty().bind(tall);
    }
}
