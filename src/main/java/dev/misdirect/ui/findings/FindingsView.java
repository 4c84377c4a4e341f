package dev.misdirect.ui.findings;

import dev.misdirect.core.model.Finding;
import dev.misdirect.ui.controls.FindingCard;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The Findings panel (FXML controller): one {@link FindingCard} per finding, in a list that makes cards only for the
 * findings in view (a probe of many authorities can find a thousand things; a card each would hold the window up
 * for seconds).
 */
public final class FindingsView {
    private final FindingsViewModel vm;

    @FXML private VBox screen;
    @FXML private Label summary;
    @FXML private ListView<Finding> cards;
    /** Each finding's card height at the width it was measured for (the findings are values: equal ones look alike). */
    private final Map<Finding, Heights> heights = new WeakHashMap<>();

    private record Heights(double width, double height) {
    }

    public FindingsView(FindingsViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        cards.setItems(vm.visible());
        cards.setCellFactory(list -> new CardCell());
        Label none = new Label("No findings yet: probe or replay to collect them.");
        none.getStyleClass().add("hint");
        cards.setPlaceholder(none);
        vm.selectedProperty().addListener((o, was, now) -> {
            cards.refresh();
        });
    }

    /** A list cell showing its finding as a card, as wide as the list, as tall as the card's wrapped text. */
    private final class CardCell extends ListCell<Finding> {
        private final FindingCard card = new FindingCard();

        CardCell() {
            getStyleClass().add("finding-cell");
            card.setOnMouseClicked(e -> {
                if (getItem() != null) {
                    vm.selectedProperty().set(getItem());
                }
            });
        }

        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            setText(null);
            if (empty || f == null) {
                setGraphic(null);
                return;
            }
            card.setFinding(f);
            card.selectedProperty().set(f == vm.selectedProperty().get()
                    || (vm.selectedProperty().get() == null && vm.concernsFocus(f)));
            setGraphic(card);
        }

        @Override
        protected double computePrefWidth(double height) {
            return 0; // the list's width, whatever the card's unwrapped text would need
        }

        @Override
        protected double computeMinHeight(double width) {
            return computePrefHeight(width); // not the card's own minimum, which would measure its text again
        }

        @Override
        protected double computeMaxHeight(double width) {
            return Double.MAX_VALUE;
        }

        /** The card over the cell's content area, at the height kept for its finding (no second measurement). */
        @Override
        protected void layoutChildren() {
            if (getGraphic() == null) {
                super.layoutChildren();
                return;
            }
            card.resizeRelocate(snappedLeftInset(), snappedTopInset(),
                    Math.max(0, getWidth() - snappedLeftInset() - snappedRightInset()),
                    Math.max(0, getHeight() - snappedTopInset() - snappedBottomInset()));
        }

        @Override
        protected double computePrefHeight(double width) {
            double inner = width < 0 ? -1 : Math.max(0, width - snappedLeftInset() - snappedRightInset());
            Finding f = getItem();
            if (getGraphic() == null || f == null) {
                return snappedTopInset() + snappedBottomInset();
            }
            // measuring a card's wrapped text is the costly part of a layout of the list, which measures cells
            // beyond the visible ones to size its scroll bar and again after each new set of findings (a replay's)
            Heights h = heights.get(f);
            if (h == null || h.width() != inner) {
                card.applyCss();
                h = new Heights(inner, card.prefHeight(inner));
                heights.put(f, h);
            }
            return snappedTopInset() + h.height() + snappedBottomInset();
        }
    }
}
