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
}
