package dev.misdirect.bench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cold start of the workbench as a user starts it: the README's start command ({@code target/misdirect}) on a
 * virtual X display (Xvfb, JavaFX's GTK platform, software rendering). Two moments per start, both read without
 * polling: the window's mapping (the X server's {@code MapNotify}, which {@code xev} reports as it happens) and its
 * first painted frame (JavaFX's own pulse logger, {@code -Djavafx.pulseLogger=true} with a threshold of 0, prints
 * every pulse when it ends; the line's arrival is the time). Baseline: an empty JavaFX window started with the
 * launcher's JVM flags, JavaFX on the module path and only its own class on the class path, same run. For
 * comparison: the empty window at the workbench's size, the JavaFX controls the shell is made of with no application
 * code, and the workbench without the launcher's JVM flags (the flags' own gain). Needs {@code Xvfb} and {@code xev}.
 */
public final class WorkbenchStartBenchmark implements Callable<String> {
    static final int RUNS = 9;
    static final String LAUNCHER = "target/misdirect";
    static final String DISPLAY = ":97";
    /** How long a start is watched for its first screen before it counts as not shown. */
    static final long WATCH_SECONDS = 30;

    @Override
    public String call() throws Exception {
        if (!Files.isExecutable(Path.of(LAUNCHER))) {
            throw new IllegalStateException("run from the project directory after `mvn package`: " + LAUNCHER + " is needed");
        }
        List<String> flags = launcherFlags(Files.readString(Path.of(LAUNCHER)));
        Process xvfb = new ProcessBuilder("Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForDisplay();
            List<String> empty = appCommand(flags, EmptyWindow.class);
            List<String> emptyLarge = appCommand(flags, EmptyWindow.class, "1360", "860");
            List<String> controls = appCommand(flags, ShellControls.class);
            List<String> readme = List.of(LAUNCHER);
            List<String> noFlags = workbenchCommand(List.of());
            List<Start> e = new ArrayList<>();
            List<Start> l = new ArrayList<>();
            List<Start> c = new ArrayList<>();
            List<Start> w = new ArrayList<>();
            List<Start> n = new ArrayList<>();
            start(empty, false); // warm the OS file cache once for all
            start(controls, false);
            start(readme, true);
            for (int i = 0; i < RUNS; i++) {
                e.add(start(empty, false));
                w.add(start(readme, true));
                l.add(start(emptyLarge, false));
                c.add(start(controls, false));
                n.add(start(noFlags, true));
            }
            long em = median(e, Start::mapped);
            long ep = median(e, Start::painted);
            long lm = median(l, Start::mapped);
            long lp = median(l, Start::painted);
            long cm = median(c, Start::mapped);
            long cp = median(c, Start::painted);
            long wm = median(w, Start::mapped);
            long wp = median(w, Start::painted);
            long ws = median(w, Start::screen);
            long nm = median(n, Start::mapped);
            long np = median(n, Start::painted);
            long ns = median(n, Start::screen);
            double ratio = wp / (double) ep;
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return String.format(Locale.ROOT, """
                    ## Workbench cold start (`WorkbenchStartBenchmark`)

                    The README's start command (`target/misdirect`: `java %s`, JavaFX on the module path, `-jar
                    target/misdirect.jar`) on a virtual X display (Xvfb, JavaFX's GTK platform, software rendering),
                    timed from process start; %d runs each, alternating, medians. Two moments, both read as they
                    happen (no polling): the window's mapping (the X server's `MapNotify`, from `xev`) and a painted
                    frame (JavaFX's pulse logger, `-Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=0` for
                    every process, prints every pulse when it ends). The workbench's first frame is its shell (menus,
                    header, navigation rail, status bar, the lab's status); its first screen (Inspect) is built once
                    that frame is on screen and counts as shown at the first frame with at least twice the shell's
                    painted nodes. Baseline: an empty 400×300 JavaFX window started with the same JVM flags, JavaFX
                    on the module path and nothing on the class path but its own class, same run. For comparison, in
                    the same run: the empty window at the workbench's size, and a window of the JavaFX controls the
                    shell is made of (a menu bar of four menus, four buttons, six toggle buttons, labels, a progress
                    bar; JavaFX's default style sheet) with no application code at all. No class-data archive, no
                    warm-up thread, no class lists.

                    | Window | Mapped (median) | First frame painted (median) | vs empty window (painted) |
                    |---|---:|---:|---:|
                    | empty JavaFX window, 400×300, the launcher's JVM flags (baseline) | %d ms | %d ms | 1.00× |
                    | empty JavaFX window at the workbench's size | %d ms | %d ms | %.2f× |
                    | the shell's JavaFX controls alone, no application code, the workbench's size | %d ms | %d ms | %.2f× |
                    | Misdirect workbench, the README's command: the shell | %d ms | %d ms | **%.2f×** |
                    | … its first screen (Inspect) painted | — | %d ms | %.2f× |
                    | workbench without the launcher's JVM flags (`java --module-path … -jar`): the shell | %d ms | %d ms | %.2f× |
                    | … its first screen painted | — | %d ms | %.2f× |

                    Target: the window shown within 1.6× an empty JavaFX window: %s (%.2f×, first frame painted;
                    %.2f× mapped). The launcher's `%s` brings the shell's first frame %d ms sooner and the first
                    screen %d ms sooner than the same start without it.

                    All runs (ms, mapped/painted[/screen]) — empty: %s; empty at the workbench's size: %s; the
                    shell's controls alone: %s; workbench: %s; without the flags: %s.
                    Machine load average (1 min) at the end: %.1f on %d cores.
                    """, String.join(" ", flags), RUNS, em, ep, lm, lp, lp / (double) ep, cm, cp, cp / (double) ep,
                    wm, wp, ratio, ws, ws / (double) ep, nm, np, np / (double) ep, ns, ns / (double) ep,
                    ratio <= 1.6 ? "met" : "NOT met", ratio, wm / (double) em, String.join(" ", flags), np - wp,
                    ns - ws, e, l, c, w, n, load, Runtime.getRuntime().availableProcessors());
        } finally {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The JVM flags the launcher script gives every start: its {@code jvm_flags="…"} line. */
    static List<String> launcherFlags(String script) {
        Matcher m = Pattern.compile("(?m)^jvm_flags=\"([^\"]*)\"$").matcher(script);
        if (!m.find()) {
            throw new IllegalStateException(LAUNCHER + " has no jvm_flags=\"…\" line: the baseline needs its JVM flags");
        }
        return Arrays.stream(m.group(1).trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }

    /** One start: milliseconds from process start to mapping, first painted frame and (workbench) first screen. */
    record Start(long mapped, long painted, long screen) {
        @Override
        public String toString() {
            return screen < 0 ? mapped + "/" + painted : mapped + "/" + painted + "/" + screen;
        }
    }

    private static String javafxModulePath() throws IOException {
        try (var jars = Files.list(Path.of("target/lib"))) {
            return jars.map(Path::toString).filter(p -> p.matches(".*/javafx-[a-z]+-[0-9.]+-[a-z]+\\.jar"))
                    .sorted().collect(Collectors.joining(File.pathSeparator));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A bench window ({@code app}, a class of this file), launched as the launcher launches the workbench: its flags,
     * JavaFX's jars on the module path; on the class path only the directory of its own class, so it carries no jar it
     * does not use.
     */
    private static List<String> appCommand(List<String> flags, Class<? extends Application> app, String... args)
            throws Exception {
        List<String> c = new ArrayList<>(List.of(java()));
        c.addAll(flags);
        c.addAll(List.of("--module-path", javafxModulePath(), "--add-modules", "javafx.controls", "-cp",
                Path.of(app.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(), app.getName()));
        c.addAll(List.of(args));
        return c;
    }

    /** The workbench as the launcher starts it, with {@code flags} for the JVM's own. */
    private static List<String> workbenchCommand(List<String> flags) throws IOException {
        List<String> c = new ArrayList<>(List.of(java()));
        c.addAll(flags);
        c.addAll(List.of("--module-path", javafxModulePath(), "--add-modules", "javafx.controls,javafx.fxml",
                "-jar", "target/misdirect.jar"));
        return c;
    }

    private static final Pattern NODES = Pattern.compile("^\\s*Nodes rendered: (\\d+)");

    /** Starts {@code command} and reads its mapping and its painted frames; for the workbench also its first screen. */
    private static Start start(List<String> command, boolean workbench) throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        Process xev = new ProcessBuilder("xev", "-display", DISPLAY, "-root", "-event", "substructure")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long[] t0 = new long[1];
        CompletableFuture<Long> mapped = new CompletableFuture<>();
        Thread.sleep(300); // xev selects the root window's events once it runs; nothing maps before the app starts
        reader(xev, line -> {
            if (line.startsWith("MapNotify")) {
                mapped.complete(System.nanoTime() - t0[0]);
            }
        });
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("DISPLAY", DISPLAY);
        env.put("JAVA_TOOL_OPTIONS", "-Dmisdirect.home=" + home + " -Djavafx.pulseLogger=true"
                + " -Djavafx.pulseLogger.threshold=0");
        CompletableFuture<Long> painted = new CompletableFuture<>();
        CompletableFuture<Long> screen = new CompletableFuture<>();
        int[] firstNodes = new int[1];
        t0[0] = System.nanoTime();
        Process p = pb.start();
        reader(p, line -> {
            Matcher m = NODES.matcher(line);
            if (m.find()) {
                long at = System.nanoTime() - t0[0];
                int nodes = Integer.parseInt(m.group(1));
                if (!painted.isDone()) {
                    firstNodes[0] = nodes;
                    painted.complete(at);
                } else if (nodes >= 2 * firstNodes[0]) {
                    screen.complete(at);
                }
            }
        });
        try {
            long m = mapped.get(WATCH_SECONDS, TimeUnit.SECONDS);
            long f = painted.get(WATCH_SECONDS, TimeUnit.SECONDS);
            long s = workbench ? screen.get(WATCH_SECONDS, TimeUnit.SECONDS) : -1;
            return new Start(TimeUnit.NANOSECONDS.toMillis(m), TimeUnit.NANOSECONDS.toMillis(f),
                    s < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(s));
        } finally {
            p.destroy();
            xev.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            xev.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Reads {@code process}'s output line by line on a daemon thread. */
    private static void reader(Process process, java.util.function.Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "bench-reader");
        t.setDaemon(true);
        t.start();
    }

    private static void waitForDisplay() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(Path.of("/tmp/.X11-unix/X" + DISPLAY.substring(1)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Xvfb did not start on " + DISPLAY);
            }
            Thread.sleep(20); // waiting for the X server's socket
        }
    }

    static long median(List<Start> starts, Function<Start, Long> moment) {
        List<Long> sorted = new ArrayList<>(starts.stream().map(moment).toList());
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The baseline: an empty JavaFX window, 400×300 or the size its arguments give (no larger than the screen). */
    public static final class EmptyWindow extends Application {
        @Override
        public void start(Stage stage) {
            List<String> size = getParameters().getRaw();
            stage.setTitle("Empty window");
            stage.setScene(size.size() == 2 ? new Scene(new StackPane(), fitting(size.get(0), true),
                    fitting(size.get(1), false)) : new Scene(new StackPane(), 400, 300));
            stage.show();
        }

        public static void main(String[] args) {
            launch(args);
        }
    }

    /** A size no larger than the primary screen's, as the workbench sizes its window. */
    static double fitting(String wanted, boolean width) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        return Math.min(Double.parseDouble(wanted), width ? screen.getWidth() : screen.getHeight());
    }

    /**
     * The JavaFX controls the workbench's shell is made of, with JavaFX's default style sheet and no application code:
     * a menu bar of four menus, a header of labels and four buttons, a rail of six toggle buttons, a status line with a
     * progress bar; at the workbench's size.
     */
    public static final class ShellControls extends Application {
        @Override
        public void start(Stage stage) {
            MenuBar menus = new MenuBar(
                    new Menu("_File", null, new MenuItem("_New session"), new MenuItem("_Open…"),
                            new SeparatorMenuItem(), new MenuItem("_Quit")),
                    new Menu("_Run", null, new MenuItem("_Probe authorities"), new MenuItem("_Replay")),
                    new Menu("_View", null, new MenuItem("Inspect"), new RadioMenuItem("_Light theme")),
                    new Menu("_Help", null, new MenuItem("What is a 421?")));
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox header = new HBox(new Label("Session: tenants-wildcard"), new Label("Lab data"), spacer,
                    new Button("⚠ Reproduce the 421"), new Button("✔ Try the fix"),
                    new Separator(Orientation.VERTICAL), new Button("▶ Probe"), new Button("↻ Replay"));
            ToggleGroup screens = new ToggleGroup();
            VBox rail = new VBox();
            for (String name : List.of("Authorities", "Inspect", "Coalescing", "Replay", "Lab", "Findings")) {
                ToggleButton b = new ToggleButton(name);
                b.setToggleGroup(screens);
                rail.getChildren().add(b);
            }
            HBox status = new HBox(new Label("Starting lab scenario tenants-wildcard…"), new ProgressBar(0));
            stage.setTitle("Shell controls");
            stage.setScene(new Scene(new BorderPane(new StackPane(), new VBox(menus, header), null, status, rail),
                    fitting("1360", true), fitting("860", false)));
            stage.show();
        }

        public static void main(String[] args) {
            launch(args);
        }
    }
}
