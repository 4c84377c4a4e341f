package dev.misdirect.ui.common;

import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhileShownTest {
    @Test
    void a_hidden_screens_list_holds_no_items_and_takes_the_view_models_again_when_shown() {
        VBox screen = new VBox();
        ObservableList<String> source = FXCollections.observableArrayList("a", "b");
        SimpleObjectProperty<ObservableList<String>> items = new SimpleObjectProperty<>();
        WhileShown.items(screen, items, source);
        assertThat(items.get()).isSameAs(source);

        screen.setVisible(false);
        assertThat(items.get()).isEmpty();
        source.add("c"); // a new probe's rows while hidden: nothing to lay out
        assertThat(items.get()).isEmpty();

        screen.setVisible(true);
        assertThat(items.get()).isSameAs(source).containsExactly("a", "b", "c");
    }

    @Test
    void a_screen_built_hidden_starts_without_items() {
        VBox screen = new VBox();
        screen.setVisible(false);
        SimpleObjectProperty<ObservableList<String>> items = new SimpleObjectProperty<>();
        WhileShown.items(screen, items, FXCollections.observableArrayList("a"));
        assertThat(items.get()).isEmpty();
    }

    @Test
    void a_fed_list_starts_over_from_its_first_item_each_time_the_screen_is_shown() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        VBox screen = new VBox();
        ObservableList<String> source = FXCollections.observableArrayList(
                java.util.stream.IntStream.range(0, 40).mapToObj(i -> "p" + i).toList());
        SimpleObjectProperty<ObservableList<String>> items = new SimpleObjectProperty<>();
        java.util.List<Integer> sizes = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            WhileShown.fedItems(screen, items, source, 3);
            int first = items.get().size();
            screen.setVisible(false);
            int hidden = items.get().size();
            source.add("while hidden");
            screen.setVisible(true);
            return java.util.List.of(first, hidden, items.get().size());
        }).get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sizes).containsExactly(1, 0, 1);
        org.testfx.util.WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS,
                () -> org.testfx.util.WaitForAsyncUtils.asyncFx(() -> items.get().size()).get() == 41);
        assertThat(org.testfx.util.WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(items.get())).get())
                .isEqualTo(source);
    }
}
