package dev.misdirect.core.timeline;

/**
 * The sizes and rules a face of the timeline lays it out with. A lane is {@code laneHeader}, then its rows of bars
 * ({@code rowHeight} each, the bar at the top of its row), then {@code laneFooter}; the connection's lifetime line
 * and its handshake segment are centred {@code lifelineOffset} below the lane's top.
 *
 * @param axisHeight     height of the time axis above the first lane
 * @param laneHeader     space above a lane's first row (421 flags go there)
 * @param rowHeight      height of one row of bars
 * @param barHeight      height of a bar, at most {@code rowHeight}
 * @param laneFooter     space below a lane's last row (notes go there)
 * @param lifelineOffset y of the lifetime line, from the lane's top
 * @param minBarWidth    a bar is drawn at least this wide, however short the exchange
 * @param packing        one row per lane, or as many as the lane's bars and labels need
 * @param labelsOutside  a label that does not fit inside its bar may go beside it; when false it is cut to fit
 *                       inside, or left out
 * @param labelGap       pixels between a label and the edge of its bar, and between neighbours
 */
public record TimelineGeometry(double axisHeight, double laneHeader, double rowHeight, double barHeight,
                               double laneFooter, double lifelineOffset, double minBarWidth, Packing packing,
                               boolean labelsOutside, double labelGap) {
    /** Height of the handshake segment, centred on the lifetime line. */
    public static final double HANDSHAKE_HEIGHT = 10;

    /** How a lane's bars share its height. */
    public enum Packing {
        /**
         * Every lane one row high, so lanes have a fixed height and a scrolling view lays out only the lanes it
         * shows. Bars narrower than {@code minBarWidth} merge into runs (except 421s, failures, retries and the
         * selected bar); a label goes beside its bar only where nothing else is, else it is cut or left out.
         */
        ONE_ROW,
        /**
         * A bar (with its label, when labels go outside) that would overlap an earlier one goes to the next row
         * where it fits; a lane grows by a row for each. For a chart drawn whole, such as the report's.
         */
        STACKED
    }

    public TimelineGeometry {
        if (barHeight > rowHeight) {
            throw new IllegalArgumentException("a bar (" + barHeight + ") is higher than its row (" + rowHeight + ")");
        }
    }

    /** The height of a lane with {@code rows} rows. */
    public double laneHeight(int rows) {
        return laneHeader + Math.max(1, rows) * rowHeight + laneFooter;
    }
}
