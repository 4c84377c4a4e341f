package dev.misdirect.ui.lab;

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
import java.util.function.Function;

/** The Lab screen (FXML controller): gallery, the selected scenario's story and diagram, actions, live server log. */
public final class LabView {
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
    @FXML private Button reproduceButton;
    @FXML private Button tryFixButton;
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
        reproduceButton.disableProperty().bind(workbench.canReproduceProperty().not());
        tryFixButton.disableProperty().bind(workbench.canReproduceProperty().not());

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
    private void onReproduce() {
        workbench.reproduce();
    }

    @FXML
    private void onTryFix() {
        workbench.tryFix();
    }

    @FXML
    private void onClearLog() {
        vm.clearLog();
    }
}
