package dev.misdirect.bench;

import dev.misdirect.ui.app.WorkbenchApp;
import dev.misdirect.ui.authorities.AuthorityRow;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Responsiveness of the FX thread while the workbench works: a heartbeat (an {@code AnimationTimer}, one callback
 * per pulse) records the gaps between pulses; the longest gap is the longest stall. Phases: the lab scenario loaded
 * and probed at start, the Authorities screen, 48 authorities pasted and all 50 probed, the Findings and Coalescing
 * screens, "Reproduce the 421" (a replay), "Try the fix" (two replays and a second lab), "Reproduce" again.
 * Baseline: the same heartbeat with an idle window, same JVM. Runs in child JVMs (headless Monocle,
 * {@code prism.order=sw}), alternating: with the launcher's JVM flags, with the Replay screen built on first show,
 * with the packaged runtime's priority flags too, and with an operation's work handed to its worker at once. With
 * {@code -Dstall.sampler=true} a child also prints where the FX thread was during each stall, and with
 * {@code -Dstall.cpu=true} the processor time each of its threads used in each phase (diagnostics, on stderr).
 */
public final class WorkbenchStallBenchmark implements Callable<String> {
    /** Runs of each kind (alternating), each a fresh JVM; the figures are the medians per phase. */
    static final int RUNS = 5;

    @Override
    public String call() throws Exception {
        if (!Files.isRegularFile(Path.of(JAR))) {
            throw new IllegalStateException("run from the project directory after `mvn package`: " + JAR + " is needed");
        }
        List<String> launcher = WorkbenchStartBenchmark.launcherFlags(Files.readString(Path.of(WorkbenchStartBenchmark.LAUNCHER)));
        List<String> prioritised = new ArrayList<>(launcher);
        prioritised.addAll(PRIORITY_FLAGS);
        // phase -> longest gap of each run: as the README's command starts it (the launcher's JVM flags), without
        // those flags, and with the packaged runtime's priority flags too
        List<String> lazy = new ArrayList<>(launcher);
        lazy.add("-D" + LAZY_SCREENS);
        List<String> atOnce = new ArrayList<>(launcher);
        atOnce.add("-D" + WORK_AT_ONCE);
        Map<String, List<Double>> readme = new LinkedHashMap<>();
        Map<String, List<Double>> lazyScreens = new LinkedHashMap<>();
        Map<String, List<Double>> withFlags = new LinkedHashMap<>();
        Map<String, List<Double>> workAtOnce = new LinkedHashMap<>();
        Map<String, List<String[]>> details = new LinkedHashMap<>();
        for (int run = 0; run < RUNS; run++) {
            for (int kind = 0; kind < 4; kind++) {
                List<String> flags = kind == 0 ? launcher : kind == 1 ? lazy : kind == 2 ? prioritised : atOnce;
                Map<String, List<Double>> into = kind == 0 ? readme : kind == 1 ? lazyScreens : kind == 2 ? withFlags
                        : workAtOnce;
                for (String l : runChild(flags)) {
                    String[] f = l.split("\t");
                    into.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[1]));
                    if (kind == 0) {
                        details.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
                    }
                }
            }
        }
        double idle = median(readme.values().iterator().next());
        StringBuilder rows = new StringBuilder();
        double worst = 0;
        String worstPhase = "";
        List<String> otherOver = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : readme.entrySet()) {
            String phase = e.getKey();
            double med = median(e.getValue());
            boolean isIdle = phase.startsWith("idle");
            if (Child.PROBE_AND_REPLAY.contains(phase)) {
                if (med > worst) {
                    worst = med;
                    worstPhase = phase;
                }
            } else if (!isIdle && med > 100) {
                otherOver.add(String.format(Locale.ROOT, "%s %.0f ms", phase, med));
            }
            List<String[]> d = details.get(phase);
            rows.append(String.format(Locale.ROOT, "| %s | %s | **%.0f ms** | %.0f ms | %.0f ms | %.0f ms | %s | %s | %s |%n",
                    phase, e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList(), med,
                    median(workAtOnce.getOrDefault(phase, List.of(0.0))),
                    median(lazyScreens.getOrDefault(phase, List.of(0.0))), median(withFlags.getOrDefault(phase, List.of(0.0))),
                    d.stream().map(f -> f[4]).toList(), d.stream().map(f -> f[5]).toList(),
                    isIdle ? "1.00×" : String.format(Locale.ROOT, "%.2f×", med / Math.max(0.1, idle))));
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, """
                ## FX-thread stalls during probe and replay (`WorkbenchStallBenchmark`)

                A heartbeat (`AnimationTimer`, one callback per pulse, ~60 per second) records the gaps between pulses
                while the workbench works for real against the embedded lab, in a fresh JVM per run (headless Monocle,
                `prism.order=sw`, the jar on the class path and the JVM flags the README's command gives it: `%s`). The
                longest gap is the longest time the FX thread could not draw. The phases follow a new user: the first
                start (lab started and probed), the Authorities screen, %d more authority lines pasted (names under
                the lab's wildcard, `resolve=127.0.0.1`), a probe of all %d, the Findings and Coalescing screens,
                "Reproduce the 421", "Try the fix", and "Reproduce" again. Each phase runs until its work is done and
                the screen has had 30 more pulses (90 after the probe); the heartbeat runs without a break and a gap
                counts in the phase its closing pulse falls in. Baseline: the same heartbeat over an idle window,
                measured first in the same JVM. %d runs each, alternating: as the README's command starts it; with
                `-D%s` (an operation's work handed to its worker at once, instead of two pulses later, once the frame
                that shows the operation started has been drawn); with
                `-D%s` (the Replay screen built when first shown, as the others are, instead of built, laid out
                and painted once off screen ahead of "Reproduce the 421"); and with the priority flags the packaged runtime adds (`%s`: the engine's threads at nice 19).
                Figures are medians of the runs' longest gaps.

                | Phase | Longest gap, each run | Median | Median, work handed over at once | Median, Replay screen built on first show | Median with the priority flags | Duration, each run (ms) | Gaps > 50 ms, each run | Median vs idle |
                |---|---|---:|---:|---:|---:|---|---|---:|
                %s
                Window construction (`WorkbenchApp.start`: the shell) runs on the FX thread before the first frame
                and is not counted here (see the cold-start benchmark); the first screen is built after the shell's
                frames and counts in the first phase. A screen is built when
                it is first shown (the Replay screen earlier, hidden), and only the shown screen is in the window;
                tables get their rows as the
                view-models publish them (batched by `EventBatcher`, one update per ~50 ms). A gap also contains the
                FX thread waiting for the renderer to finish the previous frame (software pipeline, on the same
                cores), and, in a fresh JVM, code run for the first time (interpreted, then compiled). "Gaps > 50 ms"
                counts the pulses that came more than three frames late.
                Target: longest stall ≤ 100 ms during a %d-authority probe and replay (the phases from the pasted
                lines to "Reproduce again": %s) — %s (worst median: %.0f ms, %s). Other phases over 100 ms in the
                median (first frames of the window and first show of a screen, not part of the target): %s.
                Machine load average (1 min) at the end: %.1f on %d cores.
                """, String.join(" ", launcher), Child.AUTHORITIES - 2, Child.AUTHORITIES, RUNS, WORK_AT_ONCE, LAZY_SCREENS,
                String.join(" ", PRIORITY_FLAGS), rows,
                Child.AUTHORITIES, String.join("; ", Child.PROBE_AND_REPLAY), worst <= 100 ? "met" : "NOT met", worst,
                worstPhase, otherOver.isEmpty() ? "none" : String.join("; ", otherOver), load,
                Runtime.getRuntime().availableProcessors());
    }

    /** The switch that builds the Replay screen when it is first shown, as every other screen is. */
    static final String LAZY_SCREENS = "misdirect.screens=lazy";

    /** The switch that hands an operation's work to its worker at once, not after the frames that show it started. */
    static final String WORK_AT_ONCE = "misdirect.work=at-once";

    /** The jar the README's start command runs. */
    static final String JAR = "target/misdirect.jar";

    /** The priority flags of the packaged runtime. */
    static final List<String> PRIORITY_FLAGS = List.of("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19",
            "-XX:JavaPriority9_To_OSPriority=0", "-XX:JavaPriority10_To_OSPriority=0");

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One child JVM's phase lines (name, longest gap, median gap, pulses, duration, gaps over 50 ms). */
    private static List<String> runChild(List<String> flags) throws Exception {
        Path home = Files.createTempDirectory("misdirect-bench-home");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // as the README's start command launches it: the jar first on the class path, then the benchmark's own classes
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx1g"));
        cmd.addAll(flags);
        boolean diagnostics = Boolean.getBoolean("stall.sampler") || Boolean.getBoolean("stall.cpu");
        for (String diagnostic : List.of("stall.sampler", "stall.cpu")) {
            if (Boolean.getBoolean(diagnostic)) {
                cmd.add("-D" + diagnostic + "=true");
            }
        }
        cmd.addAll(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Dprism.text=t2k", "-Dmisdirect.home=" + home, "-cp",
                JAR + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(diagnostics ? ProcessBuilder.Redirect.INHERIT
                : ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.split("\t").length == 6) {
                    lines.add(line);
                }
            }
        }
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0 || lines.size() < 10) {
            p.destroyForcibly();
            throw new IllegalStateException("stall child failed: " + lines);
        }
        return lines;
    }

    /**
     * The child JVM: prints one line per phase: name, longest gap ms, median gap ms, pulses, duration ms, gaps over
     * 50 ms. The heartbeat runs without a break from the idle window to the end; the phases follow one another
     * without a hole, and a gap counts in the phase its closing pulse falls in, so no stall goes uncounted at a
     * phase's edge.
     */
    public static final class Child {
        /** Authorities in the probe of the third phase (the lab's two and 48 more names under its wildcard). */
        static final int AUTHORITIES = 50;
        static final String PASTED = (AUTHORITIES - 2) + " authority lines pasted";
        static final String PROBE = "probe of " + AUTHORITIES + " authorities (Inspect fills)";
        static final String REPRODUCE = "Reproduce the 421 (replay, live timeline)";
        static final String TRY_FIX = "Try the fix (second lab, two replays)";
        static final String AGAIN = "Reproduce again";
        /** The phases of the target: the 50-authority probe (with its pasted lines) and the replays. */
        static final List<String> PROBE_AND_REPLAY = List.of(PASTED, PROBE, REPRODUCE, TRY_FIX, AGAIN);
        private static final List<Long> pulses = new ArrayList<>();
        private static final List<String> phases = new ArrayList<>();
        private static volatile long lastPulse;
        private static final List<Long> phaseStarts = new ArrayList<>();

        public static void main(String[] args) throws Exception {
            try {
                run();
            } catch (Exception | Error e) {
                e.printStackTrace();
                System.exit(1);
            }
        }

        private static void run() throws Exception {
            CompletableFuture<Stage> ready = new CompletableFuture<>();
            Platform.startup(() -> {
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        pulses.add(now);
                        lastPulse = System.nanoTime();
                    }
                }.start();
                Stage idle = new Stage();
                idle.setScene(new Scene(new StackPane(), 400, 300));
                idle.show();
                ready.complete(idle);
            });
            Stage idleStage = ready.get(30, TimeUnit.SECONDS);
            if (Boolean.getBoolean("stall.sampler")) {
                startSampler(onFx(Thread::currentThread));
            }
            begin("idle window (baseline)");
            Thread.sleep(3000); // the idle baseline: nothing to wait for but time
            long idleEnd = onFx(System::nanoTime);

            CompletableFuture<StatusBar> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                idleStage.hide();
                Stage stage = new Stage();
                new WorkbenchApp().start(stage);
                shown.complete((StatusBar) stage.getScene().lookup(".status-bar"));
            });
            StatusBar status = shown.get(60, TimeUnit.SECONDS);
            begin("lab started + probed (first start)");
            await(status, "Probing");
            settle(30);

            begin("Authorities screen shown (first time)");
            Platform.runLater(() -> click(status, "#navAuthorities"));
            long shownBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (onFx(() -> status.getScene().lookup("#pasteArea")) == null && System.nanoTime() < shownBy) {
                Thread.sleep(16); // the screen is built on first use
            }
            String lines = onFx(() -> {
                TableView<?> table = (TableView<?>) status.getScene().lookup("#table");
                String first = ((AuthorityRow) table.getItems().get(0)).targetProperty().get();
                String port = first.substring(first.lastIndexOf(':') + 1);
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= AUTHORITIES - table.getItems().size(); i++) {
                    b.append(String.format(Locale.ROOT, "t%02d.tenants.lab.test:%s resolve=127.0.0.1%n", i, port));
                }
                return b.toString();
            });
            settle(30);

            begin(PASTED);
            Platform.runLater(() -> {
                ((TextArea) status.getScene().lookup("#pasteArea")).setText(lines);
                click(status, "#pasteButton");
            });
            settle(30);

            begin(PROBE);
            CompletableFuture<Void> probed = awaitAsync(status, "Probing " + AUTHORITIES);
            Platform.runLater(() -> click(status, "#probeButton"));
            probed.get(120, TimeUnit.SECONDS);
            settle(90); // the tables and the SAN matrix lay out the 50 rows after the probe is done

            for (String screen : List.of("Findings", "Coalescing")) {
                begin(screen + " screen shown (first time, " + AUTHORITIES + " authorities)");
                Platform.runLater(() -> click(status, "#nav" + screen));
                settle(45);
            }
            Platform.runLater(() -> click(status, "#navInspect"));
            settle(30);

            begin(REPRODUCE);
            CompletableFuture<Void> listening = awaitAsync(status, "Replaying");
            Platform.runLater(() -> button(status, "Reproduce the 421").fire());
            listening.get(120, TimeUnit.SECONDS);
            settle(30);

            begin(TRY_FIX);
            CompletableFuture<Void> fixDone = awaitAsync(status, "Trying the fix");
            Platform.runLater(() -> button(status, "Try the fix").fire());
            fixDone.get(120, TimeUnit.SECONDS);
            settle(30);

            begin(AGAIN);
            CompletableFuture<Void> again = awaitAsync(status, "Replaying");
            Platform.runLater(() -> button(status, "Reproduce the 421").fire());
            again.get(120, TimeUnit.SECONDS);
            settle(30);
            long end = onFx(System::nanoTime);

            List<Long> all = onFx(() -> List.copyOf(pulses));
            for (int i = 0; i < phases.size(); i++) {
                long from = phaseStarts.get(i);
                long to = i == 0 ? idleEnd : i + 1 < phases.size() ? phaseStarts.get(i + 1) : end;
                report(phases.get(i), all, from, to, i == 0 || i == 1);
            }
            System.out.flush();
            System.exit(0);
        }

        /**
         * A diagnostic ({@code -Dstall.sampler=true}): while the heartbeat is more than 30 ms late, samples the FX
         * thread's stack every 2 ms and, when the stall ends, prints to stderr where its samples were (the top frame
         * and the nearest frames of the workbench's own code).
         */
        private static void startSampler(Thread fx) {
            Thread t = new Thread(() -> {
                long stall = 0;
                java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
                while (true) {
                    long last = lastPulse;
                    long late = System.nanoTime() - last;
                    if (late > 30_000_000L) {
                        stall = last;
                        StackTraceElement[] st = fx.getStackTrace();
                        StringBuilder key = new StringBuilder(st.length == 0 ? "?" : st[0].toString());
                        int own = 0;
                        for (StackTraceElement e : st) {
                            if (e.getClassName().startsWith("dev.misdirect") && own++ < 3) {
                                key.append("  <- ").append(e.getClassName().substring(14)).append('.')
                                        .append(e.getMethodName()).append(':').append(e.getLineNumber());
                            }
                        }
                        if (own == 0) {
                            // the skins and containers on the way (a layout or style pass names no code of ours)
                            java.util.Set<String> on = new java.util.LinkedHashSet<>();
                            for (StackTraceElement e : st) {
                                String c = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1);
                                if (c.endsWith("Skin") || c.endsWith("SkinBase") || c.equals("VirtualFlow")
                                        || c.startsWith("Scene$") || c.endsWith("Pane") || c.equals("VBox")
                                        || c.equals("HBox")) {
                                    on.add(c + "." + e.getMethodName());
                                }
                            }
                            key.append("  <- ").append(String.join(" < ", on));
                        }
                        seen.merge(key.toString(), 1, Integer::sum);
                    } else if (stall != 0) {
                        System.err.printf(Locale.ROOT, "=== stall %.0f ms, ended %s%n", (last - stall) / 1e6, java.time.LocalTime.now());
                        seen.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                                .forEach(e -> System.err.printf(Locale.ROOT, "  %3d x %s%n", e.getValue(), e.getKey()));
                        seen.clear();
                        stall = 0;
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "stall-sampler");
            t.setDaemon(true);
            t.start();
        }

        /** Starts a phase now; the previous one ends here. */
        private static void begin(String phase) throws Exception {
            long t = onFx(System::nanoTime);
            if (Boolean.getBoolean("stall.cpu")) {
                printCpu();
            }
            phases.add(phase);
            phaseStarts.add(t);
            System.err.println("=== phase: " + phase + " @" + java.time.LocalTime.now()); // a mark in the pulse logger's output, when it is on
        }

        private static java.util.Map<String, Long> lastCpu = new java.util.HashMap<>();

        /**
         * A diagnostic ({@code -Dstall.cpu=true}): the CPU time each thread of this process used since the last phase
         * began (from {@code /proc/self/task}, so the renderer, the JIT and the collector count too), busiest first.
         */
        private static void printCpu() throws java.io.IOException {
            java.util.Map<String, Long> now = new java.util.HashMap<>();
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    try {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                                .replaceAll("[0-9]+$", "");
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        now.merge(name + "#" + task.getFileName(), ticks, Long::sum);
                    } catch (java.io.IOException | RuntimeException gone) {
                        // a thread that ended meanwhile
                    }
                }
            }
            java.util.Map<String, Long> byName = new java.util.TreeMap<>();
            now.forEach((k, v) -> byName.merge(k.substring(0, k.indexOf('#')), v - lastCpu.getOrDefault(k, 0L),
                    Long::sum));
            lastCpu = now;
            StringBuilder b = new StringBuilder("=== cpu (10 ms ticks) of the phase before:");
            byName.entrySet().stream().filter(e -> e.getValue() > 0).sorted((x, y) -> Long.compare(y.getValue(),
                    x.getValue())).forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            System.err.println(b);
        }

        /** Waits until {@code n} more pulses have run (the screen's follow-up work, a row per pulse and the like). */
        private static void settle(int n) throws Exception {
            int target = onFx(pulses::size) + n;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (onFx(pulses::size) < target && System.nanoTime() < deadline) {
                Thread.sleep(16);
            }
        }

        private static void click(StatusBar anyNode, String selector) {
            javafx.scene.Node n = anyNode.getScene().lookup(selector);
            if (n instanceof ButtonBase b) {
                b.fire();
            } else {
                throw new IllegalStateException("no button " + selector);
            }
        }

        private static Button button(StatusBar anyNode, String text) {
            return anyNode.getScene().getRoot().lookupAll(".button").stream().map(Button.class::cast)
                    .filter(b -> b.getText() != null && b.getText().contains(text)).findFirst().orElseThrow();
        }

        private static <T> T onFx(java.util.function.Supplier<T> s) throws Exception {
            CompletableFuture<T> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    f.complete(s.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
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

        /**
         * One phase's gaps: those whose closing pulse falls in [from, to). The phase's first gap is the one from the
         * last pulse before it, except for the first phases (the idle window, and the workbench's first start, whose
         * window construction is the cold-start benchmark's).
         */
        private static void report(String phase, List<Long> all, long from, long to, boolean own) {
            List<Double> gaps = new ArrayList<>();
            int count = 0;
            for (int i = 1; i < all.size(); i++) {
                long t = all.get(i);
                if (t < from || t >= to) {
                    continue;
                }
                count++;
                if (own && all.get(i - 1) < from) {
                    continue;
                }
                gaps.add((t - all.get(i - 1)) / 1e6);
            }
            List<Double> sorted = new ArrayList<>(gaps);
            java.util.Collections.sort(sorted);
            double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
            double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
            System.out.printf(Locale.ROOT, "%s\t%.1f\t%.1f\t%d\t%d\t%d%n", phase, max, median, count,
                    TimeUnit.NANOSECONDS.toMillis(to - from), gaps.stream().filter(g -> g > 50).count());
        }
    }
}
