package dev.misdirect.core.timeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimelineViewportTest {
    private static final TimelineViewport V = new TimelineViewport(270, 1270, 5_000, 40, 0, 600);

    @Test
    void x_and_time_convert_both_ways() {
        assertThat(V.x(5_000)).isEqualTo(270);
        assertThat(V.x(9_000)).isEqualTo(370);
        assertThat(V.micros(370)).isEqualTo(9_000);
        assertThat(V.endMicros()).isEqualTo(45_000);
    }

    @ParameterizedTest(name = "zoom ×{0} at x {1}")
    @CsvSource({"0.5, 700", "0.5, 1270", "2, 300", "1.5, 900", "0.01, 500"})
    void zooming_keeps_the_time_under_the_cursor_where_it_was(double factor, double x) {
        TimelineViewport zoomed = V.zoomAt(factor, x, 1_000_000);
        assertThat(zoomed.microsPerPixel()).isEqualTo(40 * factor, within(1e-9));
        assertThat(zoomed.micros(x)).isEqualTo(V.micros(x), within(1e-6));
    }

    @Test
    void zooming_with_the_cursor_in_the_gutter_keeps_the_plots_left_edge() {
        TimelineViewport zoomed = V.zoomAt(0.5, 40, 1_000_000);
        assertThat(zoomed.originMicros()).isEqualTo(5_000, within(1e-9));
        assertThat(zoomed.microsPerPixel()).isEqualTo(20, within(1e-9));
    }

    @Test
    void the_zoom_stops_at_a_hundredth_of_a_microsecond_and_at_the_whole_run_in_ten_pixels() {
        assertThat(V.zoomAt(1e-9, 700, 1_000_000).microsPerPixel()).isEqualTo(TimelineViewport.MIN_MICROS_PER_PIXEL);
        assertThat(V.zoomAt(1e9, 700, 1_000_000).microsPerPixel()).isEqualTo(100_000);
    }

    @Test
    void panning_moves_the_content_with_the_pointer() {
        TimelineViewport panned = V.panBy(100, -30, 500);
        assertThat(panned.originMicros()).as("dragged right: earlier times come into view").isEqualTo(1_000);
        assertThat(panned.scrollY()).as("dragged up: later lanes come into view").isEqualTo(30);
        assertThat(panned.microsPerPixel()).isEqualTo(40);
    }

    @Test
    void the_scroll_stays_between_the_first_lane_and_the_last() {
        assertThat(V.panBy(0, 50, 500).scrollY()).isZero();
        assertThat(V.panBy(0, -800, 500).scrollY()).isEqualTo(500);
        assertThat(V.panBy(0, -800, -20).scrollY()).as("nothing to scroll").isZero();
    }

    @Test
    void fit_shows_the_run_from_just_before_its_first_event_to_its_end_leaving_the_margin_free() {
        TimelineIndex index = new TimelineFixture().connection(1, "a.lab.test", 100_000, 150_000)
                .exchange(1, 1, "a.lab.test:8443", "/", 160_000, 600_000, 200).index();
        TimelineViewport fit = TimelineViewport.fit(index, 270, 1270, 200, 400);
        // the first 100 ms hold nothing; 2% of the rest is kept before the connect
        assertThat(fit.originMicros()).isEqualTo(100_000 - 500_000 / 50);
        assertThat(fit.x(600_000)).isEqualTo(1070, within(1e-6));
        assertThat(fit.scrollY()).isZero();
        assertThat(fit.height()).isEqualTo(400);
    }

    @Test
    void fit_of_an_empty_run_shows_its_first_microsecond() {
        TimelineViewport fit = TimelineViewport.fit(TimelineIndex.of(ConnectionTimeline.empty()), 0, 140, 40, 100);
        assertThat(fit.originMicros()).isZero();
        assertThat(fit.x(1)).isEqualTo(100, within(1e-9));
    }

    @Test
    void a_zoom_that_is_not_a_positive_number_is_refused() {
        assertThatThrownBy(() -> new TimelineViewport(0, 100, 0, 0, 0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("microsPerPixel");
        assertThatThrownBy(() -> new TimelineViewport(0, 100, 0, Double.NaN, 0, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
