package dev.misdirect.ui.app;

import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Objects;
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
        MenuBar bar = (MenuBar) Objects.requireNonNull(scene.lookup("#menuBar"), "the window has no #menuBar");
        Menu file = bar.getMenus().get(0);
        MenuItem item = new MenuItem("_DNS server…");
        item.setId("dnsItem");
        item.setOnAction(e -> open(scene.getWindow(), setting).ifPresent(said));
        int proxy = indexOf(file, "proxyItem");
        int at = proxy >= 0 ? proxy + 1 : indexOf(file, "importItem");
        if (at < 0) {
            file.getItems().addAll(java.util.List.of(new javafx.scene.control.SeparatorMenuItem(), item));
        } else {
            file.getItems().add(at, item);
        }
    }

    private static int indexOf(Menu menu, String id) {
        return menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .map(menu.getItems()::indexOf).orElse(-1);
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
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("DNS server");
        d.setHeaderText("A DNS server to ask for A, AAAA and HTTPS records of real systems; lab sessions never use it.");
        TextField server = new TextField(setting.text());
        server.setId("dnsServer");
        server.setPromptText("ADDR[:PORT] — blank: the system's resolver");
        server.setPrefColumnCount(28);
        CheckBox altSvc = new CheckBox("Ask each name's Alt-Svc (one HEAD / per name after the probe)");
        altSvc.setId("dnsAltSvc");
        altSvc.setSelected(setting.altSvc());
        Label error = new Label();
        error.setId("dnsError");
        error.getStyleClass().add("status-bad");
        error.setWrapText(true);
        error.setMaxWidth(480);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("DNS server"), server);
        grid.add(altSvc, 1, 1);
        grid.add(error, 1, 2);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> setting.set(server.getText(), altSvc.isSelected()).ifPresent(reason -> {
            error.setText("✘ " + reason);
            e.consume();
        }));
        return d;
    }
}
