package dev.misdirect.bench;

import dev.misdirect.ui.app.WorkbenchApp;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Cold start of the workbench: a fresh JVM per run, timed from the parent until the child's stage is shown (and,
 * for the workbench, until the lab scenario it opens on has been started and probed). Baseline: the same child
 * showing an empty JavaFX window. Also measured, and reported apart from the headline: the workbench with an AppCDS
 * archive made by a training run. Headless Monocle with the software pipeline, so it needs no display.
 */
public final class WorkbenchStartBenchmark implements Callable<String> {
    static final int RUNS = 5;

    @Override
    public String call() throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        List<Long> emptyShown = new ArrayList<>();
        List<Long> appShown = new ArrayList<>();
        List<Long> appProbed = new ArrayList<>();
        List<Long> cdsShown = new ArrayList<>();
        List<Long> cdsProbed = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        // the AppCDS variant: class-path directories as jars (CDS archives only jar classes), one training run
        Path cdsDir = Files.createTempDirectory("misdirect-bench-cds");
        String jarredClassPath = jarDirectories(classPath, cdsDir);
        Path archive = cdsDir.resolve("workbench.jsa");
        child("empty", home, List.of(), classPath); // warm the OS file cache once for all
        child("app", home, List.of("-XX:ArchiveClassesAtExit=" + archive), jarredClassPath);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no AppCDS archive " + archive);
        }
        for (int i = 0; i < RUNS; i++) {
            emptyShown.add(child("empty", home, List.of(), classPath)[0]);
            long[] app = child("app", home, List.of(), classPath);
            appShown.add(app[0]);
            appProbed.add(app[1]);
            long[] cds = child("app", home, List.of("-XX:SharedArchiveFile=" + archive), jarredClassPath);
            cdsShown.add(cds[0]);
            cdsProbed.add(cds[1]);
        }
        long empty = median(emptyShown);
        long shown = median(appShown);
        long probed = median(appProbed);
        long cdsShownMedian = median(cdsShown);
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
                | Misdirect workbench (`java -jar` launch: the headline) | %d ms | %.2f× | %d ms | shown ≤ 1.5 s | %s |
                | same, with an AppCDS archive (`-XX:SharedArchiveFile`) | %d ms | %.2f× | %d ms | — | not the headline |

                All runs (ms) — empty: %s; workbench shown: %s; workbench probed: %s; with AppCDS shown: %s.
                The AppCDS row is a JVM-level aid measured separately: the same child with a dynamic class-data archive
                made by one training run (`-XX:ArchiveClassesAtExit`) over the same class path as jars, as a packaged
                launcher could pass it (jpackage `--java-options`); `java -jar` cannot, so the headline stays without it.
                On the way to the first frame the FX thread builds only the shell and the first screen (FXML, the
                scene's first CSS pass, layout) while a second thread loads and links the classes it is about to need
                (`ClassWarmup`); the session files' wiring (JSON codecs, importers), the autosave check, the lab (CA,
                servers) and the probe start after the window is shown, and the Replay screen is built ahead of use
                after that (`ScreenPrebuild`). The remaining time over the empty window is the FX thread's own work
                for the shell and the Inspect screen, in a JVM whose code is not compiled yet.
                Machine load average (1 min) at the end: %.1f on %d cores.
                """, RUNS, empty, shown, shown / (double) Math.max(1, empty), probed,
                shown <= 1500 ? "met" : "NOT met", cdsShownMedian, cdsShownMedian / (double) Math.max(1, empty),
                median(cdsProbed), emptyShown, appShown, appProbed, cdsShown, load,
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

    /** The class path with each directory replaced by a jar of its files (written into {@code dir}). */
    static String jarDirectories(String classPath, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                out.add(entry);
                continue;
            }
            Path jar = dir.resolve("dir-" + (n++) + ".jar");
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    j.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return String.join(File.pathSeparator, out);
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
