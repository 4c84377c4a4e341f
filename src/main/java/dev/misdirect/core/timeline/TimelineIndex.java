package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.Marker;
import dev.misdirect.core.timeline.ConnectionTimeline.MarkerKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ConnectionTimeline} arranged for laying out many times (every frame of a scrolling chart): one track per
 * connection, its bars sorted by start with a running maximum of their ends, so the bars in a time window are found
 * by binary search. Built once per timeline; immutable and thread-safe.
 *
 * <p>The tracks are the timeline's lanes in order, then one per connection id that exchanges or failures name
 * without an established connection (a connect that failed, {@link TimelineEvent#UNKNOWN} for no connection at all),
 * so every bar and every failure has a place.
 */
public final class TimelineIndex {
    private final ConnectionTimeline timeline;
    private final List<Track> tracks;
    private final Map<Integer, Integer> trackOfConnection;
    private final Map<Integer, Bar> barOfExchange;
    private final Map<Integer, Marker> misdirectedMarker;
    private final List<Bar> retries;
    private final long firstMicros;

    private TimelineIndex(ConnectionTimeline timeline, List<Track> tracks, Map<Integer, Bar> barOfExchange,
                          Map<Integer, Marker> misdirectedMarker, List<Bar> retries, long firstMicros) {
        this.timeline = timeline;
        this.tracks = List.copyOf(tracks);
        this.barOfExchange = barOfExchange;
        this.misdirectedMarker = misdirectedMarker;
        this.retries = List.copyOf(retries);
        this.firstMicros = firstMicros;
        Map<Integer, Integer> trackOf = new HashMap<>();
        for (int i = 0; i < this.tracks.size(); i++) {
            trackOf.put(this.tracks.get(i).connectionId, i);
        }
        this.trackOfConnection = trackOf;
    }

    public static TimelineIndex of(ConnectionTimeline timeline) {
        Map<Integer, Optional<Lane>> order = new LinkedHashMap<>();
        timeline.lanes().forEach(l -> order.put(l.connectionId(), Optional.of(l)));
        Map<Integer, List<Bar>> barsOn = new HashMap<>();
        Map<Integer, Bar> barOf = new HashMap<>();
        List<Bar> retries = new ArrayList<>();
        long first = Long.MAX_VALUE;
        for (Lane l : timeline.lanes()) {
            first = Math.min(first, Math.max(0, l.connectStartMicros()));
        }
        for (Bar b : timeline.bars()) {
            order.putIfAbsent(b.connectionId(), Optional.empty());
            barsOn.computeIfAbsent(b.connectionId(), k -> new ArrayList<>()).add(b);
            barOf.put(b.exchangeId(), b);
            first = Math.min(first, b.startMicros());
        }
        for (Bar b : timeline.bars()) {
            if (b.retryOf() != TimelineEvent.UNKNOWN && barOf.containsKey(b.retryOf())) {
                retries.add(b);
            }
        }
        Map<Integer, List<Marker>> notesOn = new HashMap<>();
        Map<Integer, Marker> misdirected = new HashMap<>();
        for (Marker m : timeline.markers()) {
            first = Math.min(first, m.atMicros());
            if (m.kind() == MarkerKind.MISDIRECTED) {
                misdirected.putIfAbsent(m.exchangeId(), m);
            } else if (m.kind() == MarkerKind.NOTE
                    || m.kind() == MarkerKind.FAILURE && !barOf.containsKey(m.exchangeId())) {
                // a failure with a bar is told by the bar; one without (a failed connect) is a note on its track
                order.putIfAbsent(m.connectionId(), Optional.empty());
                notesOn.computeIfAbsent(m.connectionId(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Track> tracks = new ArrayList<>();
        order.forEach((id, lane) -> tracks.add(new Track(id, lane, barsOn.getOrDefault(id, List.of()),
                notesOn.getOrDefault(id, List.of()))));
        return new TimelineIndex(timeline, tracks, barOf, misdirected, retries,
                first == Long.MAX_VALUE ? 0 : first);
    }

    /** The timeline this index was built from. */
    public ConnectionTimeline timeline() {
        return timeline;
    }

    /** Number of tracks (lanes, plus one per connection id named without an established connection). */
    public int trackCount() {
        return tracks.size();
    }

    /** The time of the first thing drawn (a connect, a request or a marker), 0 for an empty timeline. */
    public long firstMicros() {
        return firstMicros;
    }

    /** The end of the run. */
    public long endMicros() {
        return timeline.endMicros();
    }

    /** The bar of this exchange. */
    public Optional<Bar> bar(int exchangeId) {
        return Optional.ofNullable(barOfExchange.get(exchangeId));
    }

    List<Track> tracks() {
        return tracks;
    }

    Optional<Marker> misdirectedMarker(int exchangeId) {
        return Optional.ofNullable(misdirectedMarker.get(exchangeId));
    }

    /** Bars that retry another bar of this timeline, in the order they were sent. */
    List<Bar> retries() {
        return retries;
    }

    int trackOf(int connectionId) {
        return trackOfConnection.getOrDefault(connectionId, -1);
    }

    /** One connection's lane: its bars sorted by start, and the notes drawn on it. */
    static final class Track {
        final int connectionId;
        final Optional<Lane> lane;
        final Bar[] bars;
        /** {@code maxEnd[i]}: the latest end of {@code bars[0..i]}, for the binary search. */
        final long[] maxEnd;
        final List<Marker> notes;

        Track(int connectionId, Optional<Lane> lane, List<Bar> bars, List<Marker> notes) {
            this.connectionId = connectionId;
            this.lane = lane;
            this.bars = bars.toArray(Bar[]::new);
            Arrays.sort(this.bars, Comparator.comparingLong(Bar::startMicros));
            this.maxEnd = new long[this.bars.length];
            long m = Long.MIN_VALUE;
            for (int i = 0; i < this.bars.length; i++) {
                m = Math.max(m, this.bars[i].endMicros());
                maxEnd[i] = m;
            }
            this.notes = List.copyOf(notes);
        }

        /** The first index from which bars may still be visible at {@code t} (no earlier bar ends at or after it). */
        int firstEndingAfter(double t) {
            int lo = 0;
            int hi = bars.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (maxEnd[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
