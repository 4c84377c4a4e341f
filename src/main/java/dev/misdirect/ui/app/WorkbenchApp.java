package dev.misdirect.ui.app;

import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.io.Autosave;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.common.EventBatcher;
import dev.misdirect.ui.common.FxDialogService;
import dev.misdirect.ui.common.OffFxThread;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.files.FileMenu;
import dev.misdirect.ui.files.FilesViewModel;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workbench window and composition root: creates one named thread pool per concern (UI tasks, probe, DNS,
 * replay; the lab names its own server threads), wires the engine services (each blocking one guarded so it refuses
 * to run on the FX thread), restores the window state and opens the screens. On start it loads the lab scenario
 * {@value #FIRST_SCENARIO} (system property {@code misdirect.lab}; {@code none} opens an empty session), starts its
 * origins on loopback and probes them. On exit the lab is stopped and every pool shut down.
 */
public final class WorkbenchApp extends Application {
    /**
     * The logger, looked up when something is logged: SLF4J's own start (finding its provider, reading its settings,
     * its date format) is then not on the way to the first window.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(WorkbenchApp.class);
    }

    /** The scenario the workbench opens on. */
    public static final String FIRST_SCENARIO = "tenants-wildcard";

    /**
     * Pulses after the window is shown before its first screen is built: on the software pipeline a frame reaches the
     * window through the UI thread some time after its pulse, so building the screen at once would keep the shell
     * from being drawn until the screen is done.
     */
    static final int FRAMES_BEFORE_FIRST_SCREEN = 3;

    /**
     * Pulses between the start of an operation (Probe, Replay, Try the fix…) and its work reaching a worker thread:
     * the frame that shows what the user's action changed (another screen, the progress bar) is drawn before the
     * work competes with the renderer for the processors. On two cores, the probe of 50 authorities started in the
     * pulse that switches to Inspect slowed that frame's painting, and the FX thread waited for it: longest stall
     * 127 ms with the work handed over at once, 67 ms two pulses later (stall benchmark, docs/performance.md).
     */
    static final int FRAMES_BEFORE_WORK = 2;

    /**
     * Whether operations wait {@link #FRAMES_BEFORE_WORK} pulses before their work starts (the default);
     * {@code -Dmisdirect.work=at-once} hands it over at once, for the stall benchmark's comparison.
     */
    private static final boolean WORK_AFTER_FRAMES = !"at-once".equals(System.getProperty("misdirect.work"));

    /**
     * Whether the Replay screen is built ahead of its first show (the default); {@code -Dmisdirect.screens=lazy}
     * builds it when first shown, like the others, for the stall benchmark's comparison.
     */
    private static final boolean REPLAY_AHEAD = !"lazy".equals(System.getProperty("misdirect.screens"));

    private Made made;
    private FilesViewModel files;
    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        Path home = WindowPrefs.home();
        WindowPrefs prefs = WindowPrefs.in(home);
        Optional<WindowPrefs.State> saved = prefs.load();
        // the window no larger than the screen it opens on (a window over the screen's edge is also drawn whole
        // again every frame by some pipelines)
        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double width = fitting(saved.map(WindowPrefs.State::width).orElse(1360.0), screen.getWidth());
        double height = fitting(saved.map(WindowPrefs.State::height).orElse(860.0), screen.getHeight());
        String first = System.getProperty("misdirect.lab", FIRST_SCENARIO);
        made = services(home);
        // the window opens with the workbench's shell (menus, header, rail, status bar); the first screen is built
        // when the shell is on screen, as every other screen is built when it is first shown
        open(stage, made, prefs, saved, width, height, first);
        saved.ifPresent(s -> {
            stage.setX(s.x());
            stage.setY(s.y());
            stage.setMaximized(s.maximized());
        });
        stage.show();
        afterFrames(FRAMES_BEFORE_FIRST_SCREEN, () -> {
            if (stage.isShowing()) {
                workbench.view().show(Screen.parse(System.getProperty("misdirect.screen", "inspect"))
                        .orElse(Screen.INSPECT));
                startSession(made, first);
                if (REPLAY_AHEAD) {
                    // the Replay screen, which "Reproduce the 421" shows while it replays, built before it is needed
                    afterFrames(FRAMES_BEFORE_FIRST_SCREEN, () -> workbench.view().prepare(Screen.REPLAY));
                }
            }
        });
    }

    /** Runs {@code then} on the UI thread after {@code frames} more pulses (and what they queued). UI thread. */
    static void afterFrames(int frames, Runnable then) {
        new AnimationTimer() {
            private int seen;

            @Override
            public void handle(long now) {
                if (++seen >= frames) {
                    stop();
                    Platform.runLater(then); // after what the pulses queued: the frame's upload to the window
                }
            }
        }.start();
    }

    /**
     * The executor that hands each task to {@code worker} {@value #FRAMES_BEFORE_WORK} pulses after it is given (from
     * the UI thread, once those pulses are done, as {@link #afterFrames} runs what follows). Any thread.
     */
    static Executor afterFramesOf(Executor worker) {
        return task -> {
            Runnable wait = () -> afterFrames(FRAMES_BEFORE_WORK, () -> worker.execute(task));
            if (Platform.isFxApplicationThread()) {
                wait.run();
            } else {
                Platform.runLater(wait);
            }
        };
    }

    /** The engine's and the files' services with their pools; no JavaFX, any thread. */
    private static Made services(Path home) {
        ExecutorService work = Executors.newFixedThreadPool(2, named("misdirect-work"));
        // the batcher at the engine's priority too: under load it hands the FX thread fewer, larger batches
        ScheduledExecutorService batching = Executors.newSingleThreadScheduledExecutor(named("misdirect-ui-batch"));
        ExecutorService probePool = Executors.newFixedThreadPool(8, named("misdirect-probe"));
        ExecutorService dnsPool = Executors.newFixedThreadPool(4, named("misdirect-probe-dns"));
        ExecutorService replayPool = Executors.newFixedThreadPool(2, named("misdirect-replay"));
        ScheduledExecutorService autosaveTimer = Executors.newSingleThreadScheduledExecutor(named("misdirect-autosave"));
        LabController lab = new LabController(Labs.withDefaultCa());
        EngineServices engineServices = new EngineServices(new EnginePools(probePool, dnsPool, replayPool), lab);
        WorkbenchServices engine = engineServices.services(AuthorityParser::parse, lab);
        FileWiring fileWiring = new FileWiring(home, autosaveTimer, Autosave.DEFAULT_INTERVAL,
                Clock.systemDefaultZone(), Platform::isFxApplicationThread);
        return new Made(fileWiring.complete(engine), fileWiring.fileServices(), engineServices.proxySetting(),
                engineServices.dnsSetting(), lab, work, batching, List.of(work, batching, autosaveTimer, probePool,
                dnsPool, replayPool));
    }

    /** The services, the lab and the pools they run on (each shut down on exit). */
    private record Made(WorkbenchServices services, dev.misdirect.ui.files.FileServices files, ProxySetting proxy,
                        DnsSetting dns, LabController lab, ExecutorService work, ScheduledExecutorService batching,
                        List<ExecutorService> pools) {
    }

    /** Builds the workbench's shell over the services and makes it the window's scene. UI thread. */
    private void open(Stage stage, Made made, WindowPrefs prefs, Optional<WindowPrefs.State> saved, double width,
                      double height, String first) {
        WorkbenchServices services = made.services();
        dev.misdirect.ui.files.FileServices fileServices = made.files();
        FxDialogService dialogs = new FxDialogService(() -> stage.isShowing() ? stage : null);
        Executor work = WORK_AFTER_FRAMES ? afterFramesOf(made.work()) : made.work();
        workbench = Workbench.shell(services, UiExecutor.fx(), work,
                (task, delayNanos) -> made.batching().schedule(task, delayNanos, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemDefaultZone(), dialogs, width, height);
        WorkbenchViewModel vm = workbench.viewModel();
        files = new FilesViewModel(vm, services.sessions(), services.reports(), fileServices, dialogs);
        FileMenu.install(files, dialogs, workbench.scene(), getHostServices()::showDocument);
        ProxyDialog.install(workbench.scene(), made.proxy(), vm.runner()::say);
        DnsDialog.install(workbench.scene(), made.dns(), vm.runner()::say);
        saved.ifPresent(s -> {
            vm.themeProperty().set(s.theme());
            files.restoreRecent(s.recent());
        });
        if (!"none".equals(first)) {
            vm.runner().say("Starting lab scenario " + first + "…");
        }

        // the first frame in the theme's window colour, not white, however long its styling takes
        workbench.scene().getRoot().applyCss();
        windowColour((Region) workbench.scene().getRoot()).ifPresent(workbench.scene()::setFill);
        stage.titleProperty().bind(vm.windowTitleProperty());
        stage.setScene(workbench.scene());
        stage.setOnHidden(e -> {
            try {
                prefs.save(new WindowPrefs.State(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                        stage.isMaximized(), vm.themeProperty().get(), vm.recent()));
            } catch (IOException ex) {
                log().warn("cannot save the window state: {}", ex.getMessage());
            }
        });
    }

    /** Looks for a crashed session's autosave (a worker reads it), then offers it or starts the lab scenario. */
    private void startSession(Made made, String first) {
        WorkbenchViewModel vm = workbench.viewModel();
        CompletableFuture.supplyAsync(() -> made.files().autosave().findRecoverable(), made.work())
                .whenComplete((found, error) -> Platform.runLater(() -> {
                    if (error != null) {
                        log().warn("cannot look for an autosaved session: {}", error.getMessage());
                    }
                    if (error == null && found.isPresent()) {
                        vm.runner().say("Misdirect did not exit cleanly: restore the autosaved session, or discard it");
                    }
                    boolean recovered = error == null && files.offerRecovery(found);
                    if (!recovered && !"none".equals(first) && !vm.loadLab(first)) {
                        log().warn("cannot load lab scenario {}", first);
                        vm.runner().say("Cannot load lab scenario " + first);
                    }
                    vm.unsavedProperty().set(recovered); // the first start's data is not an edit
                    try {
                        files.startAutosave();
                    } catch (RuntimeException e) {
                        log().warn("cannot start the autosave: {}", e.getMessage());
                    }
                    Runtime.getRuntime().addShutdownHook(new Thread(files.closeOnShutdown(), "misdirect-autosave-exit"));
                }));
    }

    /** The fill of a styled region's background: the theme's window colour for the workbench's root. */
    static Optional<Paint> windowColour(Region styled) {
        Background b = styled.getBackground();
        return b == null || b.getFills().isEmpty() ? Optional.empty() : Optional.of(b.getFills().get(0).getFill());
    }

    /** A window size no larger than the screen's: {@code wanted}, or {@code available} when that is smaller. */
    static double fitting(double wanted, double available) {
        return available > 0 ? Math.min(wanted, available) : wanted;
    }

    /** Wraps a blocking service so that a call on the FX thread fails at once instead of freezing the window. */
    static <S> S guarded(Class<S> type, S service) {
        return OffFxThread.guard(type, service, Platform::isFxApplicationThread);
    }

    @Override
    public void stop() {
        if (files != null) {
            files.close(); // the last autosave, and the mark of a clean exit
        }
        if (made != null) {
            made.pools().forEach(ExecutorService::shutdownNow);
            made.lab().stop();
        }
    }

    /**
     * Daemon threads named {@code prefix-N} at the lowest priority: the engine's work yields the CPU to the FX thread
     * and the renderer where the JVM applies Java priorities (on Linux only with {@code -XX:ThreadPriorityPolicy=1},
     * as the packaged runtime runs it; threads these threads start inherit it).
     */
    static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        };
    }
}
