package dev.misdirect.core.model;

/**
 * Phase durations in microseconds; {@link #NOT_MEASURED} (-1) when the phase did not run.
 */
public record PhaseTimings(long dnsMicros, long connectMicros, long tlsMicros) {
    public static final long NOT_MEASURED = -1;

    public static PhaseTimings none() {
        return new PhaseTimings(NOT_MEASURED, NOT_MEASURED, NOT_MEASURED);
    }
}
