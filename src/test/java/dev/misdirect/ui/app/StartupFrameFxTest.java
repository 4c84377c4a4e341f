package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.Theme;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's first frame: the workbench's chrome in the window's theme, never a blank white rectangle. */
@ExtendWith(ApplicationExtension.class)
class StartupFrameFxTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("robot"), 200, 100));
        stage.show();
    }

    @Test
    void the_first_frame_is_filled_with_the_theme_s_window_colour_in_both_themes_not_white() throws Exception {
        Scene light = WaitForAsyncUtils.asyncFx(() -> StartupFrame.scene(800, 500, Theme.LIGHT, "Starting")).get(10, TimeUnit.SECONDS);
        Scene dark = WaitForAsyncUtils.asyncFx(() -> StartupFrame.scene(800, 500, Theme.DARK, "Starting")).get(10, TimeUnit.SECONDS);
        assertThat(light.getFill()).isNotEqualTo(Color.WHITE).isNotEqualTo(dark.getFill());
        assertThat(light.getFill()).as("the light theme's root background")
                .isEqualTo(((Region) light.getRoot()).getBackground().getFills().get(0).getFill());
        assertThat(((Color) dark.getFill()).getBrightness()).as("dark").isLessThan(0.3);
    }

    @Test
    void the_first_frame_shows_the_header_the_navigation_rail_and_what_is_starting(FxRobot robot) throws Exception {
        Scene s = WaitForAsyncUtils.asyncFx(() -> StartupFrame.scene(800, 500, Theme.LIGHT,
                "Starting the lab scenario tenants-wildcard…")).get(10, TimeUnit.SECONDS);
        List<String> texts = s.getRoot().lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(s.getRoot().lookup(".app-header")).isNotNull();
        assertThat(s.getRoot().lookup(".status-bar")).isNotNull();
        assertThat(texts).contains("Misdirect", "☰  Authorities", "◉  Inspect", "⚗  Lab", "⚠  Findings")
                .contains("Starting the lab scenario tenants-wildcard…");
    }

    @Test
    void what_follows_the_first_frame_waits_for_frames_and_time_and_runs_on_the_ui_thread() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        long[] started = new long[1];
        Platform.runLater(() -> {
            started[0] = System.nanoTime();
            new javafx.animation.AnimationTimer() {
                @Override
                public void handle(long now) {
                    frames.incrementAndGet();
                }
            }.start();
            StartupFrame.afterFrames(5, TimeUnit.MILLISECONDS.toNanos(200), () -> {
                assertThat(Platform.isFxApplicationThread()).isTrue();
                ran.complete(System.nanoTime());
            });
        });
        long at = ran.get(10, TimeUnit.SECONDS);
        assertThat(at - started[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(frames.get()).isGreaterThanOrEqualTo(5);
    }
}
