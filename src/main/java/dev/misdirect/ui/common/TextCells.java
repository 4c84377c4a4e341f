package dev.misdirect.ui.common;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Text;
import javafx.util.Callback;

import java.util.function.Function;

/**
 * Cells of plain text that say what they cut: a cell whose text does not fit shows the whole text in a tooltip on
 * hover (made on the first hover, see {@link HoverTooltip}). UI thread.
 */
public final class TextCells {
    /** Tooltips wrap at this width. */
    private static final double TOOLTIP_WIDTH = 560;

    private TextCells() {
    }

    /** Table cells showing their item, with a tooltip when the column is too narrow for it. */
    public static <S> Callback<TableColumn<S, String>, TableCell<S, String>> table() {
        return column -> {
            TableCell<S, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            HoverTooltip.install(cell, () -> cut(cell.getText(), cell.getWidth() - cell.snappedLeftInset()
                    - cell.snappedRightInset(), cell), TOOLTIP_WIDTH);
            return cell;
        };
    }

    /** List cells showing {@code text} of their item, with a tooltip when the list is too narrow for it. */
    public static <T> Callback<ListView<T>, ListCell<T>> list(Function<T, String> text) {
        return list -> {
            ListCell<T> cell = new ListCell<>() {
                @Override
                protected void updateItem(T item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : text.apply(item));
                }
            };
            HoverTooltip.install(cell, () -> cut(cell.getText(), cell.getWidth() - cell.snappedLeftInset()
                    - cell.snappedRightInset(), cell), TOOLTIP_WIDTH);
            return cell;
        };
    }

    /** {@code text} when it is wider than {@code room} in the cell's font, else null (no tooltip). */
    private static String cut(String text, double room, javafx.scene.control.Labeled cell) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Text measure = new Text(text);
        measure.setFont(cell.getFont());
        return measure.getLayoutBounds().getWidth() > room ? text : null;
    }
}
