package dev.misdirect.ui.app;

import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

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
        Menu file = SettingDialogs.fileMenu(scene);
        MenuItem item = new MenuItem("Pro_xy…");
        item.setId("proxyItem");
        item.setOnAction(e -> open(scene.getWindow(), setting).ifPresent(said));
        int importAt = SettingDialogs.indexOf(file, "importItem");
        int at = importAt >= 0 ? importAt : file.getItems().size();
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
        TextField url = new TextField(setting.text());
        url.setId("proxyUrl");
        url.setPromptText("http://[USER@]HOST:PORT — blank: connect directly");
        url.setPrefColumnCount(36);
        PasswordField password = new PasswordField();
        password.setId("proxyPassword");
        password.setText(setting.password());
        password.setPromptText("only when the proxy asks for credentials");
        GridPane grid = new GridPane();
        grid.addRow(0, new Label("Proxy"), url);
        grid.addRow(1, new Label("Password"), password);
        return SettingDialogs.dialog("Proxy",
                "An HTTP proxy (CONNECT) for Probe and Replay of real systems; lab sessions never use it.", grid,
                "proxyError", () -> setting.set(url.getText(), password.getText()));
    }
}
