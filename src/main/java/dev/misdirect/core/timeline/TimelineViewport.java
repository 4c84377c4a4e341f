package dev.misdirect.core.timeline;

/**
 * Which part of a run a timeline shows, and where: time runs left to right from {@code originMicros} at
 * {@code plotLeft}, {@code microsPerPixel} per pixel (the zoom); lanes run top to bottom, moved up by
 * {@code scrollY}. Coordinates are the chart's own pixels. Immutable; zooming and panning return a new viewport.
 *
 * @param plotLeft       x of the plot's left edge (left of it is the gutter with the lane names)
 * @param plotRight      x of the right edge of what is drawn: bars are cut and labels kept left of it
 * @param originMicros   the time at {@code plotLeft}
 * @param microsPerPixel the zoom, more than 0
 * @param scrollY        how far the lanes are scrolled up, in pixels, 0 or more
 * @param height         the height of the chart (axis included); lanes below it are not laid out
 */
public record TimelineViewport(double plotLeft, double plotRight, double originMicros, double microsPerPixel,
                               double scrollY, double height) {
    /** The deepest zoom: a hundredth of a microsecond per pixel. */
    public static final double MIN_MICROS_PER_PIXEL = 0.01;

    public TimelineViewport {
        if (!(microsPerPixel > 0) || Double.isInfinite(microsPerPixel)) {
            throw new IllegalArgumentException("microsPerPixel must be a positive number: " + microsPerPixel);
        }
    }

    /**
     * The whole run of {@code index} between {@code plotLeft} and {@code plotRight - rightMargin}, from a little
     * before the first thing drawn (a run's first milliseconds often hold nothing but name resolution) to its end,
     * the first lane at the top.
     *
     * @param rightMargin pixels kept free right of the run's end, for the labels of its last bars
     */
    public static TimelineViewport fit(TimelineIndex index, double plotLeft, double plotRight, double rightMargin,
                                       double height) {
        long end = Math.max(1, index.endMicros());
        long first = Math.min(index.firstMicros(), end - 1);
        long origin = Math.max(0, first - (end - first) / 50);
        double width = Math.max(40, plotRight - rightMargin - plotLeft);
        return new TimelineViewport(plotLeft, plotRight, origin, (end - origin) / width, 0, height);
    }

    /** Where {@code micros} is drawn. */
    public double x(double micros) {
        return plotLeft + (micros - originMicros) / microsPerPixel;
    }

    /** The time drawn at {@code x}. */
    public double micros(double x) {
        return originMicros + (x - plotLeft) * microsPerPixel;
    }

    /** The time at the right edge. */
    public double endMicros() {
        return micros(plotRight);
    }

    /**
     * Zoomed by {@code factor} (below 1 zooms in) around {@code x}: the time under {@code x} stays under it. An
     * {@code x} in the gutter zooms around the plot's left edge. The zoom stays between
     * {@link #MIN_MICROS_PER_PIXEL} and a tenth of {@code runMicros} per pixel (the whole run in ten pixels).
     */
    public TimelineViewport zoomAt(double factor, double x, long runMicros) {
        double at = Math.max(x, plotLeft);
        double keep = micros(at);
        double next = clamp(microsPerPixel * factor, MIN_MICROS_PER_PIXEL,
                Math.max(MIN_MICROS_PER_PIXEL, Math.max(1, runMicros) / 10.0));
        return new TimelineViewport(plotLeft, plotRight, keep - (at - plotLeft) * next, next, scrollY, height);
    }

    /**
     * Moved by a drag of {@code dx}, {@code dy} pixels: the content follows the pointer. The scroll stays between 0
     * and {@code maxScrollY} (see {@link TimelineLayout#maxScrollY()}).
     */
    public TimelineViewport panBy(double dx, double dy, double maxScrollY) {
        return new TimelineViewport(plotLeft, plotRight, originMicros - dx * microsPerPixel, microsPerPixel,
                clamp(scrollY - dy, 0, Math.max(0, maxScrollY)), height);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
