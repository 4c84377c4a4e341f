package dev.misdirect.ui.common;

import javafx.scene.control.TableCell;

/** A table cell that shows a {@link VerdictText}: its words, and its verdict as {@code :ok} / {@code :bad}. */
public final class VerdictCell<S> extends TableCell<S, VerdictText> {
    /** @param styleClass what the style sheet calls the column's cells ({@code handshake-verdict}) */
    public VerdictCell(String styleClass) {
        getStyleClass().add(styleClass);
    }

    @Override
    protected void updateItem(VerdictText item, boolean empty) {
        super.updateItem(item, empty);
        VerdictText shown = empty || item == null ? VerdictText.NONE : item;
        setText(empty || item == null ? null : shown.text());
        Verdict.show(this, shown.verdict());
    }
}
