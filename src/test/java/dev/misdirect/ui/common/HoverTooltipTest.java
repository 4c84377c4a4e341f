package dev.misdirect.ui.common;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class HoverTooltipTest {
    /** The toolkit first: the fields below are controls, made when the test instance is. */
    @org.junit.jupiter.api.BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    private final Label cell = new Label("cell");
    private final Label other = new Label("elsewhere");
    private final AtomicReference<String> text = new AtomicReference<>("first reason");

    @Start
    void start(Stage stage) {
        HoverTooltip.install(cell, text::get, 300);
        stage.setScene(new Scene(new VBox(20, cell, other), 300, 200));
        stage.show();
    }

    @Test
    void a_control_has_no_tooltip_until_the_pointer_enters_it(FxRobot robot) {
        assertThat(cell.getTooltip()).isNull();
        robot.moveTo(cell);
        assertThat(cell.getTooltip()).isNotNull();
        assertThat(cell.getTooltip().getText()).isEqualTo("first reason");
        assertThat(cell.getTooltip().getMaxWidth()).isEqualTo(300);
    }

    @Test
    void each_hover_reads_the_text_afresh_and_keeps_the_one_tooltip(FxRobot robot) {
        robot.moveTo(cell);
        var first = cell.getTooltip();
        robot.moveTo(other);
        text.set("second reason");
        robot.moveTo(cell);
        assertThat(cell.getTooltip()).isSameAs(first);
        assertThat(cell.getTooltip().getText()).isEqualTo("second reason");
    }

    @Test
    void an_empty_text_removes_the_tooltip(FxRobot robot) {
        robot.moveTo(cell);
        robot.moveTo(other);
        text.set("");
        robot.moveTo(cell);
        assertThat(cell.getTooltip()).isNull();
    }
}
