package dev.misdirect.ui.controls;

import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.ui.app.SampleWorkspace;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class SanMatrixSkinTest {
    /** The toolkit first: the fields below are controls, made when the test instance is. */
    @org.junit.jupiter.api.BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    private final SanMatrix matrix = new SanMatrix();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(matrix, 700, 500));
        stage.show();
    }

    private static CoverageMatrix fifty() {
        List<String> keys = IntStream.rangeClosed(1, 50).mapToObj(i -> "t" + i + ".tenants.lab.test:443").toList();
        String fp = SampleWorkspace.WILDCARD.sha256Fingerprint();
        List<CoverageCell> cells = keys.stream().map(k -> new CoverageCell(k, fp, true,
                Optional.of("*.tenants.lab.test"), "matches *.tenants.lab.test", k.startsWith("t1."))).toList();
        return new CoverageMatrix(keys, List.of(SampleWorkspace.WILDCARD), cells);
    }

    /** Waits until {@code n} pulses have run. */
    private static void pulses(int n) throws Exception {
        java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(n);
        javafx.animation.AnimationTimer counter = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                left.countDown();
            }
        };
        WaitForAsyncUtils.asyncFx(counter::start).get(5, TimeUnit.SECONDS);
        assertThat(left.await(5, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.asyncFx(counter::stop).get(5, TimeUnit.SECONDS);
    }

    private SanMatrixSkin skin() {
        return (SanMatrixSkin) matrix.getSkin();
    }

    @Test
    void a_new_matrix_shows_its_first_row_at_once_and_the_others_a_row_per_pulse(FxRobot robot) throws Exception {
        int pendingRightAfter = WaitForAsyncUtils.asyncFx(() -> {
            matrix.setMatrix(fifty());
            return skin().pendingRows();
        }).get(5, TimeUnit.SECONDS);
        assertThat(pendingRightAfter).isEqualTo(49);
        assertThat(WaitForAsyncUtils.asyncFx(() -> skin().cell("t1.tenants.lab.test:443",
                SampleWorkspace.WILDCARD.sha256Fingerprint()).isPresent()).get(5, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> skin().pendingRows() == 0)
                .get(5, TimeUnit.SECONDS));
        assertThat(robot.lookup(".san-cell").queryAll()).hasSize(50);
    }

    @Test
    void a_row_added_after_the_selection_was_made_shows_as_selected(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            matrix.setMatrix(fifty());
            matrix.setSelectedAuthority("t50.tenants.lab.test:443");
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> skin().pendingRows() == 0)
                .get(5, TimeUnit.SECONDS));
        Label last = WaitForAsyncUtils.asyncFx(() -> skin().cell("t50.tenants.lab.test:443",
                SampleWorkspace.WILDCARD.sha256Fingerprint()).orElseThrow()).get(5, TimeUnit.SECONDS);
        assertThat(last.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("selected"));
    }

    @Test
    void a_matrix_replaced_while_rows_are_pending_shows_only_the_new_one(FxRobot robot) throws Exception {
        String fp = SampleWorkspace.WILDCARD.sha256Fingerprint();
        CoverageMatrix one = new CoverageMatrix(List.of("only.tenants.lab.test:443"), List.of(SampleWorkspace.WILDCARD),
                List.of(new CoverageCell("only.tenants.lab.test:443", fp, false, Optional.empty(), "no SAN matches", false)));
        int pending = WaitForAsyncUtils.asyncFx(() -> {
            matrix.setMatrix(fifty());
            matrix.setMatrix(one);
            return skin().pendingRows();
        }).get(5, TimeUnit.SECONDS);
        assertThat(pending).isZero();
        pulses(10); // pulses that would add stale rows, if any were left
        assertThat(robot.lookup(".san-cell").queryAll()).hasSize(1);
    }
}
