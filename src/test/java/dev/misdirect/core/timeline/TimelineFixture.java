package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small runs written event by event, and layout settings with round numbers: time 0 at x 100, one microsecond per
 * pixel, labels 10 pixels a character whose text is the exchange's path (so a test chooses a label's width).
 */
final class TimelineFixture {
    static final double PLOT_LEFT = 100;
    static final double PLOT_RIGHT = 1100;

    /** Lanes of 40: 10 above the bars, a row of 20 with the lifetime line through its middle, 10 below. */
    static final TimelineGeometry ONE_ROW = new TimelineGeometry(20, 10, 20, 20, 10, 20, 3,
            TimelineGeometry.Packing.ONE_ROW, true, 4);
    /** Lanes of 30 per row plus 30: the lifetime line above the rows (y 10), bars 20 high in rows of 30. */
    static final TimelineGeometry STACKED = new TimelineGeometry(20, 20, 30, 20, 10, 10, 6,
            TimelineGeometry.Packing.STACKED, true, 4);

    static final BarLabels LABELS = new BarLabels() {
        @Override
        public String text(Bar bar, boolean foreign) {
            return bar.path() + (foreign ? "≠" : "");
        }

        @Override
        public double width(String text) {
            return text.length() * 10.0;
        }
    };

    private final List<TimelineEvent> events = new ArrayList<>();

    /** A run with connection 1 to a.lab.test, established from 0 to 10 µs. */
    static TimelineFixture onA() {
        return new TimelineFixture().connection(1, "a.lab.test", 0, 10);
    }

    /** An exchange for a.lab.test on connection 1 answered 200; {@code path} is its label. */
    TimelineFixture a(int id, String path, long start, long end) {
        return exchange(id, 1, "a.lab.test:8443", path, start, end, 200);
    }

    /** A connection with SNI {@code sni}: connect at {@code connectAt}, TLS done at {@code tlsEnd}. */
    TimelineFixture connection(int id, String sni, long connectAt, long tlsEnd) {
        events.add(new TimelineEvent.ConnectionOpened(tlsEnd, id, "127.0.0.1", 8443, 40_000 + id, Optional.of(sni), "h2",
                Optional.of("TLSv1.3"), Optional.empty(), connectAt, connectAt, tlsEnd));
        return this;
    }

    /** An exchange answered {@code status}; {@code path} is its label. */
    TimelineFixture exchange(int id, int connection, String authority, String path, long start, long end, int status) {
        events.add(new TimelineEvent.RequestSent(start, id, connection, 0, 1, "GET", authority, path));
        events.add(new TimelineEvent.ResponseReceived(end, id, connection, status, "h2"));
        return this;
    }

    /**
     * Exchange {@code id} for b.lab.test on {@code connection}, answered 421 and retried as exchange {@code id + 1}
     * (which the test may add), the 421 hidden from the caller.
     */
    TimelineFixture misdirected(int id, int connection, long start, long end) {
        exchange(id, connection, "b.lab.test:8443", "/", start, end, 421);
        events.add(new TimelineEvent.Misdirected(end, id, connection, "b.lab.test:8443", Optional.of("a.lab.test"), true));
        events.add(new TimelineEvent.RetryScheduled(end, id, id + 1, "421 on a coalesced connection"));
        return this;
    }

    TimelineFixture event(TimelineEvent e) {
        events.add(e);
        return this;
    }

    TimelineIndex index() {
        return TimelineIndex.of(ConnectionTimeline.of(events));
    }

    /** One microsecond per pixel from time 0, tall enough for everything. */
    static TimelineViewport viewport() {
        return new TimelineViewport(PLOT_LEFT, PLOT_RIGHT, 0, 1, 0, 1000);
    }

    TimelineLayout layout(TimelineGeometry geometry) {
        return TimelineLayout.of(index(), viewport(), geometry, LABELS, TimelineEvent.UNKNOWN);
    }

    TimelineLayout layout(TimelineGeometry geometry, TimelineViewport viewport) {
        return TimelineLayout.of(index(), viewport, geometry, LABELS, TimelineEvent.UNKNOWN);
    }
}
