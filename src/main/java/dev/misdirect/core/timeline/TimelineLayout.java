package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.Marker;

import java.util.List;
import java.util.Optional;

/**
 * The connection timeline laid out for one viewport: where each lane, bar, label, 421 flag, retry arrow, note and
 * axis tick goes, in the chart's pixels. The canvas of the workbench and the SVG of the report both draw from it,
 * so they place things the same way; what they draw there (colours, fonts, words in the gutter) is theirs.
 *
 * <p>Rules: a bar's label goes inside the bar when it fits, else beside it (right, else left) where nothing else is,
 * else it is cut to fit inside or left out; labels never overlap a bar or another label of the same row. A 421 has a
 * flag at its bar's end with text in words. A retry has an arrow from the bar it retries (bottom right) to itself
 * (top left), even when one of the two is out of view. Only what the viewport shows is laid out
 * ({@link #visitedBars()} counts the bars looked at).
 *
 * <p>Pure: {@link #of} reads its arguments only; the result is immutable and may be used on any thread.
 *
 * @param viewport    the viewport it was laid out for
 * @param geometry    the sizes and rules it was laid out with
 * @param lanes       the lanes in view, top to bottom
 * @param bars        the bars drawn one by one, lane by lane, each lane's in time order
 * @param runs        stand-ins for bars too narrow to draw one by one ({@link TimelineGeometry.Packing#ONE_ROW})
 * @param ticks       the time axis
 * @param arrows      one per retry whose curve crosses the view
 * @param flags       one per 421 bar in view
 * @param notes       failures without a bar (a failed connect) and notes, on their lanes
 * @param lanesHeight the height of all lanes, those out of view included
 * @param visitedBars how many bars were looked at (the cost of the frame)
 */
public record TimelineLayout(TimelineViewport viewport, TimelineGeometry geometry, List<PlacedLane> lanes,
                             List<PlacedBar> bars, List<Box> runs, List<TimeAxis.Tick> ticks, List<RetryArrow> arrows,
                             List<Flag> flags, List<LaneNote> notes, double lanesHeight, int visitedBars) {
    /** How far left and right of a bar a click still hits it (a bar may be a few pixels wide). */
    public static final double HIT_SLACK = 2;

    public TimelineLayout {
        lanes = List.copyOf(lanes);
        bars = List.copyOf(bars);
        runs = List.copyOf(runs);
        ticks = List.copyOf(ticks);
        arrows = List.copyOf(arrows);
        flags = List.copyOf(flags);
        notes = List.copyOf(notes);
    }

    /**
     * Lays out {@code index} for {@code viewport}.
     *
     * @param labels             the face's label texts and their widths
     * @param selectedExchangeId the selected exchange (drawn one by one however narrow), or
     *                           {@link TimelineEvent#UNKNOWN}
     */
    public static TimelineLayout of(TimelineIndex index, TimelineViewport viewport, TimelineGeometry geometry,
                                    BarLabels labels, int selectedExchangeId) {
        return new LayoutBuilder(index, viewport, geometry, labels, selectedExchangeId).build();
    }

    /** A rectangle in the chart's pixels. */
    public record Box(double x, double y, double width, double height) {
        public double right() {
            return x + width;
        }

        public double bottom() {
            return y + height;
        }

        public double centerX() {
            return x + width / 2;
        }

        public double centerY() {
            return y + height / 2;
        }

        /** Whether the point is in the box widened by {@code slack} on the left and the right. */
        public boolean contains(double px, double py, double slack) {
            return px >= x - slack && px <= right() + slack && py >= y && py <= bottom();
        }
    }

    /** Where a label sits against its bar. */
    public enum Placement { INSIDE, RIGHT, LEFT }

    /**
     * A text and its place: it starts at {@code x} and is {@code width} wide (a face that cannot measure exactly
     * should align a {@link Placement#LEFT} label's end, {@code x + width}, with its bar), centred on
     * {@code centerY}.
     */
    public record Label(String text, Placement placement, double x, double centerY, double width) {
        public double right() {
            return x + width;
        }
    }

    /**
     * One lane.
     *
     * @param position     its place among all lanes, from 0 at the top, counting those out of view (for striping)
     * @param connectionId the connection, or {@link TimelineEvent#UNKNOWN}
     * @param lane         the connection, empty when it was never established (its bars and failures still have
     *                     this lane)
     * @param box          the whole row, gutter included
     * @param rows         rows of bars in it
     * @param lifelineY    y of the lifetime line
     * @param handshake    the connect and TLS handshake segment, when the connection has one
     * @param lifeline     the connection's open time, from the handshake's end to its close (height 0), when it
     *                     was established
     */
    public record PlacedLane(int position, int connectionId, Optional<Lane> lane, Box box, int rows, double lifelineY,
                             Optional<Box> handshake, Optional<Box> lifeline) {
    }

    /**
     * One exchange drawn.
     *
     * @param box     the bar, cut to the plot
     * @param row     the row of its lane, from 0
     * @param foreign its authority is not the host of its connection's SNI
     * @param label   its label, when there is room for one
     */
    public record PlacedBar(Bar bar, Box box, int row, boolean foreign, Optional<Label> label) {
    }

    /**
     * The dashed arrow from a bar to its retry: a cubic curve from ({@code x1}, {@code y1}) to ({@code x2},
     * {@code y2}) with both control points at x {@code bendX} (at {@code y1} and {@code y2}), and its words.
     */
    public record RetryArrow(Bar from, Bar to, double x1, double y1, double x2, double y2, double bendX,
                             Label label) {
        /** The retry hid the 421 of {@code from} from the caller. */
        public boolean hidden() {
            return from.hidden();
        }
    }

    /** The mark of a 421: a warning triangle ({@code icon}) at the end of its bar and its words. */
    public record Flag(Marker marker, PlacedBar bar, Box icon, Label label) {
    }

    /** A failure without a bar, or a note, written on its lane from {@code x}, centred on {@code centerY}. */
    public record LaneNote(Marker marker, double x, double centerY) {
    }

    /**
     * The item at a point: a bar (widened by {@link #HIT_SLACK}; a 421 wins over a bar it overlaps), else the bar
     * whose 421 flag or outside label is there.
     */
    public Optional<PlacedBar> barAt(double x, double y) {
        PlacedBar best = null;
        for (PlacedBar b : bars) {
            if (b.box().contains(x, y, HIT_SLACK) && (best == null || b.bar().misdirected())) {
                best = b;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        for (Flag f : flags) {
            if (f.icon().contains(x, y, 0) || labelBox(f.label(), f.icon().height()).contains(x, y, 0)) {
                return Optional.of(f.bar());
            }
        }
        for (PlacedBar b : bars) {
            if (b.label().filter(l -> l.placement() != Placement.INSIDE)
                    .map(l -> labelBox(l, b.box().height()).contains(x, y, 0)).orElse(false)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The lane at {@code y}. */
    public Optional<PlacedLane> laneAt(double y) {
        return lanes.stream().filter(l -> y >= l.box().y() && y < l.box().bottom()).findFirst();
    }

    /** The drawn bar of this exchange, if it is in view. */
    public Optional<PlacedBar> bar(int exchangeId) {
        return bars.stream().filter(b -> b.bar().exchangeId() == exchangeId).findFirst();
    }

    /** The largest useful {@link TimelineViewport#scrollY()}: the last lane's bottom at the chart's bottom. */
    public double maxScrollY() {
        return Math.max(0, lanesHeight - (viewport.height() - geometry.axisHeight()));
    }

    private static Box labelBox(Label l, double height) {
        return new Box(l.x(), l.centerY() - height / 2, l.width(), height);
    }
}
