package dev.misdirect.ui.app;

import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.EventBatcher;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.FxmlViews;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import dev.misdirect.ui.shell.WorkbenchView;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import javafx.scene.Scene;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Wires the workbench: view-models over the services, the shell and, through the injecting controller factory, the screens' FXML views,
 * and the scene with the theme and style sheets. Used by {@link WorkbenchApp} and by UI tests (with fakes).
 * Call {@link #create} on the FX thread.
 */
public final class Workbench {
    /** Style sheets, in cascade order: the theme's tokens first. */
    public static final List<String> STYLESHEETS = List.of(
            "/dev/misdirect/ui/theme/theme.css",
            "/dev/misdirect/ui/theme/controls.css",
            "/dev/misdirect/ui/shell/workbench.css");

    private final WorkbenchViewModel viewModel;
    private final WorkbenchView view;
    private final Scene scene;
    private final ErrorLog errors;

    private Workbench(WorkbenchViewModel viewModel, WorkbenchView view, Scene scene, ErrorLog errors) {
        this.viewModel = viewModel;
        this.view = view;
        this.scene = scene;
        this.errors = errors;
    }

    /** The workbench showing the Inspect screen: {@link #shell} and its first screen. */
    public static Workbench create(WorkbenchServices services, Executor ui, Executor background,
                                   EventBatcher.Scheduler scheduler, EventBatcher.Clock nanoClock, Clock clock,
                                   DialogService dialogs, double width, double height) {
        Workbench w = shell(services, ui, background, scheduler, nanoClock, clock, dialogs, width, height);
        w.view.show(Screen.INSPECT);
        return w;
    }

    /**
     * The workbench with no screen built yet: menus, header, navigation rail, status bar and an empty content area;
     * each screen is built when it is first shown ({@link WorkbenchView#show}).
     *
     * @param services   the engine services of this build
     * @param ui         the UI executor ({@code Platform::runLater} in the app)
     * @param background runs blocking service calls
     * @param scheduler  schedules batched UI updates
     * @param nanoClock  monotonic clock for batching
     * @param clock      wall clock (session timestamps, error log)
     * @param dialogs    dialogs for the views
     */
    public static Workbench shell(WorkbenchServices services, Executor ui, Executor background,
                                  EventBatcher.Scheduler scheduler, EventBatcher.Clock nanoClock, Clock clock,
                                  DialogService dialogs, double width, double height) {
        ErrorLog errors = new ErrorLog(ui, clock);
        TaskRunner runner = new TaskRunner(background, ui, errors);
        AuthoritySetViewModel authorities = new AuthoritySetViewModel(services.parser());
        InspectViewModel inspect = new InspectViewModel();
        CoalescingViewModel coalescing = new CoalescingViewModel();
        FindingsViewModel findings = new FindingsViewModel();
        ReplayViewModel replay = new ReplayViewModel(services.replay(), runner, ui, nanoClock, scheduler);
        LabViewModel lab = new LabViewModel(services.lab(), runner, ui, nanoClock, scheduler);
        WorkbenchViewModel vm = new WorkbenchViewModel(services, runner, clock, authorities, inspect, coalescing,
                findings, replay, lab);
        FxmlViews views = new FxmlViews(List.of(vm, authorities, inspect, coalescing, findings, replay, lab,
                replay.planEditor(), dialogs, errors));
        WorkbenchView shell = new WorkbenchView(vm, views, dialogs, errors);
        Scene scene = new Scene(shell.root(), width, height);
        STYLESHEETS.forEach(s -> scene.getStylesheets().add(
                Objects.requireNonNull(Workbench.class.getResource(s), "missing style sheet " + s).toExternalForm()));
        return new Workbench(vm, shell, scene, errors);
    }

    public WorkbenchViewModel viewModel() {
        return viewModel;
    }

    public WorkbenchView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }

    public ErrorLog errors() {
        return errors;
    }
}
