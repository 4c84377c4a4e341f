package dev.misdirect.bench;

import dev.misdirect.ui.app.WorkbenchApp;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Responsiveness of the FX thread while the workbench works: a heartbeat (an {@code AnimationTimer}, one callback
 * per pulse) records the gaps between pulses; the longest gap is the longest stall. Phases: the lab scenario loaded
 * and probed at start, "Reproduce the 421" (a replay), "Try the fix" (two replays and a second lab). Baseline: the
 * same heartbeat with an idle window, same JVM, same duration. Runs in a child JVM (headless Monocle,
 * {@code prism.order=sw}).
 */
public final class WorkbenchStallBenchmark implements Callable<String> {

    @Override
    public String call() throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx1g", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Dprism.text=t2k", "-Dmisdirect.home=" + home,
                "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0 || lines.size() < 4) {
            p.destroyForcibly();
            throw new IllegalStateException("stall child failed: " + lines);
        }
        StringBuilder rows = new StringBuilder();
        double idleMax = 0;
        double worst = 0;
        String worstPhase = "";
        for (String l : lines) {
            String[] f = l.split("\t");
            double max = Double.parseDouble(f[1]);
            if (f[0].startsWith("idle")) {
                idleMax = max;
            } else if (max > worst) {
                worst = max;
                worstPhase = f[0];
            }
            rows.append(String.format(Locale.ROOT, "| %s | %s ms | %.1f ms | %.1f ms | %s | %s | %s |%n", f[0], f[4],
                    Double.parseDouble(f[2]), max, f[3], f[5],
                    f[0].startsWith("idle") ? "1.00×" : String.format(Locale.ROOT, "%.2f×", max / Math.max(0.1, idleMax))));
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, """
                ## FX-thread stalls during probe and replay (`WorkbenchStallBenchmark`)

                A heartbeat (`AnimationTimer`, one callback per pulse, ~60 per second) records the gaps between pulses
                while the workbench works for real against the embedded lab, in one JVM (headless Monocle,
                `prism.order=sw`). The longest gap is the longest time the FX thread could not draw. Baseline: the
                same heartbeat over an idle window, measured first in the same JVM.

                | Phase | Duration | Median gap | Longest gap | Pulses | Gaps > 50 ms | Longest vs idle |
                |---|---:|---:|---:|---:|---:|---:|
                %s
                Window construction (`WorkbenchApp.start`: the shell and the first screen) runs on the FX thread
                before the first frame and is not counted here (see the cold-start benchmark). After the first frame
                the lab starts and is probed off the FX thread while the Replay screen is built ahead of use (its FXML
                loaded on a worker, then bound and attached hidden on the FX thread and styled and laid out a part per
                pulse during the first phase, a part being about one control), so "Reproduce the 421" finds it built. A
                hidden screen is out of the content's layout and clipped to nothing, so its changes neither lay out nor
                repaint the shown screen; the Inspect table takes a new probe's rows a row per pulse. Probe and replay
                events reach the FX thread batched (≤ 20 UI updates per second). A gap also contains the FX thread
                waiting for the renderer to finish the previous frame (software pipeline, on the same cores). "Gaps >
                50 ms" counts the pulses that came more than three frames late.
                Target: longest stall ≤ 100 ms — %s (longest: %.1f ms, %s).
                Machine load average (1 min) at the end: %.1f on %d cores.
                """, rows, worst <= 100 ? "met" : "NOT met", worst, worstPhase, load,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The child JVM: prints one line per phase: name, longest gap ms, median gap ms, pulses, duration ms, gaps over
     * 50 ms.
     */
    public static final class Child {
        private static final List<Long> pulses = new ArrayList<>();

        public static void main(String[] args) throws Exception {
            CompletableFuture<Stage> ready = new CompletableFuture<>();
            Platform.startup(() -> {
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        pulses.add(now);
                    }
                }.start();
                Stage idle = new Stage();
                idle.setScene(new Scene(new StackPane(), 400, 300));
                idle.show();
                ready.complete(idle);
            });
            Stage idleStage = ready.get(30, TimeUnit.SECONDS);
            long idleStart = onFx(System::nanoTime);
            Thread.sleep(3000); // the idle baseline: nothing to wait for but time
            long idleEnd = onFx(System::nanoTime);
            report("idle window (baseline)", idleStart, idleEnd);

            CompletableFuture<StatusBar> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                idleStage.hide();
                Stage stage = new Stage();
                new WorkbenchApp().start(stage);
                shown.complete((StatusBar) stage.getScene().lookup(".status-bar"));
            });
            StatusBar status = shown.get(60, TimeUnit.SECONDS);
            long loadStart = onFx(System::nanoTime);
            await(status, "Probing");
            long loadEnd = onFx(System::nanoTime);
            report("lab started + probed (first start)", loadStart, loadEnd);

            long replayStart = onFx(System::nanoTime);
            CompletableFuture<Void> listening = awaitAsync(status, "Replaying");
            Platform.runLater(() -> button(status, "Reproduce the 421").fire());
            listening.get(120, TimeUnit.SECONDS);
            long replayEnd = onFx(System::nanoTime);
            report("Reproduce the 421 (replay, live timeline)", replayStart, replayEnd);

            long fixStart = onFx(System::nanoTime);
            CompletableFuture<Void> fixDone = awaitAsync(status, "Trying the fix");
            Platform.runLater(() -> button(status, "Try the fix").fire());
            fixDone.get(120, TimeUnit.SECONDS);
            long fixEnd = onFx(System::nanoTime);
            report("Try the fix (second lab, two replays)", fixStart, fixEnd);

            long againStart = onFx(System::nanoTime);
            CompletableFuture<Void> again = awaitAsync(status, "Replaying");
            Platform.runLater(() -> button(status, "Reproduce the 421").fire());
            again.get(120, TimeUnit.SECONDS);
            long againEnd = onFx(System::nanoTime);
            report("Reproduce again", againStart, againEnd);
            System.out.flush();
            System.exit(0);
        }

        private static Button button(StatusBar anyNode, String text) {
            return anyNode.getScene().getRoot().lookupAll(".button").stream().map(Button.class::cast)
                    .filter(b -> b.getText() != null && b.getText().contains(text)).findFirst().orElseThrow();
        }

        private static <T> T onFx(java.util.function.Supplier<T> s) throws Exception {
            CompletableFuture<T> f = new CompletableFuture<>();
            Platform.runLater(() -> f.complete(s.get()));
            return f.get(60, TimeUnit.SECONDS);
        }

        private static void await(StatusBar status, String prefix) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                if (done(status.getText(), prefix)) {
                    f.complete(null);
                }
                status.textProperty().addListener((o, was, now) -> {
                    if (done(now, prefix)) {
                        f.complete(null);
                    }
                });
            });
            f.get(120, TimeUnit.SECONDS);
        }

        private static CompletableFuture<Void> awaitAsync(StatusBar status, String prefix) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            CompletableFuture<Void> installed = new CompletableFuture<>();
            Platform.runLater(() -> {
                status.textProperty().addListener((o, was, now) -> {
                    if (done(now, prefix)) {
                        f.complete(null);
                    }
                });
                installed.complete(null);
            });
            installed.get(60, TimeUnit.SECONDS);
            return f;
        }

        private static boolean done(String text, String prefix) {
            return text != null && text.startsWith(prefix) && text.endsWith(": done");
        }

        private static void report(String phase, long start, long end) throws Exception {
            List<Long> window = onFx(() -> pulses.stream().filter(t -> t >= start && t <= end).toList());
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < window.size(); i++) {
                gaps.add((window.get(i) - window.get(i - 1)) / 1e6);
            }
            List<Double> sorted = new ArrayList<>(gaps);
            java.util.Collections.sort(sorted);
            double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
            double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
            System.out.printf(Locale.ROOT, "%s\t%.1f\t%.1f\t%d\t%d\t%d%n", phase, max, median, window.size(),
                    TimeUnit.NANOSECONDS.toMillis(end - start), gaps.stream().filter(g -> g > 50).count());
        }
    }
}
