package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;

/**
 * What a face writes on its bars and how wide its texts are, for {@link TimelineLayout#of}. Called on the thread
 * that lays out, once per bar in view; must not block.
 */
public interface BarLabels {
    /**
     * The label of {@code bar}.
     *
     * @param foreign the bar's authority is not the host of its connection's SNI (it travelled on a coalesced
     *                connection)
     */
    String text(Bar bar, boolean foreign);

    /** The width of {@code text} in pixels, as the face will draw it (measured, or estimated). */
    double width(String text);
}
