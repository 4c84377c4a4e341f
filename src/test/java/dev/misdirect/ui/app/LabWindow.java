package dev.misdirect.ui.app;

import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FxAwait;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The whole window of robot tests over the real engine and the embedded lab started in-process (loopback only), as
 * the app starts it: the first scenario loaded and probed. Made on the FX thread in a test's {@code @Start};
 * {@link #close()} after each test.
 */
final class LabWindow implements AutoCloseable {
    final ExecutorService work = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService probePool = Executors.newFixedThreadPool(4);
    private final ExecutorService dnsPool = Executors.newSingleThreadExecutor();
    private final ExecutorService replayPool = Executors.newFixedThreadPool(2);
    final LabController lab;
    final WorkbenchServices services;
    final Workbench workbench;
    final WorkbenchViewModel vm;

    /**
     * @param labHome  where the lab's CA lives
     * @param complete adds services to the engine's (file services), or returns them as they are
     */
    LabWindow(Stage stage, Path labHome, DialogService dialogs, UnaryOperator<WorkbenchServices> complete) {
        lab = new LabController(new Labs(() -> new Lab(LabCa.open(labHome.resolve("lab")))));
        services = complete.apply(new EngineServices(new EnginePools(probePool, dnsPool, replayPool), lab)
                .services(AuthorityParser::parse, lab));
        workbench = Workbench.create(services, UiExecutor.fx(), work,
                (task, delay) -> timers.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemUTC(), dialogs, 1240, 760);
        vm = workbench.viewModel();
        stage.setScene(workbench.scene());
        stage.setX(0);
        stage.setY(0);
    }

    /** Shows the window and loads the first scenario, as the app does. */
    void show(Stage stage) {
        stage.show();
        vm.loadLab(WorkbenchApp.FIRST_SCENARIO);
    }

    void awaitProbed() throws Exception {
        FxAwait.until("the lab to be loaded and probed", () -> !vm.inspect().inspectionProperty().get().results()
                        .isEmpty() && !vm.runner().runningProperty().get(),
                vm.inspect().inspectionProperty(), vm.runner().runningProperty());
    }

    void awaitIdle(String what) throws Exception {
        FxAwait.until(what, () -> !vm.runner().runningProperty().get(), vm.runner().runningProperty());
    }

    @Override
    public void close() {
        for (ExecutorService pool : List.of(work, timers, probePool, dnsPool, replayPool)) {
            pool.shutdownNow();
        }
        lab.stop();
    }
}
