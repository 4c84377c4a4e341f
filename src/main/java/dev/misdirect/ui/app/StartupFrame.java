package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.Theme;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Separator;
import javafx.scene.layout.Background;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Paint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The window's first frame: the workbench's chrome (menus, header, navigation rail, status bar) around a "starting"
 * message, in the window's theme, drawn before anything heavy runs. The real window (services, screens, the lab) is
 * built after this frame is on screen; a window shown with the real scene stayed blank white for the seconds its
 * first layout, styling and rendering took. UI thread only.
 */
final class StartupFrame {
    /** The rail's entries, in the real rail's order. */
    private static final List<String> RAIL = List.of("☰  Authorities", "◉  Inspect", "⇄  Coalescing", "↻  Replay",
            "⚗  Lab", "⚠  Findings");

    private StartupFrame() {
    }

    /**
     * A scene of {@code width} × {@code height} with the workbench's style sheets and {@code theme}, saying
     * {@code message}; its fill is the theme's window colour, so even a frame drawn before styling is that colour.
     */
    static Scene scene(double width, double height, Theme theme, String message) {
        MenuBar menus = new MenuBar(new Menu("File"), new Menu("Run"), new Menu("View"), new Menu("Help"));
        menus.getMenus().forEach(m -> m.setDisable(true));
        Label title = styled(new Label("Misdirect"), "app-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = styled(new HBox(title, spacer, new Separator(Orientation.VERTICAL)), "app-header");
        VBox rail = styled(new VBox(RAIL.stream().map(t -> (Node) styled(new Label(t), "nav-button")).toList()
                .toArray(Node[]::new)), "nav-rail");
        Label starting = styled(new Label(message), "screen-title");
        Label hint = styled(new Label("The window opens as soon as its screens are ready."), "muted");
        VBox screen = styled(new VBox(8, starting, hint), "screen");
        HBox status = styled(new HBox(styled(new Label(message), "status-text")), "status-bar");
        BorderPane root = styled(new BorderPane(screen), "workbench", theme.styleClass());
        root.setId("startup");
        root.setTop(new VBox(menus, header));
        root.setLeft(rail);
        root.setBottom(status);
        Scene scene = new Scene(root, width, height);
        Workbench.STYLESHEETS.forEach(s -> scene.getStylesheets().add(
                Objects.requireNonNull(StartupFrame.class.getResource(s), "missing style sheet " + s).toExternalForm()));
        // the window colour as the theme defines it, read from the styled root: the scene's own fill paints it
        root.applyCss();
        windowColour(root).ifPresent(scene::setFill);
        return scene;
    }

    /** The fill of a styled region's background: the theme's window colour for the root. */
    static Optional<Paint> windowColour(Region styled) {
        Background b = styled.getBackground();
        return b == null || b.getFills().isEmpty() ? Optional.empty() : Optional.of(b.getFills().get(0).getFill());
    }

    /**
     * Runs {@code then} on the UI thread once {@code frames} more frames have been drawn and {@link System#nanoTime()}
     * has passed {@code notBeforeNanos}, so that what the window shows now is on screen before {@code then} keeps the
     * UI thread busy (a frame reaches the window some time after its pulse, through the UI thread).
     */
    static void afterFrames(int frames, long afterFirstNanos, Runnable then) {
        new AnimationTimer() {
            private int seen;
            private long first;

            @Override
            public void handle(long now) {
                if (seen == 0) {
                    first = now;
                }
                if (++seen >= frames && now - first >= afterFirstNanos) {
                    stop();
                    Platform.runLater(then); // after what the frames queued
                }
            }
        }.start();
    }

    private static <N extends Node> N styled(N node, String... classes) {
        node.getStyleClass().addAll(classes);
        return node;
    }
}
