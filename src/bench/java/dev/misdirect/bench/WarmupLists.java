package dev.misdirect.bench;

import dev.misdirect.ui.app.WorkbenchApp;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Regenerates the class lists of the workbench's start-up warm-up ({@code src/main/resources/dev/misdirect/ui/app/
 * warmup-window.txt} and {@code warmup-screens.txt}): runs the workbench in a child JVM (headless Monocle) with
 * {@code -Xlog:class+load} and without the warm-up itself, marks the moment its window is shown, then opens every screen, reproduces the 421 and
 * tries the fix; the classes the UI side loaded before the mark make the window list, the rest the screens list.
 * Engine libraries (JSON, TLS, HTTP, the lab's server) are left out: they load on worker threads anyway.
 * Run after building the bench profile's test classes:
 * {@code java -cp target/classes:target/test-classes:<test classpath> dev.misdirect.bench.WarmupLists .}
 */
public final class WarmupLists {
    /** Loaded at the shown event only, as a mark in the class-load log. */
    static final String SHOWN_MARK = "java.util.concurrent.Exchanger";

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : ".");
        Path log = Files.createTempFile("misdirect-classes", ".log");
        Path home = Files.createTempDirectory("misdirect-warmup-home");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx1g", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Dprism.text=t2k", "-Dmisdirect.home=" + home,
                "-Dmisdirect.warmup=false", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).inheritIO().start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("warm-up child failed");
        }
        Set<String> before = new LinkedHashSet<>();
        Set<String> window = new LinkedHashSet<>();
        Set<String> screens = new LinkedHashSet<>();
        Set<String> current = before;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int end = line.lastIndexOf("] ");
            if (end < 0) {
                continue;
            }
            String[] f = line.substring(end + 2).split(" ", 2);
            String name = f[0];
            String source = f.length > 1 ? f[1] : "";
            if (current == before && name.equals(WorkbenchApp.class.getName())) {
                current = window;
            } else if (name.equals(SHOWN_MARK)) {
                current = screens;
                continue;
            }
            if (current != before && worthWarming(name, source)) {
                current.add(name);
            }
        }
        screens.removeAll(window);
        write(project.resolve("src/main/resources/dev/misdirect/ui/app/warmup-window.txt"), window,
                "the UI classes a start of the workbench loads up to its first window");
        write(project.resolve("src/main/resources/dev/misdirect/ui/app/warmup-screens.txt"), screens,
                "the UI classes the other screens and the first replay load after the first window");
        System.out.println("window: " + window.size() + " classes, screens: " + screens.size());
    }

    private static boolean worthWarming(String name, String source) {
        if (source.contains("shared objects file") || name.contains("$$Lambda") || name.contains("LambdaForm$")
                || name.contains("/0x") || name.startsWith("jdk.proxy") || name.startsWith("com.sun.proxy")) {
            return false;
        }
        Predicate<String> ui = n -> n.startsWith("javafx.") || n.startsWith("com.sun.javafx.")
                || n.startsWith("com.sun.prism.") || n.startsWith("com.sun.scenario.") || n.startsWith("com.sun.marlin.")
                || (n.startsWith("com.sun.glass.") && !n.startsWith("com.sun.glass.ui.monocle."))
                || n.startsWith("org.controlsfx.") || n.startsWith("impl.org.controlsfx.")
                || n.startsWith("dev.misdirect.ui.") || n.startsWith("dev.misdirect.core.model.")
                || n.startsWith("dev.misdirect.core.timeline.") || n.startsWith("com.sun.org.apache.xerces.")
                || n.startsWith("javax.xml.") || n.startsWith("java.beans.");
        return ui.test(name);
    }

    private static void write(Path file, Set<String> names, String what) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + what + ", in first-use order;");
        lines.add("# generated by dev.misdirect.bench.WarmupLists (do not edit by hand). Read by ui.app.ClassWarmup.");
        lines.addAll(names);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The child JVM: starts the workbench, marks the shown event, opens every screen, reproduces, tries the fix. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            CompletableFuture<StatusBar> shown = new CompletableFuture<>();
            Platform.startup(() -> {
                Stage stage = new Stage();
                stage.setOnShown(e -> {
                    try {
                        Class.forName(SHOWN_MARK);
                    } catch (ClassNotFoundException ex) {
                        throw new IllegalStateException(ex);
                    }
                    shown.complete((StatusBar) stage.getScene().lookup(".status-bar"));
                });
                new WorkbenchApp().start(stage);
            });
            StatusBar status = shown.get(60, TimeUnit.SECONDS);
            awaitDone(status, "Probing", () -> { });
            for (String screen : List.of("authorities", "coalescing", "lab", "findings", "replay", "inspect")) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                Platform.runLater(() -> {
                    status.getScene().getRoot().lookupAll(".nav-button").stream()
                            .map(javafx.scene.control.ToggleButton.class::cast)
                            .filter(b -> b.getText().toLowerCase(java.util.Locale.ROOT).contains(screen))
                            .findFirst().orElseThrow().fire();
                    f.complete(null);
                });
                f.get(30, TimeUnit.SECONDS);
            }
            awaitDone(status, "Replaying", () -> button(status.getScene(), "Reproduce the 421").fire());
            awaitDone(status, "Trying the fix", () -> button(status.getScene(), "Try the fix").fire());
            System.exit(0);
        }

        private static Button button(Scene scene, String text) {
            return scene.getRoot().lookupAll(".button").stream().map(Button.class::cast)
                    .filter(b -> b.getText() != null && b.getText().contains(text)).findFirst().orElseThrow();
        }

        private static void awaitDone(StatusBar status, String prefix, Runnable action) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                status.textProperty().addListener((o, was, now) -> {
                    if (now != null && now.startsWith(prefix) && now.endsWith(": done")) {
                        f.complete(null);
                    }
                });
                if (status.getText() != null && status.getText().startsWith(prefix) && status.getText().endsWith(": done")) {
                    f.complete(null);
                }
                action.run();
            });
            f.get(120, TimeUnit.SECONDS);
        }
    }
}
