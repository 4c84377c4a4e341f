package dev.misdirect.ui.coalescing;


import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.report.ClientGroups.ClientGroup;
import dev.misdirect.ui.common.HoverTooltip;
import dev.misdirect.ui.common.TextCells;
import dev.misdirect.ui.common.WorkbenchActions;
import dev.misdirect.ui.controls.PairMatrix;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;

import java.util.function.Function;

/** The Coalescing screen (FXML controller). */
public final class CoalescingView {
    private final CoalescingViewModel vm;
    private final WorkbenchActions workbench;

    @FXML private ListView<ClientGroup> policies;
    @FXML private Label headline;
    @FXML private Label onMisdirected;
    @FXML private ListView<String> groups;
    @FXML private TableView<PairRow> pairs;
    @FXML private TableColumn<PairRow, String> firstColumn;
    @FXML private TableColumn<PairRow, String> secondColumn;
    @FXML private TableColumn<PairRow, String> decisionColumn;

    @FXML private javafx.scene.layout.VBox screen;
    @FXML private TableColumn<PairRow, String> riskColumn;
    @FXML private TableColumn<PairRow, String> ruleColumn;
    @FXML private TableColumn<PairRow, String> reasonColumn;
    @FXML private Label subtitle;
    @FXML private Button verifyButton;
    @FXML private HBox offerBanner;
    @FXML private Label offerLabel;
    @FXML private Button offerButton;
    @FXML private Label verifySummary;
    @FXML private PairMatrix matrix;
    @FXML private Label pairReason;
    @FXML private TextArea ownAnswer;
    @FXML private TextArea carriedAnswer;

    public CoalescingView(CoalescingViewModel vm, WorkbenchActions workbench) {
        this.vm = vm;
        this.workbench = workbench;
    }

    @FXML
    private void initialize() {
        policies.setItems(vm.clients());
        policies.setCellFactory(TextCells.list(CoalescingViewModel::clientsLabel));
        policies.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) {
                vm.selectedProperty().set(p);
            }
        });
        vm.selectedProperty().addListener((o, was, p) -> policies.getSelectionModel().select(p));
        policies.getSelectionModel().select(vm.selectedProperty().get());
        headline.textProperty().bind(vm.headlineProperty());
        onMisdirected.textProperty().bind(vm.onMisdirectedProperty());
        groups.setItems(vm.groups());
        // a thousand pairs are not laid out while hidden, and go in a few rows per pulse when shown
        pairs.setItems(vm.pairs());
        column(firstColumn, PairRow::first);
        column(secondColumn, PairRow::second);
        column(decisionColumn, PairRow::decision);
        column(riskColumn, PairRow::risk);
        column(ruleColumn, PairRow::rule);
        column(reasonColumn, PairRow::riskReason);
        pairs.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PairRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("status-bad", "status-warn");
                if (empty || row == null) {
                    return;
                }
                PairVerdict measured = row.measured().orElse(null);
                if (measured == PairVerdict.MISROUTED || (measured == null && row.level() == MisdirectRisk.LIKELY)) {
                    getStyleClass().add("status-bad");
                } else if (measured == PairVerdict.REFUSED_421
                        || (measured == null && row.level() == MisdirectRisk.POSSIBLE)) {
                    getStyleClass().add("status-warn");
                }
            }
        });
        subtitle.setMinWidth(0);
        verifyButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        verifyButton.disableProperty().bind(workbench.canVerifyProperty().not());
        HoverTooltip.install(verifyButton, () -> "Send each shared pair's request on the other name's connection and on"
                + " its own, and compare the answers: shared-ok, refused-421, misrouted or untested (Ctrl+Shift+P)", 420);
        offerBanner.visibleProperty().bind(vm.offerProperty().isNotEmpty());
        offerBanner.managedProperty().bind(offerBanner.visibleProperty());
        offerLabel.textProperty().bind(vm.offerProperty());
        offerButton.disableProperty().bind(workbench.canVerifyProperty().not());
        HoverTooltip.install(offerButton, () -> "Verify exactly these pairs against the real network", 0);
        verifySummary.textProperty().bind(vm.verifySummaryProperty());
        matrix.runProperty().bind(vm.latestProperty());
        matrix.selectedPairProperty().bindBidirectional(vm.selectedPairProperty());
        pairReason.textProperty().bind(vm.pairReasonProperty());
        HoverTooltip.install(pairReason, vm.pairReasonProperty()::get, 560);
        HoverTooltip.install(headline, vm.headlineProperty()::get, 560);
        HoverTooltip.install(onMisdirected, vm.onMisdirectedProperty()::get, 560);
        ownAnswer.textProperty().bind(vm.ownAnswerProperty());
        carriedAnswer.textProperty().bind(vm.carriedAnswerProperty());
    }

    @FXML
    private void onVerify() {
        workbench.verify();
    }

    @FXML
    private void onVerifyOffered() {
        workbench.verifyOffered();
    }

    private static void column(TableColumn<PairRow, String> column, Function<PairRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setCellFactory(TextCells.table());
    }
}
