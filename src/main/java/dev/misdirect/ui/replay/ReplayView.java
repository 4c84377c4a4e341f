package dev.misdirect.ui.replay;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.ui.common.TextCells;
import dev.misdirect.ui.common.Verdict;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.controls.FindingCard;
import dev.misdirect.ui.controls.TimelineChart;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.VBox;

import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Replay screen (FXML controller): run settings on the title's line, the plan editor (steps list ∥ text form)
 * folded away above, the timeline in the main area (two side by side after "Try the fix"), and below it the selected
 * exchange's details, the step outcomes and the run's findings. Replay, Reproduce, Try the fix and Cancel are the
 * window's actions (header, Run menu, status bar), not this screen's.
 */
public final class ReplayView {
    private final ReplayViewModel vm;
    private final PlanEditorViewModel editor;

    @FXML private ChoiceBox<ConnectionPolicy> policy;
    @FXML private CheckBox retry;
    @FXML private CheckBox http1;
    @FXML private TitledPane planPane;
    @FXML private Label labHint;
    @FXML private TableView<PlanStep> steps;
    @FXML private TextArea plan;
    @FXML private Label planError;
    @FXML private Label headline;
    @FXML private Label beforeTitle;
    @FXML private Label beforeVerdict;
    @FXML private TimelineChart timeline;
    @FXML private VBox afterPane;
    @FXML private Label afterTitle;
    @FXML private Label afterVerdict;
    @FXML private TimelineChart afterTimeline;
    @FXML private Label requestDetails;
    @FXML private Label connectionDetails;
    @FXML private Label clientDetails;
    @FXML private Label serverDetails;
    @FXML private TableView<StepOutcome> outcomes;
    @FXML private TabPane detailTabs;
    @FXML private VBox findingCards;
    @FXML private ChoiceBox<ReplayRun> compareWith;

    public ReplayView(ReplayViewModel vm, PlanEditorViewModel editor) {
        this.vm = vm;
        this.editor = editor;
    }

    @FXML
    private void initialize() {
        policy.getItems().setAll(ConnectionPolicy.values());
        policy.valueProperty().bindBidirectional(vm.policyProperty());
        retry.selectedProperty().bindBidirectional(vm.retry421Property());
        http1.selectedProperty().bindBidirectional(vm.http1Property());
        plan.textProperty().bindBidirectional(vm.planTextProperty());
        // folded, the plan is one line that says what it holds
        planPane.textProperty().bind(Bindings.createStringBinding(() -> "Plan · " + editor.steps().size()
                + (editor.steps().size() == 1 ? " step" : " steps") + (editor.errorProperty().get().isEmpty() ? ""
                : " · ✘ a line does not parse") + (planPane.isExpanded() ? "" : "  (click to edit)"),
                editor.steps(), editor.errorProperty(), planPane.expandedProperty()));
        labHint.textProperty().bind(vm.labHintProperty());
        headline.textProperty().bind(vm.headlineProperty());

        timeline.timelineProperty().bind(vm.timelineProperty());
        timeline.selectedBarProperty().bindBidirectional(vm.selectedBarProperty());
        vm.detailsRequestProperty().addListener((o, was, now) -> detailTabs.getSelectionModel().select(0));
        afterTimeline.timelineProperty().bind(vm.afterTimelineProperty());
        afterTimeline.selectedBarProperty().bindBidirectional(vm.afterSelectedBarProperty());
        afterPane.visibleProperty().bind(vm.comparingProperty());
        afterPane.managedProperty().bind(vm.comparingProperty());
        beforeTitle.textProperty().bind(vm.beforeTitleProperty());
        beforeTitle.visibleProperty().bind(vm.comparingProperty());
        beforeTitle.managedProperty().bind(vm.comparingProperty());
        showVerdict(beforeVerdict, vm.verdictProperty());
        afterTitle.textProperty().bind(vm.afterTitleProperty());
        showVerdict(afterVerdict, vm.afterVerdictProperty());
        compareWith.setItems(vm.runs());
        compareWith.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ReplayRun r) {
                return r == null ? "" : vm.describe(r);
            }

            @Override
            public ReplayRun fromString(String s) {
                return null;
            }
        });
        compareWith.disableProperty().bind(Bindings.size(vm.runs()).lessThan(2));
        compareWith.setOnAction(e -> vm.compareWithLatest(compareWith.getValue()));

        requestDetails.textProperty().bind(vm.requestProperty());
        connectionDetails.textProperty().bind(vm.connectionProperty());
        clientDetails.textProperty().bind(vm.clientViewProperty());
        serverDetails.textProperty().bind(vm.serverViewProperty());

        steps.setItems(editor.steps());
        steps.setEditable(true);
        steps.getColumns().setAll(
                editable("Method", 70, PlanStep::method, (s, v) -> editor.edit(index(s), v, s.url(), s.pin())),
                editable("URL", 330, PlanStep::url, (s, v) -> editor.edit(index(s), s.method(), v, s.pin())),
                editable("Pin (IP)", 100, PlanStep::pin, (s, v) -> editor.edit(index(s), s.method(), s.url(), v)));
        steps.setPlaceholder(new Label("No steps: add one, or type the plan on the right."));
        planError.textProperty().bind(Bindings.createStringBinding(() -> editor.errorProperty().get().isEmpty() ? ""
                : "✘ " + editor.errorProperty().get(), editor.errorProperty()));
        planError.visibleProperty().bind(editor.errorProperty().isNotEmpty());
        planError.managedProperty().bind(planError.visibleProperty());

        outcomes.setItems(vm.outcomes());
        outcomes.getColumns().setAll(
                column("#", 40, o -> Integer.toString(o.step() + 1)),
                column("Request", 330, o -> o.method() + " " + o.url()),
                column("Final status", 110, o -> o.finalStatus() == 0 ? "✘ failed"
                        : (o.finalStatus() < 400 ? "✔ " : "✘ ") + o.finalStatus()),
                column("Attempts (status on connection, SNI)", 430, o -> o.attempts().stream().map(ReplayView::attempt)
                        .collect(Collectors.joining("  →  "))),
                column("Error", 200, o -> o.error().orElse("")));
        outcomes.setPlaceholder(new Label("No run yet: press Replay (Ctrl+R) or “Reproduce the 421” (Ctrl+Shift+R)."));
        vm.findings().addListener((ListChangeListener<Finding>) c -> rebuildFindings());
        rebuildFindings();
        // the step outcomes' rows and the findings' cards are made when their tab is opened, not on every replay
    }

    private static String attempt(AttemptRecord a) {
        return a.status() + (a.hidden() ? " (hidden)" : "") + " on #" + a.connectionId() + ", SNI " + a.sni().orElse("none");
    }

    private static void showVerdict(Label label, ObservableValue<VerdictText> verdict) {
        label.textProperty().bind(Bindings.createStringBinding(() -> verdict.getValue().text(), verdict));
        verdict.addListener((o, was, now) -> Verdict.show(label, now.verdict()));
        Verdict.show(label, verdict.getValue().verdict());
    }

    private void rebuildFindings() {
        findingCards.getChildren().setAll(vm.findings().stream().map(FindingCard::new).toList());
        if (vm.findings().isEmpty()) {
            Label none = new Label("The run's findings appear here (which request was misdirected, on which connection, and why).");
            none.getStyleClass().add("hint");
            findingCards.getChildren().add(none);
        }
    }

    private int index(PlanStep s) {
        return editor.steps().indexOf(s);
    }

    private TableColumn<PlanStep, String> editable(String title, double width, Function<PlanStep, String> value,
                                                   java.util.function.BiConsumer<PlanStep, String> commit) {
        TableColumn<PlanStep, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setCellFactory(TextFieldTableCell.forTableColumn());
        c.setOnEditCommit(e -> {
            commit.accept(e.getRowValue(), e.getNewValue());
            steps.refresh();
        });
        return c;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setCellFactory(TextCells.table());
        return c;
    }

    @FXML
    private void onAddStep() {
        editor.add();
        steps.getSelectionModel().selectLast();
    }

    @FXML
    private void onRemoveStep() {
        int i = steps.getSelectionModel().getSelectedIndex();
        editor.remove(i);
    }

    @FXML
    private void onStepUp() {
        int i = steps.getSelectionModel().getSelectedIndex();
        if (editor.moveUp(i)) {
            steps.getSelectionModel().select(i - 1);
        }
    }

    @FXML
    private void onStepDown() {
        int i = steps.getSelectionModel().getSelectedIndex();
        if (editor.moveDown(i)) {
            steps.getSelectionModel().select(i + 1);
        }
    }

    @FXML
    private void onZoomIn() {
        timeline.zoomIn();
        afterTimeline.zoomIn();
    }

    @FXML
    private void onZoomOut() {
        timeline.zoomOut();
        afterTimeline.zoomOut();
    }

    @FXML
    private void onFit() {
        timeline.fit();
        afterTimeline.fit();
    }
}
