package dev.misdirect.ui.coalescing;


import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.ui.common.TextCells;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

import java.util.function.Function;

/** The Coalescing screen (FXML controller). */
public final class CoalescingView {
    private final CoalescingViewModel vm;

    @FXML private ListView<CoalescingPrediction> policies;
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

    public CoalescingView(CoalescingViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        policies.setItems(vm.predictions());
        policies.setCellFactory(TextCells.list(CoalescingViewModel::policyLabel));
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
                if (!empty && row != null && row.level() == MisdirectRisk.LIKELY) {
                    getStyleClass().add("status-bad");
                } else if (!empty && row != null && row.level() == MisdirectRisk.POSSIBLE) {
                    getStyleClass().add("status-warn");
                }
            }
        });
    }

    private static void column(TableColumn<PairRow, String> column, Function<PairRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setCellFactory(TextCells.table());
    }
}
