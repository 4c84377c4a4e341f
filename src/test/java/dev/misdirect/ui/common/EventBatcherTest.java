package dev.misdirect.ui.common;

import dev.misdirect.ui.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventBatcherTest {
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(50);
    private final FakeTime time = new FakeTime();
    private final List<List<Integer>> updates = new ArrayList<>();
    private final EventBatcher<Integer> batcher = new EventBatcher<>(Runnable::run, updates::add, time, time, INTERVAL);

    @Test
    void a_flood_of_ten_thousand_events_over_two_seconds_makes_at_most_twenty_updates_per_second() {
        for (int i = 0; i < 10_000; i++) {
            batcher.offer(i);
            time.advance(TimeUnit.MICROSECONDS.toNanos(200)); // 10,000 × 200 µs = 2 s
        }
        time.advance(INTERVAL);

        assertThat(updates.size()).isBetween(2, 41); // ≤ 20 per second over 2 s, plus the immediate first one
        assertThat(updates.stream().flatMap(List::stream).toList())
                .as("every event delivered once, in order")
                .isEqualTo(java.util.stream.IntStream.range(0, 10_000).boxed().toList());
    }

    @Test
    void a_single_event_after_a_quiet_period_is_delivered_at_once() {
        batcher.offer(1);
        assertThat(updates).containsExactly(List.of(1));
        time.advance(TimeUnit.SECONDS.toNanos(1));
        batcher.offer(2);
        assertThat(updates).containsExactly(List.of(1), List.of(2));
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void events_arriving_within_the_interval_wait_for_one_shared_update() {
        batcher.offer(1);
        batcher.offer(2);
        batcher.offer(3);
        assertThat(updates).containsExactly(List.of(1));
        time.advance(INTERVAL - 1);
        assertThat(updates).hasSize(1);
        time.advance(1);
        assertThat(updates).containsExactly(List.of(1), List.of(2, 3));
    }

    @Test
    void updates_run_on_the_ui_executor_not_the_offering_thread() {
        List<Runnable> ui = new ArrayList<>();
        EventBatcher<String> b = new EventBatcher<>(ui::add, batch -> updates.add(List.of(batch.size())), time, time, INTERVAL);
        b.offer("x");
        assertThat(updates).isEmpty();
        ui.forEach(Runnable::run);
        assertThat(updates).containsExactly(List.of(1));
    }
}
