package dev.misdirect.ui.lab;

import dev.misdirect.ui.common.EventBatcher;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LabService;
import dev.misdirect.ui.common.LoadedLab;
import dev.misdirect.ui.common.ServedRow;
import dev.misdirect.ui.common.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The Lab screen: the gallery of scenarios, the selected one's narrative, fix and diagram, loading a scenario (its
 * origins started on loopback, its authority set handed to the session), starting and stopping the origins, and the
 * lab's server-side log, live (batched to ≤ 20 UI updates per second, the newest {@value #MAX_LOG_ROWS} rows kept).
 * UI thread only; the log listener may be called from any thread.
 */
public final class LabViewModel {
    /** Rows the server log keeps. */
    public static final int MAX_LOG_ROWS = 5_000;
    static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Optional<LabService> service;
    private final TaskRunner runner;
    private final ObservableList<LabScenario> scenarios = FXCollections.observableArrayList();
    private final ObjectProperty<LabScenario> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<LabDiagram> diagram = new ReadOnlyObjectWrapper<>(this, "diagram", LabDiagram.empty());
    private final ReadOnlyObjectWrapper<LoadedLab> loaded = new ReadOnlyObjectWrapper<>(this, "loaded");
    private final ReadOnlyBooleanWrapper originsRunning = new ReadOnlyBooleanWrapper(this, "originsRunning");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No scenario loaded.");
    private final ObjectProperty<Boolean> showFixed = new SimpleObjectProperty<>(this, "showFixed", false);
    private final ObservableList<ServedRow> serverLog = FXCollections.observableArrayList();
    private final BooleanBinding canLoad;
    private final BooleanBinding canStartStop;
    private final javafx.beans.property.ReadOnlyIntegerWrapper guideReached =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "guideReached");
    private Consumer<LoadedLab> onLoaded = l -> { };
    private BooleanSupplier mayReplace = () -> true;

    /**
     * @param service   the lab, when this build has one (the screen's actions are disabled otherwise)
     * @param runner    runs start/stop off the UI thread
     * @param ui        the UI executor
     * @param clock     monotonic clock for batching the log
     * @param scheduler schedules batched log updates
     */
    public LabViewModel(Optional<LabService> service, TaskRunner runner, Executor ui, EventBatcher.Clock clock,
                        EventBatcher.Scheduler scheduler) {
        this.service = service;
        this.runner = runner;
        service.ifPresent(s -> scenarios.setAll(s.scenarios()));
        canLoad = Bindings.createBooleanBinding(() -> service.isPresent() && selected.get() != null
                && !runner.runningProperty().get(), selected, runner.runningProperty());
        canStartStop = Bindings.createBooleanBinding(() -> service.isPresent() && loaded.get() != null
                && !runner.runningProperty().get(), loaded, runner.runningProperty());
        selected.addListener((o, was, now) -> updateDiagram());
        selected.addListener((o, was, now) -> guideReached.set(0)); // another scenario: its path starts at its story
        showFixed.addListener((o, was, now) -> updateDiagram());
        EventBatcher<ServedRow> batcher = new EventBatcher<>(ui, this::append, clock, scheduler, BATCH_NANOS);
        service.ifPresent(s -> s.subscribe(batcher::offer));
        if (!scenarios.isEmpty()) {
            selected.set(scenarios.get(0));
        }
    }

    private void updateDiagram() {
        LabScenario s = selected.get();
        diagram.set(s == null ? LabDiagram.empty() : Boolean.TRUE.equals(showFixed.get()) ? s.fixedDiagram() : s.diagram());
    }

    private void append(List<ServedRow> batch) {
        serverLog.addAll(batch);
        int over = serverLog.size() - MAX_LOG_ROWS;
        if (over > 0) {
            serverLog.remove(0, over);
        }
    }

    /** Called on the UI thread after a scenario has been loaded and its origins run. */
    public void setOnLoaded(Consumer<LoadedLab> onLoaded) {
        this.onLoaded = onLoaded;
    }

    /**
     * Asked before loading a scenario replaces the session (true to go on): the window asks the user when the
     * session has unsaved changes.
     */
    public void setMayReplace(BooleanSupplier mayReplace) {
        this.mayReplace = mayReplace;
    }

    /** Selects the scenario with this id; false when there is none. */
    public boolean select(String scenarioId) {
        Optional<LabScenario> s = scenario(scenarioId);
        s.ifPresent(selected::set);
        return s.isPresent();
    }

    public Optional<LabScenario> scenario(String scenarioId) {
        return scenarios.stream().filter(s -> s.id().equals(scenarioId)).findFirst();
    }

    /**
     * Loads the selected scenario as a new session: starts its origins, then hands its authority set to the session;
     * false when it cannot start or the user keeps the session it would replace.
     */
    public boolean load() {
        return canLoad.get() && mayReplace.getAsBoolean() && loadReplacing();
    }

    /** {@link #load()} when the user has already agreed to replace the session. */
    public boolean loadReplacing() {
        if (!canLoad.get()) {
            return false;
        }
        LabService lab = service.orElseThrow();
        LabScenario s = selected.get();
        return runner.start("Starting lab scenario " + s.id(), (p, c) -> lab.start(s.id(), false), this::loaded);
    }

    private void loaded(LoadedLab l) {
        running(l);
        onLoaded.accept(l);
    }

    private void running(LoadedLab l) {
        loaded.set(l);
        originsRunning.set(true);
        status.set("✔ " + l.scenarioId() + " running on loopback port " + l.port() + ": " + String.join(", ", l.origins()));
    }

    /**
     * Stops the origins when they run, starts them again (same scenario) when they do not; the session stays as it
     * is either way.
     */
    public boolean startStop() {
        if (!canStartStop.get()) {
            return false;
        }
        LabService lab = service.orElseThrow();
        LoadedLab l = loaded.get();
        if (originsRunning.get()) {
            return runner.start("Stopping lab scenario " + l.scenarioId(), (p, c) -> {
                lab.stop();
                return l;
            }, stopped -> {
                originsRunning.set(false);
                status.set("■ " + stopped.scenarioId() + " stopped. Start it again to probe or replay it.");
            });
        }
        return runner.start("Starting lab scenario " + l.scenarioId(), (p, c) -> lab.start(l.scenarioId(), false),
                this::running);
    }

    /**
     * The guided path through the selected scenario, in order: each step is one action of the workbench. The words
     * name the scenario's problem (a 421, or a misrouted answer in the scenarios that never answer 421).
     */
    public enum GuideStep {
        STORY("Story"), PREDICT("Predict"), REPRODUCE("Reproduce"), WHY("Why"), FIX("Fix");

        public final String title;

        GuideStep(String title) {
            this.title = title;
        }

        /** What the step does, for the selected scenario. */
        public String hint(LabScenario s) {
            boolean misroutes = s != null && s.misroutes();
            return switch (this) {
                case STORY -> "Read what happens and why, and the diagram beside it.";
                case PREDICT -> "Probe the scenario's names and see which clients would share one connection between them.";
                case REPRODUCE -> misroutes
                        ? "Replay its requests with a client that shares the connection: the wrong server answers, no 421."
                        : "Replay its requests with a client that shares the connection and gets the 421.";
                case WHY -> misroutes
                        ? "Select the misrouted request and read its four columns: which server answered it, and why."
                        : "Select the 421 and read its four columns: the request, the connection, the client's and"
                        + " the server's view.";
                case FIX -> "Run the same requests as broken and with the fix, side by side.";
            };
        }
    }

    /** Where a step is on the guided path. */
    public enum StepState { DONE, CURRENT, NEXT }

    /** Marks {@code step} done (and those before it): the path goes on at the step after it. */
    public void stepDone(GuideStep step) {
        guideReached.set(Math.max(guideReached.get(), step.ordinal() + 1));
    }

    /** Done, current (the first not done) or next. */
    public StepState stepState(GuideStep step) {
        int reached = guideReached.get();
        return step.ordinal() < reached ? StepState.DONE : step.ordinal() == reached ? StepState.CURRENT : StepState.NEXT;
    }

    /** How many steps of the selected scenario's path are done (0 to 5); it starts again at 0 for another scenario. */
    public javafx.beans.property.ReadOnlyIntegerProperty guideReachedProperty() {
        return guideReached.getReadOnlyProperty();
    }

    /** The loaded scenario's gallery entry, when one is loaded. */
    public Optional<LabScenario> loadedScenario() {
        return Optional.ofNullable(loaded.get()).flatMap(l -> scenario(l.scenarioId()));
    }

    public void clearLog() {
        serverLog.clear();
    }

    public ObservableList<LabScenario> scenarios() {
        return scenarios;
    }

    public ObjectProperty<LabScenario> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<LabDiagram> diagramProperty() {
        return diagram.getReadOnlyProperty();
    }

    /** Whether the diagram shows the fixed variant. */
    public ObjectProperty<Boolean> showFixedProperty() {
        return showFixed;
    }

    public ReadOnlyObjectProperty<LoadedLab> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty originsRunningProperty() {
        return originsRunning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<ServedRow> serverLog() {
        return serverLog;
    }

    public BooleanBinding canLoadProperty() {
        return canLoad;
    }

    public BooleanBinding canStartStopProperty() {
        return canStartStop;
    }

    public Optional<LabService> service() {
        return service;
    }
}
