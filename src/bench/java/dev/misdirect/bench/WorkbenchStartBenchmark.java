package dev.misdirect.bench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Cold start of the workbench as a user starts it: the README's start command ({@code target/misdirect}) on a
 * virtual X display (Xvfb, JavaFX's GTK platform), timed from process start until its window is mapped
 * ({@code xdotool}). Baseline: an empty JavaFX window started with the same JVM flags (JavaFX on the module path, as
 * the launcher puts it), same run. Needs {@code Xvfb} and {@code xdotool}.
 */
public final class WorkbenchStartBenchmark implements Callable<String> {
    static final int RUNS = 7;
    static final String LAUNCHER = "target/misdirect";
    static final String DISPLAY = ":97";

    @Override
    public String call() throws Exception {
        if (!Files.isExecutable(Path.of(LAUNCHER))) {
            throw new IllegalStateException("run from the project directory after `mvn package`: " + LAUNCHER + " is needed");
        }
        Process xvfb = new ProcessBuilder("Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForDisplay();
            List<Long> empty = new ArrayList<>();
            List<Long> workbench = new ArrayList<>();
            mapped(emptyWindowCommand(), "Empty window"); // warm the OS file cache once for all
            mapped(List.of(LAUNCHER), WORKBENCH_TITLE);
            for (int i = 0; i < RUNS; i++) {
                empty.add(mapped(emptyWindowCommand(), "Empty window"));
                workbench.add(mapped(List.of(LAUNCHER), WORKBENCH_TITLE));
            }
            long e = median(empty);
            long w = median(workbench);
            double ratio = w / (double) e;
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return String.format(Locale.ROOT, """
                    ## Workbench cold start (`WorkbenchStartBenchmark`)

                    The README's start command (`target/misdirect`: `java`, JavaFX on the module path, `-jar
                    target/misdirect.jar`) on a virtual X display (Xvfb, JavaFX's GTK platform, software rendering),
                    timed from process start until its window is mapped (`xdotool search --onlyvisible`, polled every
                    20 ms); %d runs each, alternating, medians. The window shown is the workbench itself: menus, header,
                    navigation, status bar and the Inspect screen (the lab starts and is probed after it is shown).
                    Baseline: an empty 400×300 JavaFX window, started with the same JVM flags (JavaFX on the module
                    path), same run. No class-data archive, no warm-up thread, no class lists: the FX thread builds the
                    shell and the first screen; every other screen is built when first shown; the session files'
                    codecs are made on first use, off the FX thread.

                    | Window | Mapped (median) | vs empty window | Target | Result |
                    |---|---:|---:|---|---|
                    | empty JavaFX window (baseline) | %d ms | 1.00× | — | — |
                    | Misdirect workbench, the README's command | %d ms | %.2f× | ≤ 1.6× | %s |

                    All runs (ms) — empty: %s; workbench: %s.
                    Machine load average (1 min) at the end: %.1f on %d cores.
                    """, RUNS, e, w, ratio, ratio <= 1.6 ? "met" : "NOT met", empty, workbench, load,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The empty window, launched as the launcher launches the workbench: JavaFX's jars on the module path. */
    private static List<String> emptyWindowCommand() throws IOException {
        String fx;
        try (var jars = Files.list(Path.of("target/lib"))) {
            fx = jars.map(Path::toString).filter(p -> p.matches(".*/javafx-[a-z]+-[0-9.]+-[a-z]+\\.jar"))
                    .sorted().collect(Collectors.joining(File.pathSeparator));
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--module-path", fx,
                "--add-modules", "javafx.controls", "-cp", System.getProperty("java.class.path"),
                EmptyWindow.class.getName());
    }

    /**
     * The real window's title (a session's: "Misdirect — Untitled", "Misdirect — Lab: …"), not the start-up frame's
     * ("Misdirect — starting"), which is mapped earlier: the figure stays the time until the workbench itself shows.
     */
    static final String WORKBENCH_TITLE = "Misdirect — (Untitled|Lab: )";

    /** Milliseconds from starting {@code command} until a visible window whose title starts with {@code title}. */
    private static long mapped(List<String> command, String title) throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("DISPLAY", DISPLAY);
        env.put("JAVA_TOOL_OPTIONS", "-Dmisdirect.home=" + home);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                ProcessBuilder xdotool = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", "^" + title)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                xdotool.environment().put("DISPLAY", DISPLAY);
                Process search = xdotool.start();
                String found = new String(search.getInputStream().readAllBytes()).trim();
                if (search.waitFor() == 0 && !found.isEmpty()) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException(command + " exited " + p.exitValue() + " before its window showed");
                }
                Thread.sleep(20); // polling the X server: a window's mapping is not an event this process can wait on
            }
            throw new IllegalStateException(command + ": no window in 60 s");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
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

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The baseline: an empty JavaFX window. */
    public static final class EmptyWindow extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("Empty window");
            stage.setScene(new Scene(new StackPane(), 400, 300));
            stage.show();
        }

        public static void main(String[] args) {
            launch(args);
        }
    }
}
