package dev.misdirect.ui.controls;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.ui.testing.FxAwait;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class PairMatrixFxTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private final PairMatrix matrix = new PairMatrix();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(matrix, 640, 400));
        stage.show();
    }

    /** Every ordered pair of {@code n} names on one address, the verdicts in turn. */
    static VerifyRun run(int n) {
        List<PairVerification> pairs = new ArrayList<>();
        PairVerdict[] verdicts = PairVerdict.values();
        for (int a = 1; a <= n; a++) {
            for (int b = 1; b <= n; b++) {
                if (a != b) {
                    pairs.add(new PairVerification("n" + a + ".lab.test:443", "n" + b + ".lab.test:443", "127.0.0.1",
                            verdicts[(a + b) % verdicts.length], "reason " + a + "→" + b, Optional.empty(), List.of(),
                            List.of("status 404 instead of 200"), List.of()));
                }
            }
        }
        return new VerifyRun("GET", "/", 10_000, 0, Optional.empty(), false, Instant.EPOCH, -1, false, pairs);
    }

    private PairMatrixSkin skin() {
        return (PairMatrixSkin) matrix.getSkin();
    }

    private void awaitAllRows() throws Exception {
        SimpleIntegerProperty tick = new SimpleIntegerProperty();
        javafx.animation.AnimationTimer t = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                tick.set(tick.get() + 1);
            }
        };
        WaitForAsyncUtils.asyncFx(t::start).get();
        try {
            FxAwait.until("every row in the grid", () -> skin().pendingRows() == 0, tick);
        } finally {
            WaitForAsyncUtils.asyncFx(t::stop).get();
        }
    }

    @Test
    void each_cell_shows_its_verdict_in_words_and_as_a_pseudo_class(FxRobot robot) throws Exception {
        robot.interact(() -> matrix.setRun(run(3)));
        awaitAllRows();
        for (PairVerification p : matrix.getRun().pairs()) {
            javafx.scene.control.Label cell = skin().cell(p.carrier(), p.passenger()).orElseThrow();
            assertThat(cell.getText()).isEqualTo(PairMatrixSkin.cellText(p.verdict()));
            assertThat(cell.getPseudoClassStates()).contains(PseudoClass.getPseudoClass(p.verdict().id()));
        }
        assertThat(skin().cell("n1.lab.test:443", "n1.lab.test:443")).as("no pair of a name with itself").isEmpty();
    }

    @Test
    void fifty_names_fill_the_grid_a_few_rows_per_pulse_and_scroll_both_ways(FxRobot robot) throws Exception {
        robot.interact(() -> matrix.setRun(run(50)));
        assertThat(skin().pendingRows()).as("not every row in one pulse").isPositive();
        awaitAllRows();
        assertThat(skin().cell("n50.lab.test:443", "n49.lab.test:443")).isPresent();
        ScrollPane scroll = robot.lookup(".pair-scroll").queryAs(ScrollPane.class);
        assertThat(scroll.getContent().getLayoutBounds().getWidth()).isGreaterThan(scroll.getViewportBounds().getWidth());
        assertThat(scroll.getContent().getLayoutBounds().getHeight()).isGreaterThan(scroll.getViewportBounds().getHeight());
    }

    @Test
    void the_selection_follows_the_arrow_keys_and_scrolls_into_view(FxRobot robot) throws Exception {
        robot.interact(() -> matrix.setRun(run(50)));
        awaitAllRows();
        robot.interact(() -> {
            matrix.requestFocus();
            matrix.setSelectedPair(matrix.getRun().pairs().get(0));
        });
        assertThat(matrix.getSelectedPair().carrier()).isEqualTo("n1.lab.test:443");
        for (int i = 0; i < 45; i++) {
            robot.type(KeyCode.DOWN);
        }
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(matrix.getSelectedPair().carrier()).isEqualTo("n46.lab.test:443");
        assertThat(matrix.getSelectedPair().passenger()).isEqualTo("n3.lab.test:443");
        assertThat(skin().cell("n46.lab.test:443", "n3.lab.test:443").orElseThrow().getPseudoClassStates())
                .contains(PseudoClass.getPseudoClass("selected"));
        assertThat(robot.lookup(".pair-scroll").queryAs(ScrollPane.class).getVvalue()).isGreaterThan(0.5);
    }
}
