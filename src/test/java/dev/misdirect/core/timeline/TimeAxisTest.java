package dev.misdirect.core.timeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeAxisTest {

    @ParameterizedTest(name = "{0} µs → {1} µs")
    @CsvSource({
            "2750, 5000",
            "100, 100",
            "101, 200",
            "200, 200",
            "201, 500",
            "501, 1000",
            "1000, 1000",
            "1999, 2000",
            "7000000, 10000000",
            "1, 1",
            "0.3, 1",
            "0, 1",
            "-5, 1",
    })
    void the_step_is_the_smallest_1_2_or_5_times_a_power_of_ten_not_below_the_raw_step(double raw, long step) {
        assertThat(TimeAxis.niceStep(raw)).isEqualTo(step);
    }

    @Test
    void ticks_are_about_a_hundred_pixels_apart_on_whole_steps_within_the_plot() {
        // 25 µs a pixel: 100 px is 2500 µs, so the step is 5 ms; the plot shows 0.4 ms to 25.4 ms
        TimelineViewport v = new TimelineViewport(100, 1100, 400, 25, 0, 300);
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(v);
        assertThat(ticks).extracting(TimeAxis.Tick::micros).containsExactly(5_000L, 10_000L, 15_000L, 20_000L, 25_000L);
        assertThat(ticks).extracting(TimeAxis.Tick::label).containsExactly("5 ms", "10 ms", "15 ms", "20 ms", "25 ms");
        assertThat(ticks.get(0).x()).isEqualTo(100 + (5_000 - 400) / 25.0);
        assertThat(ticks).allSatisfy(t -> assertThat(t.x()).isBetween(100.0, 1100.0));
    }

    @Test
    void panning_moves_the_ticks_with_the_content_and_keeps_their_labels() {
        TimelineViewport v = new TimelineViewport(100, 1100, 0, 25, 0, 300);
        TimeAxis.Tick before = TimeAxis.ticks(v).get(1);
        TimeAxis.Tick after = TimeAxis.ticks(v.panBy(-40, 0, 0)).stream()
                .filter(t -> t.micros() == before.micros()).findFirst().orElseThrow();
        assertThat(after.label()).isEqualTo(before.label());
        assertThat(after.x()).isEqualTo(before.x() - 40);
    }

    @Test
    void a_time_is_written_in_the_unit_of_its_step() {
        assertThat(TimeAxis.label(2_500, 1_000)).isEqualTo("2.5 ms");
        assertThat(TimeAxis.label(200_000, 100_000)).isEqualTo("200 ms");
        assertThat(TimeAxis.label(3_000_000, 1_000_000)).isEqualTo("3 s");
        assertThat(TimeAxis.label(40, 1)).isEqualTo("40 µs");
        assertThat(TimeAxis.label(40, 1_000)).as("a step in ms writes µs times in ms").isEqualTo("0 ms");
        assertThat(TimeAxis.duration(12_000_000)).as("ten seconds and more in s").isEqualTo("12 s");
        assertThat(TimeAxis.duration(1_250)).isEqualTo("1.3 ms");
    }
}
