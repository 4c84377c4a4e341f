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
    /** The toolkit first: the fields below are controls, made when the test instance is. */
    @org.junit.jupiter.api.BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

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
    void a_table_goes_back_a_few_rows_tall_and_grows_a_few_rows_per_part_to_its_own_maximum(FxRobot robot) {
        javafx.scene.control.TableView<String> table = new javafx.scene.control.TableView<>();
        table.setMaxHeight(5000);
        SplitPane withTable = new SplitPane(new Label("left"), table);
        VBox root = new VBox(new Label("title"), withTable);
        List<Double> heights = new ArrayList<>();
        robot.interact(() -> {
            PieceByPiece pieces = PieceByPiece.takeApart(root);
            while (pieces.putBackNext()) {
                if (withTable.getItems().contains(table)) {
                    heights.add(table.getMaxHeight());
                }
            }
        });
        assertThat(heights.get(0)).isEqualTo(PieceByPiece.GROW_FIRST_PX);
        assertThat(heights).isSorted().endsWith(5000.0);
        for (int i = 1; i < heights.size() - 1; i++) {
            assertThat(heights.get(i) - heights.get(i - 1)).isEqualTo(PieceByPiece.GROW_STEP_PX);
        }
        assertThat(heights.size()).isGreaterThan(10);
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

    @Test
    void a_pane_below_the_root_gets_its_children_back_a_costly_child_per_part_in_their_order(FxRobot robot) {
        Label caption = new Label("caption");
        javafx.scene.control.TextField one = new javafx.scene.control.TextField("one");
        javafx.scene.control.Button between = new javafx.scene.control.Button("between");
        javafx.scene.control.TextArea two = new javafx.scene.control.TextArea("two");
        Label trailing = new Label("trailing");
        javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(caption, one, between, two, trailing);
        VBox root = new VBox(new Label("root title"), bar);
        List<Integer> sizes = new ArrayList<>();
        robot.interact(() -> {
            PieceByPiece pieces = PieceByPiece.takeApart(root);
            assertThat(root.getChildren()).hasSize(2); // the root keeps its own children
            assertThat(bar.getChildren()).isEmpty();
            assertThat(pieces.remaining()).isEqualTo(2); // caption+one, between+two+trailing
            while (pieces.putBackNext()) {
                sizes.add(bar.getChildren().size());
            }
        });
        assertThat(sizes).containsExactly(2, 5);
        assertThat(bar.getChildren()).containsExactly(caption, one, between, two, trailing);
    }

    @Test
    void a_pane_filled_by_its_owner_while_parts_are_out_keeps_the_owners_children(FxRobot robot) {
        javafx.scene.control.Button a = new javafx.scene.control.Button("a");
        javafx.scene.control.Button b = new javafx.scene.control.Button("b");
        javafx.scene.control.Button fresh = new javafx.scene.control.Button("fresh");
        VBox cards = new VBox(a, b);
        VBox root = new VBox(new ScrollPane(cards));
        robot.interact(() -> {
            PieceByPiece pieces = PieceByPiece.takeApart(root);
            pieces.putBackNext(); // the scroll pane's content
            cards.getChildren().setAll(fresh); // the view shows new content meanwhile
            pieces.putBackAll();
        });
        assertThat(cards.getChildren()).containsExactly(fresh);
    }
}
