package dev.misdirect.ui.app;

import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** File › Proxy…: bad input keeps the dialog open with the reason; good input sets the proxy and closes it. */
@ExtendWith(ApplicationExtension.class)
class ProxyDialogFxTest {
    private final ProxySetting setting = new ProxySetting();
    private Dialog<ButtonType> dialog;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
        dialog = ProxyDialog.dialog(setting);
        dialog.initOwner(stage);
    }

    @Test
    void the_file_menu_gets_proxy_before_import(FxRobot robot) {
        javafx.scene.control.MenuItem importItem = new javafx.scene.control.MenuItem("Import…");
        importItem.setId("importItem");
        javafx.scene.control.Menu file = new javafx.scene.control.Menu("File", null,
                new javafx.scene.control.MenuItem("Save"), importItem);
        javafx.scene.control.MenuBar bar = new javafx.scene.control.MenuBar(file);
        bar.setId("menuBar");
        robot.interact(() -> {
            Scene scene = new Scene(new StackPane(bar), 300, 100);
            ProxyDialog.install(scene, setting, said -> { });
        });

        assertThat(file.getItems()).extracting(javafx.scene.control.MenuItem::getId)
                .containsExactly(null, "proxyItem", null, "importItem");
    }

    @Test
    void a_proxy_it_cannot_use_keeps_the_dialog_open_with_the_reason_and_a_good_one_is_set(FxRobot robot) {
        robot.interact(dialog::show);
        TextField url = robot.lookup("#proxyUrl").queryAs(TextField.class);
        robot.interact(() -> url.setText("https://127.0.0.1:3128"));
        robot.clickOn(robot.lookup(".button").match(b -> ((javafx.scene.control.Button) b).isDefaultButton())
                .queryButton());

        assertThat(dialog.isShowing()).isTrue();
        assertThat(robot.lookup("#proxyError").queryAs(Label.class).getText())
                .startsWith("✘ https:// proxies (TLS to the proxy itself) are not supported");
        assertThat(setting.proxy()).isEmpty();

        robot.interact(() -> {
            url.setText("http://alice@127.0.0.1:3128");
            robot.lookup("#proxyPassword").queryAs(PasswordField.class).setText("s3cret");
        });
        robot.clickOn(robot.lookup(".button").match(b -> ((javafx.scene.control.Button) b).isDefaultButton())
                .queryButton());

        assertThat(dialog.isShowing()).isFalse();
        assertThat(setting.text()).isEqualTo("http://alice@127.0.0.1:3128");
        assertThat(setting.password()).isEqualTo("s3cret");
    }
}
