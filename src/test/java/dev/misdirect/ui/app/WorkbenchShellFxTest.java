package dev.misdirect.ui.app;

import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.shell.Theme;
import dev.misdirect.ui.testing.FakeDialogs;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's start: it opens with the workbench's shell and no screen built, in the theme's window colour; the
 * first screen is built after the shell's frames, like every screen on its first show.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchShellFxTest {
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService batching = Executors.newSingleThreadScheduledExecutor();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("robot"), 200, 100));
        stage.show();
    }

    @AfterEach
    void stop() {
        work.shutdownNow();
        batching.shutdownNow();
    }

    private Workbench shell() throws Exception {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        return WaitForAsyncUtils.asyncFx(() -> Workbench.shell(services, UiExecutor.fx(), work,
                (task, delay) -> batching.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemUTC(), new FakeDialogs(), 1000, 640)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void the_shell_has_menus_header_rail_and_status_bar_but_no_screen_until_one_is_shown(FxRobot robot) throws Exception {
        Workbench w = shell();
        Parent root = w.scene().getRoot();
        StackPane content = (StackPane) root.lookup("#content");
        assertThat(root.lookup("#menuBar")).isNotNull();
        assertThat(root.lookup(".app-header")).isNotNull();
        assertThat(root.lookup("#navInspect")).isNotNull();
        assertThat(root.lookup("#statusBar")).isNotNull();
        assertThat(content.getChildren()).as("no screen is built with the shell").isEmpty();

        robot.interact(() -> w.view().show(Screen.INSPECT));
        assertThat(content.getChildren()).hasSize(1);
        assertThat(content.lookup(".screen-title")).as("the Inspect screen, built on its first show")
                .isInstanceOfSatisfying(Label.class, title -> assertThat(title.getText()).isEqualTo("Inspect"));
    }

    @Test
    void a_prepared_screen_waits_in_the_window_hidden_and_its_first_show_makes_that_same_view_visible(FxRobot robot)
            throws Exception {
        Workbench w = shell();
        StackPane content = (StackPane) w.scene().getRoot().lookup("#content");
        robot.interact(() -> w.view().show(Screen.INSPECT));
        javafx.scene.Node inspect = content.getChildren().get(0);
        robot.interact(() -> w.view().prepare(Screen.REPLAY));
        assertThat(content.getChildren()).hasSize(2);
        javafx.scene.Node replay = content.getChildren().stream().filter(n -> n != inspect).findFirst().orElseThrow();
        assertThat(replay.isVisible()).as("prepared, not shown").isFalse();
        assertThat(((javafx.scene.layout.Region) replay).getWidth()).as("laid out at the content area's size")
                .isEqualTo(content.getWidth());
        assertThat(inspect.isVisible()).isTrue();

        robot.interact(() -> w.view().show(Screen.REPLAY));
        assertThat(replay.isVisible()).isTrue();
        assertThat(content.getChildren()).as("the screen before left the window").containsExactly(replay);

        robot.interact(() -> w.view().prepare(Screen.REPLAY));
        assertThat(content.getChildren()).as("preparing a built screen changes nothing").containsExactly(replay);
        robot.interact(() -> w.view().show(Screen.INSPECT));
        assertThat(content.getChildren()).as("built once: the same view again").containsExactly(inspect);
    }

    @Test
    void the_window_colour_is_the_styled_root_s_background_in_both_themes_not_white() throws Exception {
        Workbench w = shell();
        Region root = (Region) w.scene().getRoot();
        Color light = WaitForAsyncUtils.asyncFx(() -> {
            root.applyCss();
            return (Color) WorkbenchApp.windowColour(root).orElseThrow();
        }).get(10, TimeUnit.SECONDS);
        Color dark = WaitForAsyncUtils.asyncFx(() -> {
            w.viewModel().themeProperty().set(Theme.DARK);
            root.applyCss();
            return (Color) WorkbenchApp.windowColour(root).orElseThrow();
        }).get(10, TimeUnit.SECONDS);
        assertThat(light).isNotEqualTo(Color.WHITE).isNotEqualTo(dark);
        assertThat(dark.getBrightness()).as("the dark theme's window").isLessThan(0.3);
        assertThat(WorkbenchApp.windowColour(new Region())).as("an unstyled region has no colour to give").isEmpty();
    }

    @Test
    void what_follows_the_shell_s_frames_runs_on_the_ui_thread_after_that_many_pulses() throws Exception {
        AtomicInteger pulses = new AtomicInteger();
        CompletableFuture<Integer> ran = new CompletableFuture<>();
        Platform.runLater(() -> {
            countPulses(pulses);
            WorkbenchApp.afterFrames(WorkbenchApp.FRAMES_BEFORE_FIRST_SCREEN, () -> ran.complete(
                    Platform.isFxApplicationThread() ? pulses.get() : -1));
        });
        assertThat(ran.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(WorkbenchApp.FRAMES_BEFORE_FIRST_SCREEN);
    }

    @Test
    void an_operation_s_work_reaches_its_worker_only_after_the_frames_that_show_it_started() throws Exception {
        AtomicInteger pulses = new AtomicInteger();
        CompletableFuture<Integer> givenAt = new CompletableFuture<>();
        CompletableFuture<Integer> ranAt = new CompletableFuture<>();
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "test-worker"));
        try {
            java.util.concurrent.Executor gated = WorkbenchApp.afterFramesOf(worker);
            Platform.runLater(() -> {
                countPulses(pulses);
                gated.execute(() -> {
                    ranAt.complete(pulses.get());
                    ranOn.complete(Thread.currentThread().getName());
                });
                givenAt.complete(pulses.get());
            });
            assertThat(ranAt.get(10, TimeUnit.SECONDS) - givenAt.get(10, TimeUnit.SECONDS))
                    .as("pulses between handing the work over and its start").isGreaterThanOrEqualTo(
                            WorkbenchApp.FRAMES_BEFORE_WORK);
            assertThat(ranOn.get(10, TimeUnit.SECONDS)).as("the work runs on the worker").isEqualTo("test-worker");

            CompletableFuture<String> offUi = new CompletableFuture<>();
            gated.execute(() -> offUi.complete(Thread.currentThread().getName()));
            assertThat(offUi.get(10, TimeUnit.SECONDS)).as("handed over from another thread").isEqualTo("test-worker");
        } finally {
            worker.shutdownNow();
        }
    }

    /** Adds one to {@code pulses} at every pulse from now on. UI thread. */
    private static void countPulses(AtomicInteger pulses) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        }.start();
    }
}
