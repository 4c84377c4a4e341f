/**
 * Connection-timeline data and its one layout. The sealed family of
 * {@link dev.misdirect.core.timeline.TimelineEvent}s that a replay recorder or an importer emits (its Javadoc tells
 * how they pair and nest); {@link dev.misdirect.core.timeline.ConnectionTimeline}, the lanes per connection, bars per
 * exchange and markers built from them; and {@link dev.misdirect.core.timeline.TimelineLayout}, where each of those
 * goes for a {@link dev.misdirect.core.timeline.TimelineViewport} (lanes, bars, labels, 421 flags, retry arrows,
 * axis ticks, hit-testing), which both the workbench's canvas and the report's SVG draw. JDK only: no OkHttp, no
 * JavaFX, and no dependency on the rest of core.
 */
package dev.misdirect.core.timeline;
