package dev.misdirect.ui.shell;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;
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
class PieceByPieceFxTest {
    private final Label title = new Label("title");
    private final Label first = new Label("first");
    private final Label inScroll = new Label("in scroll");
    private final Label inTab = new Label("in tab");
    private final ScrollPane scroll = new ScrollPane(inScroll);
    private final Tab tab = new Tab("tab", inTab);
    private final TabPane tabs = new TabPane(tab);
    private final SplitPane split = new SplitPane(first, scroll, tabs);
    private final VBox screen = new VBox(title, split);

    @Start
    void start(Stage stage) {
        split.setDividerPositions(0.2, 0.6);
    }

    @Test
    void a_screen_taken_apart_goes_back_a_part_at_a_time_outer_parts_first_and_ends_as_it_was(FxRobot robot) {
        List<String> steps = new ArrayList<>();
        robot.interact(() -> {
            PieceByPiece pieces = PieceByPiece.takeApart(screen);
            assertThat(split.getItems()).isEmpty();
            assertThat(screen.getChildren()).containsExactly(title, split); // plain panes keep their children
            assertThat(pieces.remaining()).isEqualTo(5); // three split items, the scroll content, the tab content
            while (pieces.putBackNext()) {
                steps.add(split.getItems().size() + " items, scroll " + (scroll.getContent() != null)
                        + ", tab " + (tab.getContent() != null));
            }
            assertThat(pieces.putBackNext()).isFalse();
        });
        assertThat(steps).containsExactly("1 items, scroll false, tab false", "2 items, scroll false, tab false",
                "3 items, scroll false, tab false", "3 items, scroll true, tab false", "3 items, scroll true, tab true");
        assertThat(split.getItems()).containsExactly(first, scroll, tabs);
        assertThat(split.getDividerPositions()).containsExactly(new double[]{0.2, 0.6}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scroll.getContent()).isSameAs(inScroll);
        assertThat(tab.getContent()).isSameAs(inTab);
    }

    @Test
    void putting_back_all_at_once_restores_every_part(FxRobot robot) {
        robot.interact(() -> {
            PieceByPiece pieces = PieceByPiece.takeApart(screen);
            pieces.putBackNext();
            pieces.putBackAll();
            assertThat(pieces.remaining()).isZero();
        });
        List<Node> items = split.getItems();
        assertThat(items).containsExactly(first, scroll, tabs);
        assertThat(scroll.getContent()).isSameAs(inScroll);
        assertThat(tab.getContent()).isSameAs(inTab);
    }
}
