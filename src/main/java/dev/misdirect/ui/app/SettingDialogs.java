package dev.misdirect.ui.app;

import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.layout.GridPane;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the File menu's setting dialogs (Proxy…, DNS server…) share: where their items go in the File menu, and a
 * dialog whose OK applies the setting or stays open with the reason under the fields. FX thread.
 */
final class SettingDialogs {
    private SettingDialogs() {
    }

    /** The window's File menu. */
    static Menu fileMenu(Scene scene) {
        MenuBar bar = (MenuBar) Objects.requireNonNull(scene.lookup("#menuBar"), "the window has no #menuBar");
        return bar.getMenus().get(0);
    }

    /** The index of the item with this id in {@code menu}, or -1. */
    static int indexOf(Menu menu, String id) {
        return menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .map(menu.getItems()::indexOf).orElse(-1);
    }

    /**
     * A dialog titled {@code title} over {@code grid} (rows from 0 up; the reason goes in the row after them), whose OK
     * runs {@code apply}: a reason keeps it open with the reason shown in a label with id {@code errorId}.
     */
    static Dialog<ButtonType> dialog(String title, String header, GridPane grid, String errorId,
                                     Supplier<Optional<String>> apply) {
        Label error = new Label();
        error.setId(errorId);
        error.getStyleClass().add("status-bad");
        error.setWrapText(true);
        error.setMaxWidth(480);
        grid.setHgap(8);
        grid.setVgap(8);
        grid.add(error, 1, grid.getChildren().stream().mapToInt(SettingDialogs::row).max().orElse(-1) + 1);
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(title);
        d.setHeaderText(header);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> apply.get().ifPresent(reason -> {
            error.setText("✘ " + reason);
            e.consume();
        }));
        return d;
    }

    private static int row(Node n) {
        Integer r = GridPane.getRowIndex(n);
        return r == null ? 0 : r;
    }
}
