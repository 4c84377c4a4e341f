package dev.misdirect.ui.app;

import dev.misdirect.cli.Cli;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The training run behind {@code target/misdirect.jsa}, the class-data-sharing archive the README's start command
 * passes to the JVM ({@code -XX:SharedArchiveFile}). The build runs this class once with
 * {@code -XX:ArchiveClassesAtExit}; the JVM then writes every class the run used, already parsed and verified, and
 * the lambda and string-concatenation classes the run spun up, into the archive, and the next start maps them instead
 * of making them again on the FX thread.
 *
 * <p>The run:
 * <ol>
 *   <li>loads and links the classes of {@link ClassWarmup}'s lists and builds the command-line tree once;</li>
 *   <li>when JavaFX's headless glass platform (Monocle) is on the class path, starts the workbench offscreen, as a
 *   user's first start does: the lab scenario started on loopback and probed, each screen shown once, "Reproduce the
 *   421", then "Try the fix"; then exits. Nothing is shown on a display; the lab's servers listen on loopback only
 *   and stop with the run; the window's settings and autosave go to a home directory of the run's own
 *   ({@code misdirect.home}, else a new temporary directory).</li>
 * </ol>
 * It prints one line saying what it did. An offscreen start that fails or takes longer than {@link #LIMIT} is
 * reported on stderr and the run still ends with exit code 0: the archive is an optimisation only (a JVM that cannot
 * use it, or finds a class missing from it, starts as usual).
 */
public final class ClassDataTraining {
    /** How long the offscreen start may take before the run gives up on it. */
    static final Duration LIMIT = Duration.ofSeconds(120);

    /** The headless glass platform's factory class, present when Monocle is on the class path. */
    static final String HEADLESS_PLATFORM = "com.sun.glass.ui.monocle.MonoclePlatformFactory";

    private ClassDataTraining() {
    }

    /** Runs the training and exits: 0, or 3 (with the reason on stderr) when a class list cannot be read. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err));
    }

    /** The training run; returns the exit code. Starts the JavaFX toolkit (offscreen) when it can. */
    static int run(PrintStream out, PrintStream err) {
        try {
            loadListedClasses();
        } catch (IOException e) {
            err.println("misdirect: class-data training: " + e.getMessage());
            return 3;
        }
        if (!headlessPlatformPresent()) {
            out.println("misdirect: class-data training: listed classes loaded; no headless JavaFX platform"
                    + " (Monocle) on the class path, so no offscreen start");
            return 0;
        }
        long t0 = System.nanoTime();
        try {
            List<String> steps = offscreenStart(LIMIT);
            out.printf("misdirect: class-data training: listed classes loaded; workbench started offscreen in %.1f s: %s%n",
                    (System.nanoTime() - t0) / 1e9, String.join(", ", steps));
        } catch (Exception e) {
            err.println("misdirect: class-data training: the offscreen start did not finish (" + e
                    + "); the archive holds the listed classes only");
        }
        return 0;
    }

    /** Loads and links the classes of the warm-up lists, silently; builds the command-line tree once. */
    static void loadListedClasses() throws IOException {
        List<String> names = new ArrayList<>(ClassWarmup.names(ClassWarmup.WINDOW));
        names.addAll(ClassWarmup.names(ClassWarmup.SCREENS));
        ClassWarmup.warm(names, ClassDataTraining.class.getClassLoader());
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        Cli.run(none, none, "--help");
    }

    static boolean headlessPlatformPresent() {
        try {
            Class.forName(HEADLESS_PLATFORM, false, ClassDataTraining.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts the JavaFX toolkit on the headless platform (software rendering) and the workbench in it, runs a first
     * start's path ({@link #exercise}) and returns its steps. Sets the platform's system properties and, when unset,
     * {@code misdirect.home} to a new temporary directory.
     */
    private static List<String> offscreenStart(Duration limit) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        if (System.getProperty("misdirect.home") == null) {
            System.setProperty("misdirect.home", Files.createTempDirectory("misdirect-training").toString());
        }
        long deadline = System.nanoTime() + limit.toNanos();
        CompletableFuture<WorkbenchApp> started = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                WorkbenchApp app = new WorkbenchApp();
                app.start(new Stage());
                started.complete(app);
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        WorkbenchApp app = started.get(remaining(deadline), TimeUnit.NANOSECONDS);
        return exercise(app.workbench(), deadline);
    }

    /**
     * A user's first start on a shown workbench, driven from a thread other than the FX thread: waits for the lab
     * scenario to be started and probed, shows each screen once, runs "Reproduce the 421" and then "Try the fix",
     * each to its end. Returns what it did, one step each; fails with a {@link TimeoutException} naming the step that
     * was not done by {@code deadline} ({@link System#nanoTime()}).
     */
    static List<String> exercise(Workbench workbench, long deadline) throws Exception {
        WorkbenchViewModel vm = workbench.viewModel();
        BooleanSupplier idle = () -> !vm.runner().runningProperty().get()
                && !vm.replayScreen().runner().runningProperty().get();
        List<String> steps = new ArrayList<>();
        awaitOnFx("the lab scenario started and probed", () -> vm.canReproduceProperty().get() && idle.getAsBoolean()
                && !vm.inspect().handshakes().isEmpty(), deadline);
        steps.add("lab scenario probed (" + onFx(() -> vm.inspect().handshakes().size(), deadline) + " authorities)");
        List<String> screens = new ArrayList<>(ScreenPrebuild.SCREENS);
        screens.add("inspect");
        for (String screen : screens) {
            onFx(() -> {
                workbench.view().show(screen);
                return null;
            }, deadline);
            pulses(10, deadline); // the screen's first layout, and the rows it takes a few per pulse
        }
        steps.add(screens.size() + " screens shown");
        if (!onFx(vm::reproduce, deadline)) {
            throw new IllegalStateException("\"Reproduce the 421\" did not start");
        }
        awaitOnFx("\"Reproduce the 421\" done", idle, deadline);
        steps.add("421 reproduced (" + onFx(() -> vm.replayScreen().verdictProperty().get(), deadline) + ")");
        if (!onFx(vm::tryFix, deadline)) {
            throw new IllegalStateException("\"Try the fix\" did not start");
        }
        awaitOnFx("\"Try the fix\" done", idle, deadline);
        pulses(10, deadline);
        steps.add("fix tried");
        return steps;
    }

    /** Waits until {@code condition}, read on the FX thread, holds on three reads in a row 50 ms apart. */
    private static void awaitOnFx(String what, BooleanSupplier condition, long deadline) throws Exception {
        int inARow = 0;
        while (inARow < 3) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not done in time: " + what);
            }
            inARow = onFx(condition::getAsBoolean, deadline) ? inARow + 1 : 0;
            Thread.sleep(50);
        }
    }

    /** Waits for {@code n} turns of the FX thread, 20 ms apart (the pulses in between do their layout). */
    private static void pulses(int n, long deadline) throws Exception {
        for (int i = 0; i < n; i++) {
            onFx(() -> null, deadline);
            Thread.sleep(20);
        }
    }

    private static <T> T onFx(Supplier<T> work, long deadline) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
