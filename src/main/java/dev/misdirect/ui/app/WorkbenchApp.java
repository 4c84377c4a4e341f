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
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchApp.class);

    /** The scenario the workbench opens on. */
    public static final String FIRST_SCENARIO = "tenants-wildcard";

    private ExecutorService work;
    private ScheduledExecutorService batching;
    private ScheduledExecutorService autosaveTimer;
    private FilesViewModel files;
    private ExecutorService probePool;
    private ExecutorService dnsPool;
    private ExecutorService replayPool;
    private LabController lab;
    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        work = Executors.newFixedThreadPool(2, named("misdirect-work"));
        // the batcher at the engine's priority too: under load it hands the FX thread fewer, larger batches
        batching = Executors.newSingleThreadScheduledExecutor(named("misdirect-ui-batch"));
        probePool = Executors.newFixedThreadPool(8, named("misdirect-probe"));
        dnsPool = Executors.newFixedThreadPool(4, named("misdirect-probe-dns"));
        replayPool = Executors.newFixedThreadPool(2, named("misdirect-replay"));
        autosaveTimer = Executors.newSingleThreadScheduledExecutor(named("misdirect-autosave"));
        Path home = WindowPrefs.home();
        lab = new LabController(Labs.withDefaultCa());
        EngineServices engineServices = new EngineServices(new EnginePools(probePool, dnsPool, replayPool), lab);
        WorkbenchServices engine = engineServices.services(AuthorityParser::parse, lab);
        FileWiring fileWiring = new FileWiring(home, autosaveTimer, Autosave.DEFAULT_INTERVAL,
                Clock.systemDefaultZone(), Platform::isFxApplicationThread);
        WorkbenchServices services = fileWiring.complete(engine);
        dev.misdirect.ui.files.FileServices fileServices = fileWiring.fileServices();
        WindowPrefs prefs = WindowPrefs.in(home);
        Optional<WindowPrefs.State> saved = prefs.load();

        // the window no larger than the screen it opens on (a window over the screen's edge is also drawn whole
        // again every frame by some pipelines)
        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        FxDialogService dialogs = new FxDialogService(() -> stage.isShowing() ? stage : null);
        workbench = Workbench.create(services, UiExecutor.fx(), work,
                (task, delayNanos) -> batching.schedule(task, delayNanos, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemDefaultZone(), dialogs,
                fitting(saved.map(WindowPrefs.State::width).orElse(1360.0), screen.getWidth()),
                fitting(saved.map(WindowPrefs.State::height).orElse(860.0), screen.getHeight()));
        WorkbenchViewModel vm = workbench.viewModel();
        files = new FilesViewModel(vm, services.sessions(), services.reports(), fileServices, dialogs);
        FileMenu.install(files, dialogs, workbench.scene(), getHostServices()::showDocument);
        ProxyDialog.install(workbench.scene(), engineServices.proxySetting(), vm.runner()::say);
        DnsDialog.install(workbench.scene(), engineServices.dnsSetting(), vm.runner()::say);
        saved.ifPresent(s -> {
            stage.setX(s.x());
            stage.setY(s.y());
            stage.setMaximized(s.maximized());
            vm.themeProperty().set(s.theme());
            files.restoreRecent(s.recent());
        });
        String first = System.getProperty("misdirect.lab", FIRST_SCENARIO);
        if (!"none".equals(first)) {
            vm.runner().say("Starting lab scenario " + first + "…");
        }
        workbench.view().show(Screen.parse(System.getProperty("misdirect.screen", "inspect")).orElse(Screen.INSPECT));

        stage.titleProperty().bind(vm.windowTitleProperty());
        stage.setScene(workbench.scene());
        stage.setOnHidden(e -> {
            try {
                prefs.save(new WindowPrefs.State(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                        stage.isMaximized(), vm.themeProperty().get(), vm.recent()));
            } catch (IOException ex) {
                LOG.warn("cannot save the window state: {}", ex.getMessage());
            }
        });
        stage.show();
        // after the first frame: look for a crashed session's autosave (a worker reads it), then offer it or start
        // the lab scenario
        CompletableFuture.supplyAsync(() -> fileServices.autosave().findRecoverable(), work)
                .whenComplete((found, error) -> Platform.runLater(() -> {
                    if (error != null) {
                        LOG.warn("cannot look for an autosaved session: {}", error.getMessage());
                    }
                    if (error == null && found.isPresent()) {
                        vm.runner().say("Misdirect did not exit cleanly: restore the autosaved session, or discard it");
                    }
                    boolean recovered = error == null && files.offerRecovery(found);
                    if (!recovered && !"none".equals(first) && !vm.loadLab(first)) {
                        LOG.warn("cannot load lab scenario {}", first);
                        vm.runner().say("Cannot load lab scenario " + first);
                    }
                    vm.unsavedProperty().set(recovered); // the first start's data is not an edit
                    try {
                        files.startAutosave();
                    } catch (RuntimeException e) {
                        LOG.warn("cannot start the autosave: {}", e.getMessage());
                    }
                    Runtime.getRuntime().addShutdownHook(new Thread(files.closeOnShutdown(), "misdirect-autosave-exit"));
                }));
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
        for (ExecutorService pool : new ExecutorService[]{work, batching, autosaveTimer, probePool, dnsPool, replayPool}) {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (lab != null) {
            lab.stop();
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
