package dev.misdirect.ui.app;

import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * File › Proxy…: a small dialog that sets the {@link ProxySetting}. A proxy Misdirect cannot use keeps the dialog open
 * with the reason under the field; nothing set before is lost. Runs on the FX thread.
 */
final class ProxyDialog {
    private ProxyDialog() {
    }

    /** Adds "Proxy…" to the window's File menu (before Import), opening the dialog; {@code said} hears what changed. */
    static void install(Scene scene, ProxySetting setting, Consumer<String> said) {
        MenuBar bar = (MenuBar) Objects.requireNonNull(scene.lookup("#menuBar"), "the window has no #menuBar");
        Menu file = bar.getMenus().get(0);
        MenuItem item = new MenuItem("Pro_xy…");
        item.setId("proxyItem");
        item.setOnAction(e -> open(scene.getWindow(), setting).ifPresent(said));
        int at = file.getItems().stream().filter(i -> "importItem".equals(i.getId())).findFirst()
                .map(file.getItems()::indexOf).orElse(file.getItems().size());
        file.getItems().addAll(at, java.util.List.of(item, new SeparatorMenuItem()));
    }

    /** Shows the dialog and waits; the status line to show when the setting changed. */
    static Optional<String> open(Window owner, ProxySetting setting) {
        Dialog<ButtonType> d = dialog(setting);
        d.initOwner(owner);
        return d.showAndWait().filter(ButtonType.OK::equals).map(b -> setting.proxy()
                .map(p -> "Probe and Replay of real systems go through the proxy " + p)
                .orElse("Probe and Replay of real systems connect directly (no proxy)"));
    }

    /** The dialog over {@code setting}: OK sets it, or stays open with the reason. */
    static Dialog<ButtonType> dialog(ProxySetting setting) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Proxy");
        d.setHeaderText("An HTTP proxy (CONNECT) for Probe and Replay of real systems; lab sessions never use it.");
        TextField url = new TextField(setting.text());
        url.setId("proxyUrl");
        url.setPromptText("http://[USER@]HOST:PORT — blank: connect directly");
        url.setPrefColumnCount(36);
        PasswordField password = new PasswordField();
        password.setId("proxyPassword");
        password.setText(setting.password());
        password.setPromptText("only when the proxy asks for credentials");
        Label error = new Label();
        error.setId("proxyError");
        error.getStyleClass().add("status-bad");
        error.setWrapText(true);
        error.setMaxWidth(480);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Proxy"), url);
        grid.addRow(1, new Label("Password"), password);
        grid.add(error, 1, 2);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> setting.set(url.getText(), password.getText()).ifPresent(reason -> {
            error.setText("✘ " + reason);
            e.consume();
        }));
        return d;
    }
}
