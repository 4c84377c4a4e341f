package dev.misdirect.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class SelectedTabOnlyTest {
    /** The toolkit first: the fields below are controls, made when the test instance is. */
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private final ObservableList<String> rows = FXCollections.observableArrayList();
    private final Label details = new Label("details");
    private final Label findings = new Label("findings");
    private final TableView<String> table = new TableView<>(rows);
    private final Tab first = new Tab("Details", details);
    private final Tab second = new Tab("Outcomes", table);
    private final Tab third = new Tab("Findings");
    private final TabPane tabs = new TabPane(first, second, third);

    @Start
    void start(Stage stage) {
        SelectedTabOnly.install(tabs);
        stage.setScene(new Scene(tabs, 400, 300));
        stage.show();
    }

    @Test
    void a_tab_that_is_not_selected_keeps_its_content_out_of_the_scene_until_it_is_selected(FxRobot robot) {
        robot.interact(() -> rows.setAll("a", "b", "c"));
        robot.interact(() -> {
            assertThat(details.getScene()).as("the selected tab's content").isNotNull();
            assertThat(table.getScene()).as("a table in a tab nobody opened: no rows made").isNull();
            assertThat(table.getSkin()).isNull();
        });
        robot.interact(() -> tabs.getSelectionModel().select(second));
        robot.interact(() -> {
            assertThat(second.getContent()).isSameAs(table);
            assertThat(table.getScene()).isNotNull();
            assertThat(table.getItems()).containsExactly("a", "b", "c");
            assertThat(details.getScene()).as("the tab left").isNull();
        });
        robot.interact(() -> tabs.getSelectionModel().select(first));
        robot.interact(() -> assertThat(first.getContent()).isSameAs(details));
    }

    @Test
    void content_given_to_a_tab_that_is_not_selected_waits_and_shows_when_it_is_selected(FxRobot robot) {
        robot.interact(() -> third.setContent(findings));
        robot.interact(() -> {
            assertThat(third.getContent()).isNull();
            assertThat(findings.getScene()).isNull();
        });
        robot.interact(() -> tabs.getSelectionModel().select(third));
        robot.interact(() -> {
            assertThat(third.getContent()).isSameAs(findings);
            assertThat(findings.getScene()).isNotNull();
        });
    }
}
