package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.MarkerKind;
import dev.misdirect.core.timeline.TimelineLayout.Box;
import dev.misdirect.core.timeline.TimelineLayout.Label;
import dev.misdirect.core.timeline.TimelineLayout.PlacedBar;
import dev.misdirect.core.timeline.TimelineLayout.PlacedLane;
import dev.misdirect.core.timeline.TimelineLayout.Placement;
import dev.misdirect.core.timeline.TimelineLayout.RetryArrow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.misdirect.core.timeline.TimelineFixture.ONE_ROW;
import static dev.misdirect.core.timeline.TimelineFixture.STACKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shared layout of the connection timeline. Times are chosen so that x = 100 + microseconds, and a label is
 * 10 pixels per character of the exchange's path.
 */
class TimelineLayoutTest {

    private static PlacedBar bar(TimelineLayout layout, int exchangeId) {
        return layout.bar(exchangeId).orElseThrow(() -> new AssertionError("exchange " + exchangeId + " not laid out"));
    }

    private static Label label(TimelineLayout layout, int exchangeId) {
        return bar(layout, exchangeId).label()
                .orElseThrow(() -> new AssertionError("exchange " + exchangeId + " has no label"));
    }

    // lanes and bars

    @Test
    void each_connection_has_a_lane_in_the_order_it_was_opened_one_below_the_other() {
        TimelineLayout layout = new TimelineFixture()
                .connection(2, "b.lab.test", 50, 60).connection(1, "a.lab.test", 0, 10)
                .a(1, "/", 20, 40)
                .exchange(2, 2, "b.lab.test:8443", "/", 70, 90, 200).layout(ONE_ROW);
        assertThat(layout.lanes()).extracting(PlacedLane::connectionId).containsExactly(1, 2);
        assertThat(layout.lanes()).extracting(l -> l.box().y()).containsExactly(20.0, 60.0);
        assertThat(layout.lanes()).extracting(l -> l.box().height()).containsExactly(40.0, 40.0);
        assertThat(layout.lanesHeight()).isEqualTo(80);
        assertThat(bar(layout, 2).box().y()).as("a bar is in its connection's lane, below the header").isEqualTo(70);
    }

    @Test
    void a_bar_spans_its_exchange_on_the_time_axis() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/", 150, 420).layout(ONE_ROW);
        assertThat(bar(layout, 1).box()).isEqualTo(new Box(250, 30, 270, 20));
    }

    @Test
    void a_very_short_exchange_is_still_drawn_the_minimum_width() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/", 150, 151).layout(STACKED);
        assertThat(bar(layout, 1).box().width()).isEqualTo(6);
    }

    @Test
    void the_handshake_is_drawn_from_the_connect_to_the_end_of_tls_and_the_lifetime_line_on_to_the_close() {
        TimelineLayout layout = new TimelineFixture().connection(1, "a.lab.test", 30, 80)
                .a(1, "/", 100, 200)
                .event(new TimelineEvent.ConnectionClosed(500, 1, "end of run")).layout(ONE_ROW);
        PlacedLane lane = layout.lanes().get(0);
        assertThat(lane.lifelineY()).isEqualTo(40);
        assertThat(lane.handshake()).contains(new Box(130, 35, 50, 10));
        assertThat(lane.lifeline()).contains(new Box(180, 40, 420, 0));
    }

    @Test
    void a_bar_whose_authority_is_not_its_connections_sni_is_foreign_and_says_so_in_its_label() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/a", 100, 300)
                .exchange(2, 1, "b.lab.test:8443", "/b", 400, 600, 421).layout(ONE_ROW);
        assertThat(bar(layout, 1).foreign()).isFalse();
        assertThat(bar(layout, 2).foreign()).isTrue();
        assertThat(label(layout, 2).text()).isEqualTo("/b≠");
    }

    // labels

    static Stream<Arguments> labelPlacements() {
        return Stream.of(
                Arguments.of("fits: inside its bar", TimelineFixture.onA().a(1, "/ten-chars", 100, 300),
                        Optional.of(new Label("/ten-chars", Placement.INSIDE, 204, 40, 100))),
                Arguments.of("longer than its bar: right of it", TimelineFixture.onA().a(1, "/ten-chars", 100, 150),
                        Optional.of(new Label("/ten-chars", Placement.RIGHT, 254, 40, 100))),
                Arguments.of("no room before the next bar: left of it",
                        TimelineFixture.onA().a(1, "/ten-chars", 500, 520).a(2, "/", 540, 800),
                        Optional.of(new Label("/ten-chars", Placement.LEFT, 496, 40, 100))),
                Arguments.of("at the plot's right edge: left of it", TimelineFixture.onA().a(1, "/ten-chars", 950, 980),
                        Optional.of(new Label("/ten-chars", Placement.LEFT, 946, 40, 100))),
                // 60 pixels less 4 on each side leave 52: "/a-l" and the ellipsis
                Arguments.of("hemmed in on both sides: cut to fit inside with an ellipsis",
                        TimelineFixture.onA().a(2, "/", 100, 390).a(1, "/a-long-label", 400, 460).a(3, "/", 470, 900),
                        Optional.of(new Label("/a-l…", Placement.INSIDE, 504, 40, 50))),
                Arguments.of("no room anywhere: left out",
                        TimelineFixture.onA().a(2, "/", 100, 390).a(1, "/a-long-label", 400, 410).a(3, "/", 420, 900),
                        Optional.empty()),
                // the lifetime line runs through the bars (ONE_ROW): a handshake ending at x 400 takes the row
                Arguments.of("the handshake on the row left of it: not over it",
                        new TimelineFixture().connection(1, "a.lab.test", 0, 300).a(1, "/ten-chars", 320, 330)
                                .a(2, "/", 340, 900),
                        Optional.empty()),
                // #2, multiplexed beside it, runs 100..600 on the row
                Arguments.of("an earlier exchange still running past it: cut inside, not beside it",
                        TimelineFixture.onA().a(2, "/", 100, 600).a(1, "/ten-chars", 200, 230),
                        Optional.of(new Label("/…", Placement.INSIDE, 304, 40, 20))));
    }

    @ParameterizedTest(name = "a label {0}")
    @MethodSource("labelPlacements")
    void a_label_goes_inside_its_bar_else_beside_it_where_free_else_cut_inside_else_nowhere(
            String behaviour, TimelineFixture run, Optional<Label> expected) {
        assertThat(bar(run.layout(ONE_ROW), 1).label()).isEqualTo(expected);
    }

    @Test
    void labels_in_one_row_never_overlap_each_other_or_a_bar() {
        TimelineFixture run = TimelineFixture.onA();
        long t = 20;
        for (int i = 1; i <= 40; i++) {
            long length = 5 + (i * 37L) % 90;
            run.a(i, "/" + "x".repeat(1 + i % 9), t, t + length);
            t += length + (i * 53L) % 200;
        }
        TimelineLayout layout = run.layout(ONE_ROW, new TimelineViewport(100, 1100, 0, 1.5, 0, 1000));
        List<double[]> taken = new ArrayList<>();
        layout.runs().forEach(r -> taken.add(new double[] {r.x(), r.right()}));
        for (PlacedBar b : layout.bars()) {
            taken.add(new double[] {b.box().x(), b.box().right()});
            b.label().filter(l -> l.placement() != Placement.INSIDE).ifPresent(l -> taken.add(new double[] {l.x(), l.right()}));
        }
        for (int i = 0; i < taken.size(); i++) {
            for (int j = i + 1; j < taken.size(); j++) {
                double[] a = taken.get(i);
                double[] b = taken.get(j);
                assertThat(a[1] <= b[0] || b[1] <= a[0])
                        .as("[%s, %s] and [%s, %s] overlap", a[0], a[1], b[0], b[1]).isTrue();
            }
        }
        assertThat(layout.bars().stream().filter(b -> b.label().map(l -> l.placement() != Placement.INSIDE).orElse(false)))
                .as("some labels went outside").isNotEmpty();
    }

    @Test
    void labels_may_stay_inside_their_bars_only() {
        TimelineGeometry insideOnly = new TimelineGeometry(20, 10, 20, 20, 10, 20, 3, TimelineGeometry.Packing.ONE_ROW,
                false, 4);
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/ten-chars", 100, 160).layout(insideOnly);
        assertThat(label(layout, 1)).isEqualTo(new Label("/ten…", Placement.INSIDE, 204, 40, 50));
    }

    // stacked lanes

    @Test
    void a_stacked_lane_puts_a_bar_whose_label_would_overlap_an_earlier_one_on_the_next_row() {
        TimelineLayout layout = TimelineFixture.onA().a(1, "/ten-chars", 100, 150).a(2, "/", 200, 260)
                .a(3, "/", 400, 460).layout(STACKED);
        assertThat(label(layout, 1).placement()).isEqualTo(Placement.RIGHT);
        assertThat(bar(layout, 1).row()).isZero();
        assertThat(bar(layout, 2).row()).as("under the label of #1").isEqualTo(1);
        assertThat(bar(layout, 2).box().y()).isEqualTo(20 + 20 + 30);
        assertThat(bar(layout, 3).row()).as("after the label of #1").isZero();
        assertThat(layout.lanes().get(0).rows()).isEqualTo(2);
        assertThat(layout.lanes().get(0).box().height()).isEqualTo(20 + 2 * 30 + 10);
    }

    @Test
    void concurrent_exchanges_on_one_connection_stack_into_rows() {
        TimelineLayout layout = TimelineFixture.onA().a(1, "/", 100, 500).a(2, "/", 120, 480).a(3, "/", 140, 460)
                .layout(STACKED);
        assertThat(layout.bars()).extracting(PlacedBar::row).containsExactly(0, 1, 2);
    }

    @Test
    void without_outside_labels_a_stacked_lane_keeps_exchanges_one_after_the_other_on_one_row() {
        TimelineGeometry insideOnly = new TimelineGeometry(20, 20, 30, 20, 10, 10, 6, TimelineGeometry.Packing.STACKED,
                false, 4);
        TimelineFixture run = TimelineFixture.onA();
        for (int i = 1; i <= 50; i++) {
            run.a(i, "/a-label-longer-than-any-bar", i * 20L, i * 20L + 10);
        }
        TimelineLayout layout = run.layout(insideOnly);
        assertThat(layout.lanes().get(0).rows()).isEqualTo(1);
        assertThat(layout.bars()).allSatisfy(b -> assertThat(b.label()).isEmpty());
    }

    // 421s and retries

    @Test
    void a_421_has_a_flag_at_the_end_of_its_bar_saying_so_in_words() {
        TimelineLayout layout = TimelineFixture.onA()
                .misdirected(2, 1, 100, 150)
                .event(new TimelineEvent.Misdirected(700, 4, 1, "b.lab.test:8443", Optional.of("a.lab.test"), false))
                .exchange(4, 1, "b.lab.test:8443", "/", 600, 700, 421).layout(ONE_ROW);
        assertThat(layout.flags()).hasSize(2);
        TimelineLayout.Flag hidden = layout.flags().get(0);
        assertThat(hidden.marker().kind()).isEqualTo(MarkerKind.MISDIRECTED);
        assertThat(hidden.bar().bar().exchangeId()).isEqualTo(2);
        assertThat(hidden.icon()).isEqualTo(new Box(244, 19, 12, 10));
        assertThat(hidden.label().text()).isEqualTo("421 misdirected (hidden)");
        assertThat(hidden.label().x()).isEqualTo(259);
        assertThat(layout.flags().get(1).label().text()).isEqualTo("421 misdirected");
    }

    @Test
    void two_421s_side_by_side_on_one_connection_share_one_label_that_counts_them_never_words_over_words() {
        // streams 2 and 4 of one connection answered 421 at the same moment; their retries 3 and 5 ran side by side
        TimelineLayout layout = new TimelineFixture().connection(1, "a.lab.test", 0, 10)
                .connection(2, "b.lab.test", 160, 200)
                .misdirected(2, 1, 100, 150).misdirected(4, 1, 102, 152)
                .exchange(3, 2, "b.lab.test:8443", "/", 210, 300, 200)
                .exchange(5, 2, "b.lab.test:8443", "/", 211, 301, 200).layout(ONE_ROW);
        assertThat(layout.flags()).hasSize(2);
        assertThat(layout.flags()).extracting(f -> f.label().text())
                .containsExactly("2 × 421 misdirected (hidden)", "");
        assertThat(layout.arrows()).hasSize(2);
        assertThat(layout.arrows()).extracting(a -> a.label().text()).containsExactly("↻ 2 × hidden retry", "");
    }

    @Test
    void two_421s_far_apart_keep_a_label_each() {
        TimelineLayout layout = TimelineFixture.onA()
                .misdirected(2, 1, 100, 150).misdirected(4, 1, 600, 650).layout(ONE_ROW);
        assertThat(layout.flags()).extracting(f -> f.label().text())
                .containsExactly("421 misdirected (hidden)", "421 misdirected (hidden)");
    }

    @Test
    void a_421_flag_at_the_right_edge_has_its_words_on_the_left() {
        TimelineLayout layout = TimelineFixture.onA()
                .misdirected(2, 1, 900, 980).layout(ONE_ROW);
        Label words = layout.flags().get(0).label();
        assertThat(words.placement()).isEqualTo(Placement.LEFT);
        assertThat(words.right()).isEqualTo(1080 - 9);
    }

    /**
     * #2 for b.lab.test answered 421 on a.lab.test's connection (1) and retried as #3 on its own (2), whose lane is
     * below when it was opened later, above when it was opened first.
     */
    private static TimelineFixture retriedOnItsOwnLane(boolean below) {
        TimelineFixture run = below
                ? new TimelineFixture().connection(1, "a.lab.test", 0, 10).connection(2, "b.lab.test", 160, 200)
                : new TimelineFixture().connection(2, "b.lab.test", 0, 10).connection(1, "a.lab.test", 40, 50);
        return run.misdirected(2, 1, 100, 150).exchange(3, 2, "b.lab.test:8443", "/", 210, 300, 200);
    }

    @Test
    void an_arrow_runs_from_the_bottom_right_of_a_421_to_the_top_left_of_its_retry_on_a_lane_below() {
        TimelineLayout layout = retriedOnItsOwnLane(true).layout(ONE_ROW);
        RetryArrow arrow = layout.arrows().get(0);
        assertThat(arrow.from().exchangeId()).isEqualTo(2);
        assertThat(arrow.to().exchangeId()).isEqualTo(3);
        assertThat(arrow.hidden()).isTrue();
        Box from = bar(layout, 2).box();
        Box to = bar(layout, 3).box();
        assertThat(new double[] {arrow.x1(), arrow.y1(), arrow.x2(), arrow.y2()})
                .containsExactly(from.right(), from.bottom(), to.x(), to.y());
        assertThat(arrow.bendX()).as("past the farther end").isEqualTo(to.x() + 14);
        assertThat(arrow.label().text()).isEqualTo("↻ hidden retry");
        assertThat(arrow.label().x()).isEqualTo(arrow.bendX() + 4);
        assertThat(arrow.label().centerY()).isEqualTo((from.bottom() + to.y()) / 2);
    }

    @Test
    void an_arrow_to_a_retry_on_a_lane_above_runs_from_the_top_of_the_421_to_the_bottom_of_the_retry() {
        TimelineLayout layout = retriedOnItsOwnLane(false).layout(ONE_ROW);
        assertThat(bar(layout, 3).box().y()).as("the retry's lane is above").isLessThan(bar(layout, 2).box().y());
        RetryArrow arrow = layout.arrows().get(0);
        assertThat(arrow.y1()).isEqualTo(bar(layout, 2).box().y());
        assertThat(arrow.y2()).isEqualTo(bar(layout, 3).box().bottom());
    }

    @Test
    void an_arrow_still_points_at_a_retry_scrolled_out_of_view() {
        TimelineFixture run = TimelineFixture.onA();
        for (int c = 2; c <= 30; c++) {
            run.connection(c, "c" + c + ".lab.test", 0, 10);
        }
        run.misdirected(2, 1, 100, 150)
                .exchange(3, 30, "b.lab.test:8443", "/", 210, 300, 200);
        TimelineLayout layout = run.layout(ONE_ROW, new TimelineViewport(100, 1100, 0, 1, 0, 200));
        assertThat(layout.bar(3)).as("lane 30 is far below the view").isEmpty();
        RetryArrow arrow = layout.arrows().get(0);
        assertThat(arrow.y2()).isEqualTo(20 + 29 * 40 + 10);
        assertThat(arrow.x2()).isEqualTo(310);
    }

    @Test
    void an_arrow_wholly_out_of_view_is_left_out() {
        TimelineLayout layout = retriedOnItsOwnLane(true).a(4, "/", 5_000, 6_000)
                .layout(ONE_ROW, new TimelineViewport(100, 1100, 4_000, 1, 0, 1000));
        assertThat(layout.arrows()).isEmpty();
    }

    // what is laid out

    @Test
    void narrow_bars_merge_into_runs_but_421s_failures_retries_and_the_selected_bar_stay_one_by_one() {
        TimelineFixture run = TimelineFixture.onA();
        for (int i = 1; i <= 20; i++) {
            run.a(i, "/", i * 40L, i * 40L + 20);
        }
        run.misdirected(21, 1, 2_200, 2_220)
                .exchange(22, 1, "b.lab.test:8443", "/", 2_300, 2_320, 200)
                .event(new TimelineEvent.RequestSent(2_400, 23, 1, 0, 1, "GET", "a.lab.test:8443", "/"))
                .event(new TimelineEvent.ExchangeFailed(2_420, 23, 1, "reset"));
        // 20 µs a pixel: each exchange is one pixel wide, one pixel from the next
        TimelineIndex index = run.index();
        TimelineLayout layout = TimelineLayout.of(index, new TimelineViewport(100, 1100, 0, 20, 0, 1000), ONE_ROW,
                TimelineFixture.LABELS, 7);
        assertThat(layout.bars()).extracting(b -> b.bar().exchangeId()).containsExactly(7, 21, 22, 23);
        assertThat(layout.runs()).as("#1 to #6, and #8 to #20").hasSize(2);
        assertThat(layout.runs().get(0).x()).isEqualTo(102);
        assertThat(layout.runs().get(0).right()).isEqualTo(114);
        assertThat(layout.runs()).allSatisfy(r -> assertThat(r.height()).isEqualTo(14));
        assertThat(layout.visitedBars()).isEqualTo(23);
    }

    @Test
    void only_the_lanes_in_view_are_laid_out_yet_all_count_in_the_height() {
        TimelineFixture run = new TimelineFixture();
        for (int c = 1; c <= 100; c++) {
            run.connection(c, "c" + c + ".lab.test", 0, 10).exchange(c, c, "c" + c + ".lab.test:8443", "/", 20, 40, 200);
        }
        // 40 per lane, scrolled by 1000: the lanes at positions 25 to 29 show between the axis (20) and the bottom
        TimelineLayout layout = run.layout(ONE_ROW, new TimelineViewport(100, 1100, 0, 1, 1000, 220));
        assertThat(layout.lanes()).extracting(PlacedLane::connectionId).containsExactly(26, 27, 28, 29, 30);
        assertThat(layout.lanes()).extracting(PlacedLane::position).containsExactly(25, 26, 27, 28, 29);
        assertThat(layout.lanes().get(0).box().y()).isEqualTo(20 + 25 * 40 - 1000);
        assertThat(layout.visitedBars()).isEqualTo(5);
        assertThat(layout.lanesHeight()).isEqualTo(4000);
        assertThat(layout.maxScrollY()).isEqualTo(4000 - 200);
    }

    @Test
    void bars_outside_the_time_in_view_are_not_looked_at() {
        TimelineFixture run = TimelineFixture.onA();
        for (int i = 1; i <= 1000; i++) {
            run.a(i, "/", i * 100L, i * 100L + 50);
        }
        TimelineLayout layout = run.layout(ONE_ROW, new TimelineViewport(100, 1100, 50_000, 1, 0, 1000));
        assertThat(layout.bars()).extracting(b -> b.bar().exchangeId()).containsExactly(500, 501, 502, 503, 504, 505,
                506, 507, 508, 509, 510);
        assertThat(layout.visitedBars()).isEqualTo(11);
    }

    @Test
    void a_failed_connect_has_a_lane_of_its_own_with_the_failure_written_on_it() {
        TimelineLayout layout = new TimelineFixture()
                .event(new TimelineEvent.ConnectFailed(100, 4, "127.0.0.9", 8443, "connection refused"))
                .event(new TimelineEvent.RequestSent(50, 1, TimelineEvent.UNKNOWN, 0, 1, "GET", "x.lab.test:8443", "/"))
                .event(new TimelineEvent.ExchangeFailed(120, 1, TimelineEvent.UNKNOWN, "connection refused"))
                .layout(ONE_ROW);
        assertThat(layout.lanes()).extracting(PlacedLane::connectionId).containsExactly(TimelineEvent.UNKNOWN, 4);
        assertThat(layout.lanes()).allSatisfy(l -> {
            assertThat(l.lane()).isEmpty();
            assertThat(l.handshake()).isEmpty();
        });
        assertThat(layout.notes()).singleElement().satisfies(n -> {
            assertThat(n.marker().text()).contains("connection refused");
            assertThat(n.x()).isEqualTo(200);
            assertThat(n.centerY()).as("between the row and the lane's bottom").isEqualTo(60 + 10 + 20 + 5);
        });
        assertThat(layout.bar(1)).as("the failed exchange is drawn, its failure told by its bar").isPresent();
    }

    @Test
    void a_note_about_no_connection_goes_to_a_lane_of_its_own() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/", 20, 40)
                .event(new TimelineEvent.Note(50, TimelineEvent.UNKNOWN, "run cancelled after 1 of 3 requests"))
                .layout(STACKED);
        assertThat(layout.lanes()).extracting(PlacedLane::connectionId).containsExactly(1, TimelineEvent.UNKNOWN);
        assertThat(layout.notes()).singleElement().satisfies(n -> assertThat(n.marker().kind()).isEqualTo(MarkerKind.NOTE));
    }

    @Test
    void the_axis_ticks_come_with_the_layout() {
        TimelineLayout layout = TimelineFixture.onA().layout(ONE_ROW);
        assertThat(layout.ticks()).extracting(TimeAxis.Tick::micros).startsWith(0L, 100L, 200L);
    }

    // hit-testing

    @Test
    void the_bar_under_the_pointer_is_found_with_a_little_slack_either_side() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/", 100, 300).layout(ONE_ROW);
        assertThat(layout.barAt(300, 40)).map(b -> b.bar().exchangeId()).contains(1);
        assertThat(layout.barAt(198.5, 31)).as("2 px left of it").map(b -> b.bar().exchangeId()).contains(1);
        assertThat(layout.barAt(195, 40)).isEmpty();
        assertThat(layout.barAt(300, 29)).as("above it").isEmpty();
        assertThat(layout.barAt(300, 51)).as("below it").isEmpty();
    }

    @Test
    void where_bars_overlap_the_421_is_the_one_found() {
        TimelineLayout layout = TimelineFixture.onA()
                .misdirected(2, 1, 120, 160)
                .a(1, "/", 100, 300)
                .a(4, "/", 140, 200).layout(ONE_ROW);
        assertThat(layout.barAt(250, 40)).map(b -> b.bar().exchangeId()).contains(2);
        assertThat(layout.barAt(380, 40)).map(b -> b.bar().exchangeId()).contains(1);
    }

    @Test
    void pointing_at_a_bars_outside_label_or_a_421_flag_finds_the_bar() {
        TimelineLayout layout = TimelineFixture.onA()
                .a(1, "/ten-chars", 100, 150)
                .misdirected(2, 1, 600, 650).layout(ONE_ROW);
        assertThat(layout.barAt(300, 40)).as("on the label right of #1").map(b -> b.bar().exchangeId()).contains(1);
        assertThat(layout.barAt(750, 24)).as("on the 421 triangle").map(b -> b.bar().exchangeId()).contains(2);
        assertThat(layout.barAt(800, 24)).as("on the words of the 421 flag").map(b -> b.bar().exchangeId()).contains(2);
        assertThat(layout.barAt(750, 10)).as("on the axis").isEmpty();
    }

    @Test
    void the_lane_under_the_pointer_is_found() {
        TimelineLayout layout = TimelineFixture.onA()
                .connection(2, "b.lab.test", 0, 10).layout(ONE_ROW);
        assertThat(layout.laneAt(30)).map(PlacedLane::connectionId).contains(1);
        assertThat(layout.laneAt(60)).map(PlacedLane::connectionId).contains(2);
        assertThat(layout.laneAt(100)).isEmpty();
    }

    @Test
    void zooming_at_a_bar_keeps_the_same_bar_under_the_pointer() {
        TimelineFixture run = TimelineFixture.onA();
        for (int i = 1; i <= 10; i++) {
            run.a(i, "/", i * 1000L, i * 1000L + 400);
        }
        TimelineIndex index = run.index();
        TimelineViewport v = new TimelineViewport(100, 1100, 0, 12, 0, 400);
        double x = v.x(6_200);
        TimelineLayout before = TimelineLayout.of(index, v, ONE_ROW, TimelineFixture.LABELS, TimelineEvent.UNKNOWN);
        TimelineLayout after = TimelineLayout.of(index, v.zoomAt(0.1, x, index.endMicros()), ONE_ROW,
                TimelineFixture.LABELS, TimelineEvent.UNKNOWN);
        assertThat(before.barAt(x, 40)).map(b -> b.bar().exchangeId()).contains(6);
        assertThat(after.barAt(x, 40)).map(b -> b.bar().exchangeId()).contains(6);
        assertThat(after.bar(6).orElseThrow().box().width()).isEqualTo(10 * before.bar(6).orElseThrow().box().width(),
                within(1e-9));
    }
}
