package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.Marker;
import dev.misdirect.core.timeline.TimelineGeometry.Packing;
import dev.misdirect.core.timeline.TimelineLayout.Box;
import dev.misdirect.core.timeline.TimelineLayout.Flag;
import dev.misdirect.core.timeline.TimelineLayout.Label;
import dev.misdirect.core.timeline.TimelineLayout.LaneNote;
import dev.misdirect.core.timeline.TimelineLayout.PlacedBar;
import dev.misdirect.core.timeline.TimelineLayout.PlacedLane;
import dev.misdirect.core.timeline.TimelineLayout.Placement;
import dev.misdirect.core.timeline.TimelineLayout.RetryArrow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The algorithm behind {@link TimelineLayout#of}: one pass over the lanes in view, then flags and arrows. */
final class LayoutBuilder {
    /** The 421 triangle: its width and height, and the gap from its centre to its words. */
    private static final double FLAG_WIDTH = 12;
    private static final double FLAG_HEIGHT = 10;
    private static final double FLAG_TEXT_GAP = 9;
    /** How far right of the farther bar end a retry arrow bends. */
    private static final double ARROW_BEND = 14;
    private static final String ELLIPSIS = "…";

    private final TimelineIndex index;
    private final TimelineViewport vp;
    private final TimelineGeometry g;
    private final BarLabels labels;
    private final int selected;

    private final List<PlacedLane> lanes = new ArrayList<>();
    private final List<PlacedBar> bars = new ArrayList<>();
    private final List<Box> runs = new ArrayList<>();
    private final List<LaneNote> notes = new ArrayList<>();
    private final Map<Integer, PlacedBar> placed = new HashMap<>();
    private final double[] trackTop;
    private int visited;

    LayoutBuilder(TimelineIndex index, TimelineViewport viewport, TimelineGeometry geometry, BarLabels labels,
                  int selectedExchangeId) {
        this.index = index;
        this.vp = viewport;
        this.g = geometry;
        this.labels = labels;
        this.selected = selectedExchangeId;
        this.trackTop = new double[index.trackCount()];
    }

    TimelineLayout build() {
        double first = g.axisHeight() - vp.scrollY();
        double y = first;
        List<TimelineIndex.Track> tracks = index.tracks();
        for (int i = 0; i < tracks.size(); i++) {
            trackTop[i] = y;
            if (g.packing() == Packing.ONE_ROW) {
                double h = g.laneHeight(1);
                if (y + h <= g.axisHeight() || y >= vp.height()) {
                    y += h; // out of view: its height is known without laying it out
                    continue;
                }
            }
            y += lane(i, tracks.get(i), y);
        }
        return new TimelineLayout(vp, g, lanes, bars, runs, TimeAxis.ticks(vp), arrows(), flags(), notes, y - first,
                visited);
    }

    /** Lays out one track from {@code top}; returns its height. */
    private double lane(int position, TimelineIndex.Track track, double top) {
        double lifelineY = top + g.lifelineOffset();
        Optional<Box> handshake = track.lane.filter(l -> l.tlsEndMicros() > 0 || l.connectStartMicros() > 0)
                .map(l -> {
                    double x0 = vp.x(Math.max(0, l.connectStartMicros()));
                    double x1 = Math.max(x0 + 3, vp.x(Math.max(l.tlsEndMicros(), l.connectStartMicros())));
                    return new Box(x0, lifelineY - TimelineGeometry.HANDSHAKE_HEIGHT / 2, x1 - x0,
                            TimelineGeometry.HANDSHAKE_HEIGHT);
                });
        Optional<Box> lifeline = track.lane.map(l -> {
            double from = vp.x(Math.max(0, Math.max(l.tlsEndMicros(), l.connectStartMicros())));
            double to = vp.x(Math.max(l.closedMicros(), l.tlsEndMicros()));
            return new Box(from, lifelineY, Math.max(0, to - from), 0);
        });
        int rows = bars(track, top, handshake);
        double height = g.laneHeight(rows);
        lanes.add(new PlacedLane(position, track.connectionId, track.lane, new Box(0, top, vp.plotRight(), height), rows,
                lifelineY, handshake, lifeline));
        double noteY = (rowTop(top, rows - 1) + g.barHeight() + top + height) / 2;
        for (Marker m : track.notes) {
            double x = vp.x(m.atMicros());
            if (x <= vp.plotRight()) {
                notes.add(new LaneNote(m, x, noteY));
            }
        }
        return height;
    }

    private double rowTop(double laneTop, int row) {
        return laneTop + g.laneHeader() + row * g.rowHeight();
    }

    /**
     * Places the track's bars in view and their labels; returns the number of rows used. {@code ends} holds, per
     * row, the right-most x taken so far (a bar, a label, or the handshake where it crosses the row).
     */
    private int bars(TimelineIndex.Track track, double top, Optional<Box> handshake) {
        List<Double> ends = new ArrayList<>();
        ends.add(obstacle(handshake, top, 0));
        Bar[] all = track.bars;
        double runStart = Double.NaN;
        double runEnd = Double.NaN;
        double tMax = vp.endMicros();
        for (int i = track.firstEndingAfter(vp.originMicros()); i < all.length && all[i].startMicros() <= tMax; i++) {
            Bar b = all[i];
            visited++;
            double x0 = vp.x(b.startMicros());
            double x1 = vp.x(b.endMicros());
            boolean important = b.misdirected() || b.failed() || b.retryOf() != TimelineEvent.UNKNOWN
                    || b.exchangeId() == selected;
            if (g.packing() == Packing.ONE_ROW && x1 - x0 < g.minBarWidth() && !important) {
                if (!Double.isNaN(runStart) && x0 <= runEnd + 1) {
                    runEnd = Math.max(runEnd, x1 + 1);
                } else {
                    run(runStart, runEnd, top, ends);
                    runStart = x0;
                    runEnd = x1 + 1;
                }
                continue;
            }
            run(runStart, runEnd, top, ends);
            runStart = Double.NaN;
            double left = Math.max(x0, vp.plotLeft());
            double right = Math.max(left + g.minBarWidth(), Math.min(x1, vp.plotRight()));
            boolean foreign = track.lane.flatMap(Lane::sni)
                    .map(sni -> !ConnectionTimeline.sameHost(sni, b.authority())).orElse(false);
            String text = labels.text(b, foreign);
            double width = labels.width(text);
            int row;
            Optional<Label> label;
            if (g.packing() == Packing.ONE_ROW) {
                row = 0;
                double nextLeft = i + 1 < all.length ? vp.x(all[i + 1].startMicros()) : Double.POSITIVE_INFINITY;
                label = label(text, width, left, right, ends.get(0), Math.min(nextLeft - g.labelGap(), vp.plotRight()),
                        rowTop(top, 0));
            } else {
                // the label's place is chosen first; then the bar goes to the first row with room for both
                Optional<Label> free = label(text, width, left, right, Double.NEGATIVE_INFINITY, vp.plotRight(), 0);
                double spanStart = free.filter(l -> l.placement() != Placement.INSIDE).map(l -> Math.min(l.x(), left))
                        .orElse(left);
                row = 0;
                while (true) {
                    if (row == ends.size()) {
                        ends.add(obstacle(handshake, top, row));
                    }
                    if (ends.get(row) <= spanStart - g.labelGap()) {
                        break;
                    }
                    row++;
                }
                double y = rowTop(top, row) + g.barHeight() / 2;
                label = free.map(l -> new Label(l.text(), l.placement(), l.x(), y, l.width()));
            }
            double end = label.filter(l -> l.placement() == Placement.RIGHT).map(Label::right).orElse(right);
            ends.set(row, Math.max(ends.get(row), end));
            PlacedBar p = new PlacedBar(b, new Box(left, rowTop(top, row), right - left, g.barHeight()), row, foreign,
                    label);
            bars.add(p);
            placed.put(b.exchangeId(), p);
        }
        run(runStart, runEnd, top, ends);
        return ends.size();
    }

    /**
     * The label's place: inside when it fits, else right of the bar up to {@code rightLimit}, else left of it after
     * {@code taken} (the right-most x already used in the row), else cut to fit inside, else none.
     */
    private Optional<Label> label(String text, double width, double left, double right, double taken,
                                  double rightLimit, double rowTop) {
        double y = rowTop + g.barHeight() / 2;
        double gap = g.labelGap();
        double inside = right - left - 2 * gap;
        if (width <= inside) {
            return Optional.of(new Label(text, Placement.INSIDE, left + gap, y, width));
        }
        if (g.labelsOutside() && taken <= right && right + gap + width <= rightLimit) {
            return Optional.of(new Label(text, Placement.RIGHT, right + gap, y, width));
        }
        if (g.labelsOutside() && left - gap - width >= Math.max(taken + gap, vp.plotLeft())) {
            return Optional.of(new Label(text, Placement.LEFT, left - gap - width, y, width));
        }
        String cut = cut(text, inside);
        return cut.isEmpty() ? Optional.empty()
                : Optional.of(new Label(cut, Placement.INSIDE, left + gap, y, labels.width(cut)));
    }

    /** The longest start of {@code text} that fits {@code room} pixels with an ellipsis, or "" when none does. */
    private String cut(String text, double room) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (labels.width(text.substring(0, mid) + ELLIPSIS) <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : text.substring(0, lo) + ELLIPSIS;
    }

    /** The handshake's right edge when it crosses {@code row} (it is drawn there too), else nothing taken. */
    private double obstacle(Optional<Box> handshake, double laneTop, int row) {
        double y0 = rowTop(laneTop, row);
        return handshake.filter(h -> h.y() < y0 + g.barHeight() && h.bottom() > y0).map(Box::right)
                .orElse(Double.NEGATIVE_INFINITY);
    }

    /** Ends a merged run of narrow bars (nothing when none is open). */
    private void run(double start, double end, double laneTop, List<Double> ends) {
        if (Double.isNaN(start)) {
            return;
        }
        double left = Math.max(vp.plotLeft(), start);
        if (end > left) {
            // a little thinner than a bar, so a run never passes for one exchange
            runs.add(new Box(left, rowTop(laneTop, 0) + 3, end - left, g.barHeight() - 6));
            ends.set(0, Math.max(ends.get(0), end));
        }
    }

    private List<Flag> flags() {
        List<Flag> flags = new ArrayList<>();
        for (PlacedBar p : bars) {
            if (!p.bar().misdirected()) {
                continue;
            }
            index.misdirectedMarker(p.bar().exchangeId()).ifPresent(m -> {
                double x = p.box().right();
                Box icon = new Box(x - FLAG_WIDTH / 2, p.box().y() - FLAG_HEIGHT - 1, FLAG_WIDTH, FLAG_HEIGHT);
                String text = p.bar().hidden() ? "421 misdirected (hidden)" : "421 misdirected";
                Label label = beside(text, x + FLAG_TEXT_GAP, x - FLAG_TEXT_GAP, icon.centerY());
                // 421s side by side (parallel streams) share one label that counts them, never words over words
                int under = sameLine(flags.stream().map(Flag::label).toList(), label);
                if (under >= 0) {
                    Flag first = flags.get(under);
                    int n = counted(first.label().text()) + 1;
                    flags.set(under, new Flag(first.marker(), first.bar(), first.icon(), relabel(first.label(),
                            n + " × " + text)));
                    label = new Label("", label.placement(), label.x(), label.centerY(), 0);
                }
                flags.add(new Flag(m, p, icon, label));
            });
        }
        return flags;
    }

    /** The first of {@code placed} whose words would overlap {@code l}'s on its line, or -1. */
    private static int sameLine(List<Label> placed, Label l) {
        for (int i = 0; i < placed.size(); i++) {
            Label o = placed.get(i);
            if (!o.text().isEmpty() && Math.abs(o.centerY() - l.centerY()) < FLAG_HEIGHT && o.x() < l.right()
                    && l.x() < o.right()) {
                return i;
            }
        }
        return -1;
    }

    /** How many a label counts: {@code n} for "n × …", else 1. */
    private static int counted(String text) {
        int at = text.indexOf(" × ");
        if (at > 0) {
            try {
                return Integer.parseInt(text.substring(0, at));
            } catch (NumberFormatException notACount) {
                return 1;
            }
        }
        return 1;
    }

    /** {@code l} with other words, placed as {@code l} was (right of its anchor, or ending where it ended). */
    private Label relabel(Label l, String text) {
        double w = labels.width(text);
        return l.placement() == Placement.LEFT ? new Label(text, Placement.LEFT, l.right() - w, l.centerY(), w)
                : new Label(text, l.placement(), l.x(), l.centerY(), w);
    }

    private List<RetryArrow> arrows() {
        List<RetryArrow> arrows = new ArrayList<>();
        for (Bar to : index.retries()) {
            Bar from = index.bar(to.retryOf()).orElseThrow();
            Optional<Box> a = boxOf(from);
            Optional<Box> b = boxOf(to);
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            double x1 = a.get().right();
            double x2 = b.get().x();
            boolean down = b.get().y() > a.get().y();
            double y1 = down ? a.get().bottom() : a.get().y();
            double y2 = down ? b.get().y() : b.get().bottom();
            double bend = Math.max(x1, x2) + ARROW_BEND;
            // decided on the curve alone, before its words are measured: a run may hold many retries out of view
            boolean inView = bend >= vp.plotLeft() && Math.min(x1, x2) <= vp.plotRight()
                    && Math.max(y1, y2) >= g.axisHeight() && Math.min(y1, y2) <= vp.height();
            if (inView) {
                String text = from.hidden() ? "hidden retry" : "retry";
                Label label = beside("↻ " + text, bend + 4, Math.min(x1, x2) - 6, (y1 + y2) / 2);
                int under = sameLine(arrows.stream().map(RetryArrow::label).toList(), label);
                if (under >= 0) {
                    RetryArrow first = arrows.get(under);
                    int n = counted(first.label().text().replaceFirst("^↻ ", "")) + 1;
                    arrows.set(under, new RetryArrow(first.from(), first.to(), first.x1(), first.y1(), first.x2(),
                            first.y2(), first.bendX(), relabel(first.label(), "↻ " + n + " × " + text)));
                    label = new Label("", label.placement(), label.x(), label.centerY(), 0);
                }
                arrows.add(new RetryArrow(from, to, x1, y1, x2, y2, bend, label));
            }
        }
        return arrows;
    }

    /** Words starting at {@code x}, or ending at {@code xEnd} when they would run past the plot's right edge. */
    private Label beside(String text, double x, double xEnd, double centerY) {
        double w = labels.width(text);
        return x + w <= vp.plotRight() ? new Label(text, Placement.RIGHT, x, centerY, w)
                : new Label(text, Placement.LEFT, xEnd - w, centerY, w);
    }

    /**
     * Where a bar is, laid out or not: with one row per lane a bar out of view is where it would be drawn (so an
     * arrow to it still points the right way); in stacked lanes only a laid-out bar has a place.
     */
    private Optional<Box> boxOf(Bar bar) {
        PlacedBar p = placed.get(bar.exchangeId());
        if (p != null) {
            return Optional.of(p.box());
        }
        int track = index.trackOf(bar.connectionId());
        if (g.packing() != Packing.ONE_ROW || track < 0) {
            return Optional.empty();
        }
        double left = vp.x(bar.startMicros());
        double right = Math.max(left + g.minBarWidth(), vp.x(bar.endMicros()));
        return Optional.of(new Box(left, rowTop(trackTop[track], 0), right - left, g.barHeight()));
    }
}
