package dev.misdirect.ui.app;

import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * File › DNS server…: a small dialog that sets the {@link DnsSetting}. A server Misdirect cannot use keeps the dialog
 * open with the reason under the field; nothing set before is lost. Runs on the FX thread.
 */
final class DnsDialog {
    private DnsDialog() {
    }

    /** Adds "DNS server…" to the window's File menu (after Proxy…, else before Import), opening the dialog. */
    static void install(Scene scene, DnsSetting setting, Consumer<String> said) {
        Menu file = SettingDialogs.fileMenu(scene);
        MenuItem item = new MenuItem("_DNS server…");
        item.setId("dnsItem");
        item.setOnAction(e -> open(scene.getWindow(), setting).ifPresent(said));
        int proxy = SettingDialogs.indexOf(file, "proxyItem");
        int at = proxy >= 0 ? proxy + 1 : SettingDialogs.indexOf(file, "importItem");
        if (at < 0) {
            file.getItems().addAll(java.util.List.of(new javafx.scene.control.SeparatorMenuItem(), item));
        } else {
            file.getItems().add(at, item);
        }
    }

    /** Shows the dialog and waits; the status line to show when the setting changed. */
    static Optional<String> open(Window owner, DnsSetting setting) {
        Dialog<ButtonType> d = dialog(setting);
        d.initOwner(owner);
        return d.showAndWait().filter(ButtonType.OK::equals).map(b -> said(setting));
    }

    /** What changed, in one status line. */
    static String said(DnsSetting setting) {
        return setting.server().map(s -> "Probe, Replay and Verify of real systems ask the DNS server " + s)
                .orElse("Probe, Replay and Verify of real systems ask the system's resolver")
                + (setting.altSvc() ? "; Probe asks each name's Alt-Svc" : "");
    }

    /** The dialog over {@code setting}: OK sets it, or stays open with the reason. */
    static Dialog<ButtonType> dialog(DnsSetting setting) {
        TextField server = new TextField(setting.text());
        server.setId("dnsServer");
        server.setPromptText("ADDR[:PORT] — blank: the system's resolver");
        server.setPrefColumnCount(28);
        CheckBox altSvc = new CheckBox("Ask each name's Alt-Svc (one HEAD / per name after the probe)");
        altSvc.setId("dnsAltSvc");
        altSvc.setSelected(setting.altSvc());
        GridPane grid = new GridPane();
        grid.addRow(0, new Label("DNS server"), server);
        grid.add(altSvc, 1, 1);
        return SettingDialogs.dialog("DNS server",
                "A DNS server to ask for A, AAAA and HTTPS records of real systems; lab sessions never use it.", grid,
                "dnsError", () -> setting.set(server.getText(), altSvc.isSelected()));
    }
}
