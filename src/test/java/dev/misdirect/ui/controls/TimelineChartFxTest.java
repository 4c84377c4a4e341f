package dev.misdirect.ui.controls;

import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.timeline.TimelineLayout;
import dev.misdirect.core.timeline.TimelineLayout.PlacedBar;
import dev.misdirect.core.timeline.TimelineLayout.Placement;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.PickResult;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The timeline control as a user drives it: what the fitted chart shows, clicks, the wheel and the keys. */
@ExtendWith(ApplicationExtension.class)
class TimelineChartFxTest {
    private TimelineChart chart;

    /** GET a, GET b on a's connection answered 421 and retried on b's own, GET a again. */
    private static ConnectionTimeline reproduced() {
        return ConnectionTimeline.of(List.of(
                new TimelineEvent.ConnectionOpened(30_000, 1, "127.0.0.1", 8443, 40001, Optional.of("a.lab.test"), "h2",
                        Optional.of("TLSv1.3"), Optional.empty(), 10_000, 12_000, 30_000),
                new TimelineEvent.RequestSent(31_000, 1, 1, 0, 1, "GET", "a.lab.test:8443", "/"),
                new TimelineEvent.ResponseReceived(60_000, 1, 1, 200, "h2"),
                new TimelineEvent.RequestSent(61_000, 2, 1, 1, 1, "GET", "b.lab.test:8443", "/"),
                new TimelineEvent.ResponseReceived(63_000, 2, 1, 421, "h2"),
                new TimelineEvent.Misdirected(63_000, 2, 1, "b.lab.test:8443", Optional.of("a.lab.test"), true),
                new TimelineEvent.RetryScheduled(63_000, 2, 3, "421 on a coalesced connection"),
                new TimelineEvent.ConnectionOpened(70_000, 2, "127.0.0.1", 8443, 40002, Optional.of("b.lab.test"), "h2",
                        Optional.of("TLSv1.3"), Optional.empty(), 63_500, 64_000, 70_000),
                new TimelineEvent.RequestSent(70_500, 3, 2, 1, 2, "GET", "b.lab.test:8443", "/"),
                new TimelineEvent.ResponseReceived(75_000, 3, 2, 200, "h2"),
                new TimelineEvent.RequestSent(76_000, 4, 1, 2, 1, "GET", "a.lab.test:8443", "/"),
                new TimelineEvent.ResponseReceived(77_000, 4, 1, 200, "h2")));
    }

    @Start
    void start(Stage stage) {
        chart = new TimelineChart();
        chart.setTimeline(reproduced());
        stage.setScene(new Scene(new StackPane(chart), 1100, 300));
        stage.show();
    }

    private TimelineLayout layout() {
        return ((TimelineChartSkin) chart.getSkin()).layout();
    }

    private PlacedBar bar(int exchangeId) {
        return layout().bar(exchangeId).orElseThrow(() -> new AssertionError("exchange " + exchangeId + " not drawn"));
    }

    @Test
    void the_fitted_chart_shows_every_exchange_words_beside_short_bars_and_an_arrow_from_the_421_to_its_retry() {
        assertThat(layout().bars()).extracting(b -> b.bar().exchangeId()).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(layout().bars()).allSatisfy(b -> assertThat(b.box().right()).isLessThanOrEqualTo(chart.getWidth()));
        assertThat(layout().bars()).as("a short bar's label beside it")
                .anySatisfy(b -> assertThat(b.label().map(l -> l.placement() != Placement.INSIDE)).contains(true));
        assertThat(layout().flags()).singleElement()
                .satisfies(f -> assertThat(f.label().text()).isEqualTo("421 misdirected (hidden)"));
        assertThat(layout().arrows()).singleElement().satisfies(a -> {
            assertThat(a.from().exchangeId()).isEqualTo(2);
            assertThat(a.to().exchangeId()).isEqualTo(3);
        });
    }

    @Test
    void clicking_a_bar_selects_it_and_clicking_an_empty_place_clears_the_selection(FxRobot robot) {
        PlacedBar misdirected = bar(2);
        robot.clickOn(chart.localToScreen(misdirected.box().centerX(), misdirected.box().centerY()));
        assertThat(chart.getSelectedBar()).isEqualTo(misdirected.bar());

        TimelineLayout.Box lane = layout().lanes().get(1).box();
        robot.clickOn(chart.localToScreen(TimelineChartSkin.GUTTER + 5, lane.bottom() - 2));
        assertThat(chart.getSelectedBar()).isNull();
    }

    @Test
    void the_wheel_zooms_in_around_the_pointer(FxRobot robot) {
        double x = bar(3).box().centerX();
        double before = timeAt(x);
        double mpp = chart.microsPerPixelProperty().get();
        Point2D screen = chart.localToScreen(x, 60);
        robot.interact(() -> chart.fireEvent(new ScrollEvent(ScrollEvent.SCROLL, x, 60, screen.getX(), screen.getY(),
                false, false, false, false, false, false, 0, 40, 0, 40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, new PickResult(chart, x, 60))));
        assertThat(chart.microsPerPixelProperty().get()).isEqualTo(mpp / 1.25, within(1e-9));
        assertThat(timeAt(x)).isEqualTo(before, within(1e-6));
        assertThat(layout().barAt(x, bar(3).box().centerY())).map(b -> b.bar().exchangeId()).contains(3);
    }

    @Test
    void plus_zooms_in_and_zero_fits_the_whole_run_again(FxRobot robot) {
        double fitted = chart.microsPerPixelProperty().get();
        robot.clickOn(chart.localToScreen(TimelineChartSkin.GUTTER + 5, 20));
        robot.type(KeyCode.ADD);
        assertThat(chart.microsPerPixelProperty().get()).isEqualTo(fitted / 1.5, within(1e-9));
        robot.type(KeyCode.DIGIT0);
        assertThat(chart.microsPerPixelProperty().get()).isEqualTo(fitted, within(1e-9));
    }

    private double timeAt(double x) {
        return chart.originMicrosProperty().get() + (x - TimelineChartSkin.GUTTER) * chart.microsPerPixelProperty().get();
    }

    @Test
    void hovering_a_bar_shows_a_tooltip_that_names_the_exchange_x3_apart_from_connection_hash_2(FxRobot robot) {
        assertThat(chart.getTooltip()).as("no tooltip before a bar is hovered").isNull();
        PlacedBar retry = bar(3);
        robot.moveTo(chart.localToScreen(retry.box().centerX(), retry.box().centerY()));
        assertThat(chart.getTooltip()).isNotNull();
        assertThat(chart.getTooltip().getText()).startsWith("x3  GET b.lab.test:8443/  →  ✔ 200")
                .contains("on connection #2").contains("↻ retry of x2").doesNotContain("retry of #");

        PlacedBar misdirected = bar(2);
        robot.moveTo(chart.localToScreen(misdirected.box().centerX(), misdirected.box().centerY()));
        assertThat(chart.getTooltip().getText()).startsWith("x2  GET b.lab.test:8443/  →  ⚠ 421")
                .contains("on connection #1").contains("without telling its caller");

        robot.moveTo(chart.localToScreen(TimelineChartSkin.GUTTER + 2, layout().lanes().get(1).box().bottom() - 2));
        assertThat(chart.getTooltip()).as("none over an empty place").isNull();
    }

    @Test
    void plus_and_minus_keep_the_selected_421_where_it_is(FxRobot robot) {
        PlacedBar misdirected = bar(2);
        robot.clickOn(chart.localToScreen(misdirected.box().centerX(), misdirected.box().centerY()));
        assertThat(chart.getSelectedBar()).isEqualTo(misdirected.bar());
        double x = misdirected.box().centerX();
        double at = timeAt(x);
        double fitted = chart.microsPerPixelProperty().get();

        robot.interact(chart::zoomIn);
        robot.type(KeyCode.ADD);
        assertThat(chart.microsPerPixelProperty().get()).isEqualTo(fitted / 1.5 / 1.5, within(1e-9));
        assertThat(timeAt(x)).as("the selected bar's middle stays under the same pixel").isEqualTo(at, within(1e-6));
        assertThat(layout().barAt(x, misdirected.box().centerY())).map(b -> b.bar().exchangeId()).contains(2);

        robot.interact(chart::zoomOut);
        assertThat(timeAt(x)).isEqualTo(at, within(1e-6));
    }

    @Test
    void more_lanes_than_fit_get_a_scroll_bar_that_reaches_the_last_lane(FxRobot robot) {
        List<TimelineEvent> events = new java.util.ArrayList<>();
        int lanes = 14;
        for (int c = 1; c <= lanes; c++) {
            long t = c * 10_000L;
            events.add(new TimelineEvent.ConnectionOpened(t + 2_000, c, "127.0.0.1", 8443, 40000 + c,
                    Optional.of("n" + c + ".lab.test"), "h2", Optional.of("TLSv1.3"), Optional.empty(), t, t + 1_000, t + 2_000));
            events.add(new TimelineEvent.RequestSent(t + 2_500, c, c, c - 1, 1, "GET", "n" + c + ".lab.test:8443", "/"));
            events.add(new TimelineEvent.ResponseReceived(t + 6_000, c, c, 200, "h2"));
        }
        robot.interact(() -> chart.setTimeline(ConnectionTimeline.of(events)));
        javafx.scene.control.ScrollBar bar = robot.lookup(".timeline-chart .scroll-bar").queryAs(javafx.scene.control.ScrollBar.class);
        assertThat(bar.isVisible()).as("14 lanes are taller than a 300-pixel chart").isTrue();
        assertThat(layout().lanes()).noneMatch(l -> l.connectionId() == lanes);

        robot.interact(() -> bar.setValue(bar.getMax()));
        assertThat(chart.scrollYProperty().get()).isEqualTo(bar.getMax());
        assertThat(layout().lanes()).anySatisfy(l -> {
            assertThat(l.connectionId()).isEqualTo(lanes);
            assertThat(l.box().bottom()).isLessThanOrEqualTo(chart.getHeight() + 0.5);
        });

        robot.interact(() -> chart.setTimeline(reproduced()));
        assertThat(bar.isVisible()).as("two lanes fit: no scroll bar").isFalse();
        assertThat(chart.scrollYProperty().get()).isZero();
    }
}
