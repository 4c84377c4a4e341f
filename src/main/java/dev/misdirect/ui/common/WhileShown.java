package dev.misdirect.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;

/**
 * Items that a list or table of a screen takes from its view-model only while the screen is shown. A hidden screen
 * stays in the scene, styled and laid out; a big list in it would make and measure cells for each new set of items
 * (a probe's findings, a replay's pairs) while nobody sees them, in the pulses of the screen that is shown. Hidden,
 * the list holds no items; shown, it takes the view-model's list again. UI thread.
 */
public final class WhileShown {
    private WhileShown() {
    }

    /**
     * Gives {@code items} the {@code source} list while {@code screen} is visible, an empty list while it is not.
     *
     * @param screen the screen's root, which the workbench hides and shows
     */
    public static <T> void items(Node screen, ObjectProperty<ObservableList<T>> items, ObservableList<T> source) {
        ObservableList<T> none = FXCollections.emptyObservableList();
        items.set(screen.isVisible() ? source : none);
        screen.visibleProperty().addListener((o, was, shown) -> items.set(shown ? source : none));
    }

    /**
     * As {@link #items}, but each time the screen is shown the list fills a few items per pulse (a
     * {@link PulseFedList}): the first rows of a table each cost a row of cells, and a screen shown with a thousand
     * items would make a screenful of rows in one pulse.
     */
    public static <T> void fedItems(Node screen, ObjectProperty<ObservableList<T>> items, ObservableList<T> source,
                                    int perPulse) {
        ObservableList<T> none = FXCollections.emptyObservableList();
        PulseFedList<?>[] feeding = {null};
        Runnable apply = () -> {
            if (feeding[0] != null) {
                feeding[0].detach();
                feeding[0] = null;
            }
            if (screen.isVisible()) {
                PulseFedList<T> fed = new PulseFedList<>(source, perPulse);
                feeding[0] = fed;
                items.set(fed.shown());
            } else {
                items.set(none);
            }
        };
        apply.run();
        screen.visibleProperty().addListener((o, was, shown) -> apply.run());
    }
}
