/**
 * Connection-timeline data: the sealed family of {@link dev.misdirect.core.timeline.TimelineEvent}s that a
 * replay recorder or an importer emits, and {@link dev.misdirect.core.timeline.ConnectionTimeline}, the laid-out
 * view (lanes per connection, bars per exchange, markers) built from them. JDK only: no OkHttp, no JavaFX, and
 * no dependency on the rest of core.
 */
package dev.misdirect.core.timeline;
