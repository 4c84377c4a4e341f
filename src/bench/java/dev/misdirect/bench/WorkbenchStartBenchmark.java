package dev.misdirect.bench;

import dev.misdirect.core.tls.EcArithmetic;
import dev.misdirect.ui.app.StartAhead;
import dev.misdirect.ui.app.WorkbenchApp;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.io.BufferedReader;
import java.io.File;
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
 * showing an empty JavaFX window. Launched as the README's start command launches it (with the class-data archive
 * {@code mvn package} writes), and also without the archive. Headless Monocle with the software pipeline, so it
 * needs no display. Run from the project directory (the archive records the jar's relative path).
 */
public final class WorkbenchStartBenchmark implements Callable<String> {
    static final int RUNS = 5;

    /** The README's start command's archive and jar, relative to the project directory as the README has them. */
    static final String ARCHIVE = "target/misdirect.jsa";
    static final String JAR = "target/misdirect.jar";

    @Override
    public String call() throws Exception {
        if (!Files.isRegularFile(Path.of(ARCHIVE)) || !Files.isRegularFile(Path.of(JAR))) {
            throw new IllegalStateException("run from the project directory after `mvn package`: " + JAR + " and "
                    + ARCHIVE + " are needed");
        }
        Path home = Files.createTempDirectory("misdirect-bench-home");
        List<Long> emptyShown = new ArrayList<>();
        List<Long> readmeShown = new ArrayList<>();
        List<Long> readmeProbed = new ArrayList<>();
        List<Long> plainShown = new ArrayList<>();
        List<Long> plainProbed = new ArrayList<>();
        // The jar first, as `java -jar` puts it (its manifest brings target/lib), then the benchmark's own classes
        // (the child below, headless Monocle): an archive accepts a class path that extends the one it was made with.
        String jarClassPath = JAR + File.pathSeparator + System.getProperty("java.class.path");
        List<String> readme = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + ARCHIVE));
        readme.addAll(WorkbenchStallBenchmark.PRIORITY_FLAGS);
        child("empty", home, List.of(), jarClassPath); // warm the OS file cache once for all
        child("app", home, readme, jarClassPath);
        for (int i = 0; i < RUNS; i++) {
            emptyShown.add(child("empty", home, List.of(), jarClassPath)[0]);
            long[] app = child("app", home, readme, jarClassPath);
            readmeShown.add(app[0]);
            readmeProbed.add(app[1]);
            long[] plain = child("app", home, List.of(), jarClassPath);
            plainShown.add(plain[0]);
            plainProbed.add(plain[1]);
        }
        long empty = median(emptyShown);
        long shown = median(readmeShown);
        long plain = median(plainShown);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, """
                ## Workbench cold start (`WorkbenchStartBenchmark`)

                A fresh JVM per run, launched as the README's start command launches it: `java
                -XX:SharedArchiveFile=target/misdirect.jsa` and the priority flags (%s) `-jar target/misdirect.jar`
                from the project directory (the
                jar first on the class path with its `target/lib`; the headless toolkit, Monocle with `prism.order=sw`,
                and the benchmark's child class appended), timed by the parent from process start until the child's
                stage fires its *shown* event; %d runs each, alternating, medians. The window shown is the workbench
                itself: menus, header, navigation, status bar ("Starting lab scenario …") and the Inspect screen.
                `target/misdirect.jsa` is the class-data-sharing archive `mvn package` writes with one training run
                (`ClassDataTraining`: a first start offscreen on JavaFX's headless platform, as a user's: the lab
                started and probed, each screen shown, "Reproduce the 421", "Try the fix"); it holds the classes that
                run used, parsed and verified, and the lambda classes it spun up. Baseline: the same
                child showing an empty 400×300 JavaFX window, in the same run, same class path.

                | Window | Shown (median) | vs empty window | Lab `tenants-wildcard` started and probed (median) | Target | Result |
                |---|---:|---:|---:|---|---|
                | empty JavaFX window (baseline) | %d ms | 1.00× | — | — | — |
                | Misdirect workbench, the README's command (with the archive) | %d ms | %.2f× | %d ms | shown ≤ 1.5 s | %s |
                | plain `java -jar` (no archive, no priority flags) | %d ms | %.2f× | %d ms | — | — |

                All runs (ms) — empty: %s; README command shown: %s, probed: %s; plain `java -jar` shown: %s, probed: %s.
                On the way to the first frame the FX thread builds only the shell and the first screen (FXML, the
                scene's first CSS pass, layout; the style sheets read in their binary form, tooltips made on first
                hover), while a second thread, begun before the JavaFX toolkit starts (`StartAhead`), loads and links
                the classes the window is about to need (`ClassWarmup`) and initialises the logging, the IDNA and
                redaction tables and the lab's scenario catalogue; the session files' wiring (JSON codecs,
                importers), the autosave check, the lab (CA, servers) and the probe start after the window is shown,
                and the other screens are built ahead of use after that (`ScreenPrebuild`). With the archive the JVM
                maps those classes already parsed and verified instead of reading them from the jars. A JVM that
                cannot use the archive (another JDK, a jar rebuilt without it) starts as in the last row.
                Machine load average (1 min) at the end: %.1f on %d cores.
                """, String.join(" ", WorkbenchStallBenchmark.PRIORITY_FLAGS), RUNS, empty, shown, shown / (double) Math.max(1, empty), median(readmeProbed),
                shown <= 1500 ? "met" : "NOT met", plain, plain / (double) Math.max(1, empty), median(plainProbed),
                emptyShown, readmeShown, readmeProbed, plainShown, plainProbed, load,
                Runtime.getRuntime().availableProcessors());
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Runs one child; returns {shownMs, probedMs (0 for the empty window)} measured from process start. */
    private static long[] child(String mode, Path home, List<String> jvmOptions, String classPath) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx1g", "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k", "-Dmisdirect.home=" + home));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Child.class.getName(), mode));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
            EcArithmetic.installInBackground(); // as Main does
            StartAhead.begin(); // as WorkbenchLauncher does
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
