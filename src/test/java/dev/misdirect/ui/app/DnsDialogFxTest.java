package dev.misdirect.ui.app;

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
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** File › DNS server…: bad input keeps the dialog open with the reason; good input sets the server and Alt-Svc. */
@ExtendWith(ApplicationExtension.class)
class DnsDialogFxTest {
    private final DnsSetting setting = new DnsSetting();
    private Dialog<ButtonType> dialog;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
        dialog = DnsDialog.dialog(setting);
        dialog.initOwner(stage);
    }

    @Test
    void the_file_menu_gets_dns_server_right_after_proxy(FxRobot robot) {
        MenuItem importItem = new MenuItem("Import…");
        importItem.setId("importItem");
        Menu file = new Menu("File", null, new MenuItem("Save"), importItem);
        MenuBar bar = new MenuBar(file);
        bar.setId("menuBar");
        robot.interact(() -> {
            Scene scene = new Scene(new StackPane(bar), 300, 100);
            ProxyDialog.install(scene, new ProxySetting(), said -> { });
            DnsDialog.install(scene, setting, said -> { });
        });

        assertThat(file.getItems()).extracting(MenuItem::getId)
                .containsExactly(null, "proxyItem", "dnsItem", null, "importItem");
    }

    @Test
    void a_dns_server_it_cannot_use_keeps_the_dialog_open_with_the_reason_and_a_good_one_is_set_with_alt_svc(
            FxRobot robot) {
        robot.interact(dialog::show);
        TextField server = robot.lookup("#dnsServer").queryAs(TextField.class);
        robot.interact(() -> server.setText("resolver.corp.example"));
        robot.clickOn(okButton(robot));

        assertThat(dialog.isShowing()).isTrue();
        assertThat(robot.lookup("#dnsError").queryAs(Label.class).getText())
                .startsWith("✘ 'resolver.corp.example' is not an IP address");
        assertThat(setting.server()).isEmpty();

        robot.interact(() -> server.setText("127.0.0.53:5353"));
        robot.clickOn(robot.lookup("#dnsAltSvc").queryAs(CheckBox.class));
        robot.clickOn(okButton(robot));

        assertThat(dialog.isShowing()).isFalse();
        assertThat(setting.text()).isEqualTo("127.0.0.53:5353");
        assertThat(setting.altSvc()).isTrue();
        assertThat(DnsDialog.said(setting)).isEqualTo("Probe, Replay and Verify of real systems ask the DNS server "
                + "127.0.0.53:5353; Probe asks each name's Alt-Svc");
    }

    private static Button okButton(FxRobot robot) {
        return robot.lookup(".button").match(b -> ((Button) b).isDefaultButton()).queryButton();
    }
}
