package dev.misdirect.core.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time axis of a connection timeline: tick steps of 1, 2 or 5 × 10ⁿ microseconds, and times written in the unit
 * that suits the step. Pure functions.
 */
public final class TimeAxis {
    /** About this many pixels between two ticks. */
    public static final double TICK_SPACING = 100;

    private TimeAxis() {
    }

    /**
     * One tick of the axis.
     *
     * @param micros the time it marks
     * @param x      where it is drawn
     * @param label  the time in words ("250 ms")
     */
    public record Tick(long micros, double x, String label) {
    }

    /** The smallest step of 1, 2 or 5 × 10ⁿ microseconds that is at least {@code rawMicros} (and at least 1 µs). */
    public static long niceStep(double rawMicros) {
        if (!(rawMicros > 1)) {
            return 1;
        }
        long pow = 1;
        while (pow * 10 < rawMicros) {
            pow *= 10;
        }
        for (long m : new long[] {1, 2, 5}) {
            if (pow * m >= rawMicros) {
                return pow * m;
            }
        }
        return pow * 10;
    }

    /**
     * The ticks visible in {@code viewport}, about {@link #TICK_SPACING} pixels apart, on whole multiples of the step
     * (so panning moves them, it does not relabel them).
     */
    public static List<Tick> ticks(TimelineViewport viewport) {
        long step = niceStep(TICK_SPACING * viewport.microsPerPixel());
        List<Tick> ticks = new ArrayList<>();
        long first = (long) Math.ceil(viewport.originMicros() / step) * step;
        for (long t = first; viewport.x(t) <= viewport.plotRight(); t += step) {
            ticks.add(new Tick(t, viewport.x(t), label(t, step)));
        }
        return ticks;
    }

    /** A time in the unit that suits {@code step}: µs, ms or s, one decimal at most ("2.5 ms", "40 µs", "12 s"). */
    public static String label(long micros, long step) {
        if (step >= 1_000_000 || Math.abs(micros) >= 10_000_000) {
            return trim(micros / 1_000_000.0) + " s";
        }
        if (step >= 1000 || Math.abs(micros) >= 1000) {
            return trim(micros / 1000.0) + " ms";
        }
        return micros + " µs";
    }

    /** A duration in the unit that suits it ({@link #label} with a step of 1 µs). */
    public static String duration(long micros) {
        return label(micros, 1);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
