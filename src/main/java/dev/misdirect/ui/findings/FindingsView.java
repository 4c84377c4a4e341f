package dev.misdirect.ui.findings;

import dev.misdirect.core.model.Finding;
import dev.misdirect.ui.controls.FindingCard;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The Findings panel (FXML controller): one {@link FindingCard} per finding. */
public final class FindingsView {
    private final FindingsViewModel vm;

    @FXML private Label summary;
    @FXML private VBox cards;

    public FindingsView(FindingsViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        vm.visible().addListener((ListChangeListener<Finding>) c -> rebuild());
        vm.selectedProperty().addListener((o, was, now) -> markSelection());
        rebuild();
    }

    private void rebuild() {
        cards.getChildren().setAll(vm.visible().stream().map(f -> {
            FindingCard card = new FindingCard(f);
            card.setOnMouseClicked(e -> vm.selectedProperty().set(f));
            return card;
        }).toList());
        if (vm.visible().isEmpty()) {
            Label none = new Label("No findings yet: probe or replay to collect them.");
            none.getStyleClass().add("hint");
            cards.getChildren().add(none);
        }
        markSelection();
    }

    private void markSelection() {
        cards.getChildren().forEach(n -> {
            if (n instanceof FindingCard card) {
                card.selectedProperty().set(card.getFinding() == vm.selectedProperty().get()
                        || (vm.selectedProperty().get() == null && vm.concernsFocus(card.getFinding())));
            }
        });
    }
}
