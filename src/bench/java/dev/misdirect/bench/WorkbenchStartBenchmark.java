package dev.misdirect.bench;

import dev.misdirect.ui.app.WorkbenchApp;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the workbench: a fresh JVM per run, timed from the parent until the child's stage is shown (and,
 * for the workbench, until the lab scenario it opens on has been started and probed). Baseline: the same child
 * showing an empty JavaFX window. Headless Monocle with the software pipeline, so it needs no display.
 */
public final class WorkbenchStartBenchmark implements Callable<String> {
    static final int RUNS = 5;

    @Override
    public String call() throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        List<Long> emptyShown = new ArrayList<>();
        List<Long> appShown = new ArrayList<>();
        List<Long> appProbed = new ArrayList<>();
        child("empty", home); // warm the OS file cache once for both
        for (int i = 0; i < RUNS; i++) {
            emptyShown.add(child("empty", home)[0]);
            long[] app = child("app", home);
            appShown.add(app[0]);
            appProbed.add(app[1]);
        }
        long empty = median(emptyShown);
        long shown = median(appShown);
        long probed = median(appProbed);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, """
                ## Workbench cold start (`WorkbenchStartBenchmark`)

                A fresh JVM per run, launched like `java -jar target/misdirect.jar` (the same classes on a plain class
                path, no JVM options beyond the heap and the headless toolkit: Monocle, `prism.order=sw`), timed by the
                parent from process start until the child's stage fires its *shown* event; %d runs each, alternating,
                medians. The window shown is the workbench itself: menus, header, navigation, status bar ("Starting lab
                scenario …") and the Inspect screen. Baseline: the same child showing an empty 400×300 JavaFX window,
                in the same run.

                | Window | Shown (median) | vs empty window | Lab `tenants-wildcard` started and probed (median) | Target | Result |
                |---|---:|---:|---:|---|---|
                | empty JavaFX window (baseline) | %d ms | 1.00× | — | — | — |
                | Misdirect workbench | %d ms | %.2f× | %d ms | shown ≤ 1.5 s | %s |

                All runs (ms) — empty: %s; workbench shown: %s; workbench probed: %s.
                On the way to the first frame the FX thread builds only the shell and the first screen (FXML, the
                scene's first CSS pass, layout) while a second thread loads and links the classes it is about to need
                (`ClassWarmup`); the session files' wiring (JSON codecs, importers), the autosave check, the lab (CA,
                servers) and the probe start after the window is shown, and the Replay screen is built ahead of use
                after that (`ScreenPrebuild`). The remaining time over the empty window is the FX thread's own work
                for the shell and the Inspect screen, in a JVM whose code is not compiled yet.
                Machine load average (1 min) at the end: %.1f on %d cores.
                """, RUNS, empty, shown, shown / (double) Math.max(1, empty), probed,
                shown <= 1500 ? "met" : "NOT met", emptyShown, appShown, appProbed, load,
                Runtime.getRuntime().availableProcessors());
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Runs one child; returns {shownMs, probedMs (0 for the empty window)} measured from process start. */
    private static long[] child(String mode, Path home) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaBin, "-Xmx1g", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Dprism.text=t2k", "-Dmisdirect.home=" + home,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long shown = -1;
        long probed = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (line.equals("SHOWN")) {
                    shown = ms;
                } else if (line.equals("PROBED")) {
                    probed = ms;
                }
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(mode + " child did not finish in 2 minutes");
        }
        if (shown < 0 || (mode.equals("app") && probed == 0)) {
            throw new IllegalStateException(mode + " child exited " + p.exitValue() + " before its window was ready");
        }
        return new long[]{shown, probed};
    }

    /** The child JVM: shows the window, prints SHOWN (and PROBED for the workbench), exits. */
    public static final class Child {
        public static void main(String[] args) {
            boolean app = args[0].equals("app");
            Platform.startup(() -> {
                Stage stage = new Stage();
                stage.setOnShown(e -> {
                    System.out.println("SHOWN");
                    System.out.flush();
                    if (!app) {
                        Platform.exit();
                        System.exit(0);
                    } else {
                        watchForProbe(stage.getScene());
                    }
                });
                if (app) {
                    new WorkbenchApp().start(stage);
                } else {
                    stage.setScene(new Scene(new StackPane(), 400, 300));
                    stage.show();
                }
            });
        }

        private static void watchForProbe(Scene scene) {
            Node bar = scene.lookup(".status-bar");
            StatusBar status = (StatusBar) bar;
            status.textProperty().addListener((o, was, now) -> {
                if (now != null && now.startsWith("Probing") && now.endsWith(": done")) {
                    System.out.println("PROBED");
                    System.out.flush();
                    System.exit(0); // the lab's servers die with the JVM
                }
            });
        }
    }
}
