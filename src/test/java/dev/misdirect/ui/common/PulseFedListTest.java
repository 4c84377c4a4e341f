package dev.misdirect.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PulseFedListTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static List<String> items(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void a_batch_added_at_the_end_shows_its_first_item_at_once_and_the_rest_over_later_pulses() throws Exception {
        ObservableList<String> source = FXCollections.observableArrayList(items("a", 2));
        PulseFedList<String> fed = onFx(() -> new PulseFedList<>(source, 2));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(fed::pending) == 0);
        List<Integer> sizesRightAfter = onFx(() -> {
            source.addAll(items("b", 48));
            return List.of(fed.shown().size(), fed.pending());
        });
        assertThat(sizesRightAfter).containsExactly(3, 47);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(fed::pending) == 0);
        assertThat(onFx(() -> new ArrayList<>(fed.shown()))).isEqualTo(onFx(() -> new ArrayList<>(source)));
    }

    @Test
    void a_single_added_item_removals_and_insertions_among_the_shown_show_at_once() throws Exception {
        ObservableList<String> source = FXCollections.observableArrayList(items("a", 5));
        PulseFedList<String> fed = onFx(() -> new PulseFedList<>(source, 1));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(fed::pending) == 0);
        assertThat(onFx(() -> {
            source.add("new");
            return new ArrayList<>(fed.shown());
        })).containsExactly("a0", "a1", "a2", "a3", "a4", "new");
        assertThat(onFx(() -> {
            source.add(2, "copy");
            source.remove("a0");
            return new ArrayList<>(fed.shown());
        })).containsExactly("a1", "copy", "a2", "a3", "a4", "new");
        assertThat(onFx(() -> {
            FXCollections.sort(source);
            return new ArrayList<>(fed.shown());
        })).isEqualTo(onFx(() -> new ArrayList<>(source)));
    }

    @Test
    void a_replaced_list_restarts_the_feed_and_the_shown_items_are_always_the_start_of_the_source() throws Exception {
        ObservableList<String> source = FXCollections.observableArrayList();
        PulseFedList<String> fed = onFx(() -> new PulseFedList<>(source, 1));
        List<Boolean> prefix = new ArrayList<>();
        int shownRightAfter = onFx(() -> {
            fed.shown().addListener((javafx.collections.ListChangeListener<String>) c ->
                    prefix.add(source.subList(0, fed.shown().size()).equals(fed.shown())));
            source.setAll(items("x", 30));
            return fed.shown().size(); // in the same turn of the FX thread: no pulse has fed one more yet
        });
        assertThat(shownRightAfter).isEqualTo(1);
        onFx(() -> {
            source.setAll(items("y", 10));
            return null;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(fed::pending) == 0);
        assertThat(onFx(() -> new ArrayList<>(fed.shown()))).isEqualTo(items("y", 10));
        assertThat(prefix).isNotEmpty().containsOnly(true);
    }

    @Test
    void fewer_than_one_item_per_pulse_is_refused() {
        assertThatThrownBy(() -> new PulseFedList<>(FXCollections.observableArrayList(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perPulse");
    }
}
