package dev.misdirect.ui.lab;

import dev.misdirect.ui.common.HoverTooltip;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.ServedRow;
import dev.misdirect.ui.common.TextCells;
import dev.misdirect.ui.common.WorkbenchActions;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.cell.PropertyValueFactory;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/** The Lab screen (FXML controller): gallery, the selected scenario's story and diagram, actions, live server log. */
public final class LabView {
    private static final javafx.css.PseudoClass DONE = javafx.css.PseudoClass.getPseudoClass("done");
    private static final javafx.css.PseudoClass CURRENT = javafx.css.PseudoClass.getPseudoClass("current");
    private static final javafx.css.PseudoClass NEXT = javafx.css.PseudoClass.getPseudoClass("next");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final LabViewModel vm;
    private final WorkbenchActions workbench;

    @FXML private javafx.scene.layout.VBox screen;
    @FXML private ListView<LabScenario> gallery;
    @FXML private Label scenarioTitle;
    @FXML private Label narrative;
    @FXML private Label fix;
    @FXML private Label status;
    @FXML private Button loadButton;
    @FXML private Button startStopButton;
    @FXML private javafx.scene.layout.FlowPane guide;
    @FXML private Label guideHint;
    @FXML private ToggleButton fixedToggle;
    @FXML private DiagramView diagram;
    @FXML private TableView<ServedRow> serverLog;
    @FXML private Label logCount;

    public LabView(LabViewModel vm, WorkbenchActions workbench) {
        this.vm = vm;
        this.workbench = workbench;
    }

    @FXML
    private void initialize() {
        gallery.setItems(vm.scenarios());
        gallery.setCellFactory(l -> new ListCell<>() {
            private final Label title = new Label();
            private final Label line = new Label();
            private final VBox box = new VBox(2, title, line);

            {
                title.getStyleClass().add("gallery-title");
                line.getStyleClass().add("muted");
                line.setWrapText(true);
                line.maxWidthProperty().bind(l.widthProperty().subtract(40));
                title.maxWidthProperty().bind(l.widthProperty().subtract(40));
                title.setWrapText(true);
            }

            @Override
            protected void updateItem(LabScenario s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                boolean loaded = vm.loadedProperty().get() != null && vm.loadedProperty().get().scenarioId().equals(s.id());
                title.setText((loaded ? "● " : "") + s.title());
                line.setText(firstSentence(s.narrative()));
                setGraphic(box);
            }
        });
        gallery.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((o, was, now) -> gallery.getSelectionModel().select(now));
        gallery.getSelectionModel().select(vm.selectedProperty().get());
        vm.loadedProperty().addListener((o, was, now) -> gallery.refresh());

        scenarioTitle.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null ? ""
                : vm.selectedProperty().get().title() + "  (" + vm.selectedProperty().get().id() + ")", vm.selectedProperty()));
        narrative.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null ? ""
                : vm.selectedProperty().get().narrative(), vm.selectedProperty()));
        fix.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null ? ""
                : "Fix: " + vm.selectedProperty().get().fix(), vm.selectedProperty()));
        status.textProperty().bind(vm.statusProperty());
        diagram.diagramProperty().bind(vm.diagramProperty());
        fixedToggle.selectedProperty().addListener((o, was, now) -> vm.showFixedProperty().set(now));
        fixedToggle.textProperty().bind(Bindings.when(fixedToggle.selectedProperty())
                .then("Showing: fixed variant").otherwise("Showing: broken variant"));

        loadButton.disableProperty().bind(vm.canLoadProperty().not());
        startStopButton.disableProperty().bind(vm.canStartStopProperty().not());
        startStopButton.textProperty().bind(Bindings.when(vm.originsRunningProperty()).then("■ Stop origins").otherwise("▶ Start origins"));
        buildGuide();

        serverLog.setItems(vm.serverLog());
        serverLog.getColumns().setAll(
                column("Time", 95, r -> TIME.format(r.time())),
                column("Origin", 225, ServedRow::origin),
                column("Client port", 90, r -> Integer.toString(r.clientPort())),
                column("SNI", 150, ServedRow::sni),
                column("ALPN", 60, ServedRow::alpn),
                column(":authority", 170, ServedRow::authority),
                column("Path", 60, ServedRow::path),
                column("Status", 60, r -> (r.status() == 421 ? "✘ " : r.status() < 400 ? "✔ " : "⚠ ") + r.status()),
                column("Reason", 320, ServedRow::reason));
        serverLog.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ServedRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("log-row-misdirected");
                if (!empty && r != null && r.status() == 421) {
                    getStyleClass().add("log-row-misdirected");
                }
            }
        });
        Label empty = new Label("No request served yet. Press “Reproduce the 421”: every request the lab's origins"
                + " receive appears here, with the SNI and :authority they saw and why they answered as they did.");
        empty.setWrapText(true);
        empty.setMaxWidth(560);
        empty.getStyleClass().add("hint");
        serverLog.setPlaceholder(empty);
        // the log follows new lines
        vm.serverLog().addListener((javafx.collections.ListChangeListener<ServedRow>) c -> {
            if (!vm.serverLog().isEmpty()) {
                serverLog.scrollTo(vm.serverLog().size() - 1);
            }
        });
        logCount.textProperty().bind(Bindings.size(vm.serverLog()).asString("%d requests"));
    }

    /**
     * The guided path: a button per step, marked done (✔), current (▶) or next by pseudo-class and icon; each click
     * does its step through the window's actions, and a step that started is done.
     */
    private void buildGuide() {
        List<Button> steps = new java.util.ArrayList<>();
        for (LabViewModel.GuideStep step : LabViewModel.GuideStep.values()) {
            Button b = new Button();
            b.getStyleClass().add("guide-step");
            b.setId("guide-" + step.name().toLowerCase(java.util.Locale.ROOT));
            if (step == LabViewModel.GuideStep.REPRODUCE) {
                b.getStyleClass().add("reproduce-button");
            }
            if (step != LabViewModel.GuideStep.STORY) {
                b.disableProperty().bind(workbench.canReproduceProperty().not());
            }
            b.setOnAction(e -> {
                if (doStep(step)) {
                    vm.stepDone(step);
                }
            });
            HoverTooltip.install(b, () -> step.hint(vm.selectedProperty().get()), 420);
            steps.add(b);
            if (!guide.getChildren().isEmpty()) {
                Label arrow = new Label("→");
                arrow.getStyleClass().add("muted");
                guide.getChildren().add(arrow);
            }
            guide.getChildren().add(b);
        }
        Runnable update = () -> {
            LabViewModel.GuideStep current = null;
            for (LabViewModel.GuideStep step : LabViewModel.GuideStep.values()) {
                Button b = steps.get(step.ordinal());
                LabViewModel.StepState state = vm.stepState(step);
                b.pseudoClassStateChanged(DONE, state == LabViewModel.StepState.DONE);
                b.pseudoClassStateChanged(CURRENT, state == LabViewModel.StepState.CURRENT);
                b.pseudoClassStateChanged(NEXT, state == LabViewModel.StepState.NEXT);
                String mark = switch (state) {
                    case DONE -> "✔ ";
                    case CURRENT -> "▶ ";
                    case NEXT -> "";
                };
                b.setText(mark + (step.ordinal() + 1) + " " + step.title);
                if (state == LabViewModel.StepState.CURRENT) {
                    current = step;
                }
            }
            LabScenario s = vm.selectedProperty().get();
            guideHint.setText(current == null ? "✔ Path done: you reproduced " + (s == null ? "the problem" : s.problem())
                    + ", saw why and tried the fix. Pick another scenario."
                    : "Step " + (current.ordinal() + 1) + " of 5 · " + current.title + ": " + current.hint(s));
        };
        vm.guideReachedProperty().addListener((o, was, now) -> update.run());
        vm.selectedProperty().addListener((o, was, now) -> update.run());
        update.run();
    }

    private boolean doStep(LabViewModel.GuideStep step) {
        return switch (step) {
            case STORY -> {
                narrative.requestFocus();
                yield true;
            }
            case PREDICT -> workbench.predict();
            case REPRODUCE -> workbench.reproduce();
            case WHY -> workbench.explain();
            case FIX -> workbench.tryFix();
        };
    }

    private static TableColumn<ServedRow, String> column(String title, double width, Function<ServedRow, String> value) {
        TableColumn<ServedRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setCellFactory(TextCells.table());
        return c;
    }

    static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot < 0 ? text : text.substring(0, dot + 1);
    }

    @FXML
    private void onLoad() {
        vm.load();
    }

    @FXML
    private void onStartStop() {
        vm.startStop();
    }

    @FXML
    private void onClearLog() {
        vm.clearLog();
    }
}
