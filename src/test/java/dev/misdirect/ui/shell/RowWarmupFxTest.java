package dev.misdirect.ui.shell;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class RowWarmupFxTest {
    private final StackPane content = new StackPane();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(content, 400, 300));
        stage.show();
    }

    @Test
    void the_warm_up_rows_go_in_hidden_a_few_cells_per_step_and_leave_nothing_behind(FxRobot robot) {
        RowWarmup warmup = RowWarmup.into(content);
        List<Integer> columns = new ArrayList<>();
        List<Node> added = new ArrayList<>();
        robot.interact(() -> {
            while (warmup.addNext()) {
                warmup.added().stream().filter(TableView.class::isInstance).findFirst()
                        .ifPresent(t -> columns.add(((TableView<?>) t).getColumns().size()));
            }
            added.addAll(warmup.added());
        });
        assertThat(columns).containsExactly(1, 3, 6, RowWarmup.COLUMNS, RowWarmup.COLUMNS);
        assertThat(added).hasSize(2).anyMatch(ListView.class::isInstance);
        assertThat(added).allMatch(n -> !n.isVisible() && !n.isManaged() && n.getClip() != null
                && n.getClip().getLayoutBounds().getWidth() == 0 && n.getClip().getLayoutBounds().getHeight() == 0);
        robot.interact(warmup::remove);
        assertThat(content.getChildren()).isEmpty();
    }
}
