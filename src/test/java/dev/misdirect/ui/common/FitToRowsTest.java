package dev.misdirect.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ApplicationExtension.class)
class FitToRowsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private final ObservableList<String> items = FXCollections.observableArrayList("a", "b");
    private final TableView<String> table = new TableView<>(items);
    private final VBox box = new VBox(table);

    @Start
    void start(Stage stage) {
        for (int i = 0; i < 8; i++) {
            TableColumn<String, String> c = new TableColumn<>("c" + i);
            c.setCellValueFactory(f -> new javafx.beans.property.SimpleStringProperty(f.getValue()));
            table.getColumns().add(c);
        }
        VBox.setVgrow(table, Priority.ALWAYS);
        FitToRows.install(table, 3);
        stage.setScene(new Scene(box, 900, 700));
        stage.show();
    }

    @Test
    void a_table_with_two_items_in_a_tall_box_makes_rows_for_its_items_not_a_screen_of_empty_ones(FxRobot robot) {
        robot.interact(() -> { });
        assertThat(table.getHeight()).isEqualTo(FitToRows.height(2, 3));
        assertThat(robot.lookup(".table-row-cell").queryAll().size()).isLessThanOrEqualTo(5);
    }

    @Test
    void the_table_grows_with_its_items_up_to_the_space_it_has_and_follows_a_replaced_list(FxRobot robot) {
        robot.interact(() -> items.addAll(IntStream.range(0, 10).mapToObj(i -> "x" + i).toList()));
        assertThat(table.getPrefHeight()).isEqualTo(FitToRows.height(12, 3));
        robot.interact(() -> items.addAll(IntStream.range(0, 100).mapToObj(i -> "y" + i).toList()));
        assertThat(table.getHeight()).isLessThanOrEqualTo(700);
        robot.interact(() -> table.setItems(FXCollections.observableArrayList("only")));
        assertThat(table.getPrefHeight()).isEqualTo(FitToRows.height(1, 3));
        robot.interact(() -> table.getItems().addAll("two", "three", "four"));
        assertThat(table.getPrefHeight()).isEqualTo(FitToRows.height(4, 3));
    }

    @Test
    void a_list_is_as_tall_as_its_rows_too() {
        ListView<String> list = new ListView<>(FXCollections.observableArrayList("a", "b", "c", "d", "e"));
        FitToRows.install(list, 2);
        assertThat(list.getPrefHeight()).isEqualTo(FitToRows.LIST_FRAME_PX + 5 * FitToRows.ROW_PX);
        assertThat(list.getFixedCellSize()).isEqualTo(FitToRows.ROW_PX);
    }

    @Test
    void fewer_than_one_row_is_refused() {
        assertThatThrownBy(() -> FitToRows.install(new TableView<String>(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minRows");
    }
}
