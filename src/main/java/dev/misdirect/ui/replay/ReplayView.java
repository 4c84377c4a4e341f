package dev.misdirect.ui.replay;

import dev.misdirect.ui.controls.TimelineChart;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;

/** The Replay screen (FXML controller): settings, timeline and the selected exchange's details. */
public final class ReplayView {
    private final ReplayViewModel vm;

    @FXML private ChoiceBox<String> policy;
    @FXML private CheckBox retry;
    @FXML private CheckBox http1;
    @FXML private Button runButton;
    @FXML private TextArea plan;
    @FXML private Label headline;
    @FXML private TimelineChart timeline;
    @FXML private Label requestDetails;
    @FXML private Label connectionDetails;
    @FXML private Label clientDetails;
    @FXML private Label serverDetails;

    public ReplayView(ReplayViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        policy.getItems().setAll(ReplayViewModel.POLICIES);
        policy.valueProperty().bindBidirectional(vm.policyProperty());
        retry.selectedProperty().bindBidirectional(vm.retry421Property());
        http1.selectedProperty().bindBidirectional(vm.http1Property());
        plan.textProperty().bindBidirectional(vm.planTextProperty());
        runButton.disableProperty().bind(vm.canRunProperty().not());
        headline.textProperty().bind(vm.headlineProperty());
        timeline.timelineProperty().bind(vm.timelineProperty());
        timeline.selectedBarProperty().bindBidirectional(vm.selectedBarProperty());
        requestDetails.textProperty().bind(vm.requestProperty());
        connectionDetails.textProperty().bind(vm.connectionProperty());
        clientDetails.textProperty().bind(vm.clientViewProperty());
        serverDetails.textProperty().bind(vm.serverViewProperty());
    }

    @FXML
    private void onRun() {
        vm.run();
    }

    @FXML
    private void onZoomIn() {
        timeline.zoomIn();
    }

    @FXML
    private void onZoomOut() {
        timeline.zoomOut();
    }

    @FXML
    private void onFit() {
        timeline.fit();
    }
}
