package dev.misdirect.ui.controls;

import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.Marker;
import dev.misdirect.core.timeline.ConnectionTimeline.MarkerKind;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.SkinBase;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a {@link TimelineChart} on one canvas. Only the lanes and bars inside the viewport are visited (lanes by
 * index from the scroll offset, bars by binary search on their start time); bars narrower than a few pixels are
 * merged into runs (level of detail), except 421s, which are always drawn one by one. {@link #layout()} returns
 * what the last frame drew, with boxes in the control's coordinates, so tests and tools can find a bar.
 */
public class TimelineChartSkin extends SkinBase<TimelineChart> {
    static final double GUTTER = 270;
    static final double AXIS = 26;
    static final double LANE_HEIGHT = 44;
    static final double BAR_HEIGHT = 22;
    static final double MIN_BAR = 3;

    /** A lane as drawn: its connection and its row box (gutter included). */
    public record LaneBox(Lane lane, Bounds box) {
    }

    /** An exchange as drawn, with its box. */
    public record BarBox(Bar bar, Bounds box) {
    }

    /** A marker as drawn (icon and text above its bar). */
    public record MarkerBox(Marker marker, Bounds box) {
    }

    /**
     * What the last frame drew.
     *
     * @param mergedRuns how many level-of-detail runs stood in for bars too narrow to draw one by one
     */
    public record Layout(List<LaneBox> lanes, List<BarBox> bars, List<MarkerBox> markers, int mergedRuns) {
        /** The drawn bar of this exchange, if it is in view. */
        public Optional<BarBox> bar(int exchangeId) {
            return bars.stream().filter(b -> b.bar().exchangeId() == exchangeId).findFirst();
        }
    }

    private final Canvas canvas = new Canvas();
    private Index index = Index.of(ConnectionTimeline.empty());
    private Layout layout = new Layout(List.of(), List.of(), List.of(), 0);
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;
    private boolean fitPending = true;

    public TimelineChartSkin(TimelineChart chart) {
        super(chart);
        getChildren().add(canvas);
        canvas.setManaged(false);
        registerChangeListener(chart.timelineProperty(), o -> {
            index = Index.of(chart.getTimeline());
            fitPending = true;
            chart.requestLayout();
            draw();
        });
        registerChangeListener(chart.selectedBarProperty(), o -> draw());
        registerChangeListener(chart.originMicrosProperty(), o -> draw());
        registerChangeListener(chart.microsPerPixelProperty(), o -> draw());
        registerChangeListener(chart.scrollYProperty(), o -> draw());
        chart.colorProperties().forEach(p -> registerChangeListener(p, o -> draw()));
        index = Index.of(chart.getTimeline());

        chart.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragged = false;
            chart.requestFocus();
        });
        chart.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) {
                dragged = true;
            }
            if (dragged) {
                panBy(e.getX() - lastX, e.getY() - lastY);
            }
            lastX = e.getX();
            lastY = e.getY();
        });
        chart.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (!dragged) {
                chart.setSelectedBar(hit(e.getX(), e.getY()).map(BarBox::bar).orElse(null));
            }
        });
        chart.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.isShiftDown() || e.isControlDown()) {
                panBy(0, e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX());
            } else if (e.getDeltaY() != 0) {
                zoomAt(Math.pow(1.25, -e.getDeltaY() / 40.0), e.getX());
            }
            e.consume();
        });
        chart.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case PLUS, ADD, EQUALS -> zoomAt(1 / 1.5, plotCenterX());
                case MINUS, SUBTRACT -> zoomAt(1.5, plotCenterX());
                case DIGIT0, NUMPAD0, F -> fit();
                case LEFT -> panBy(80, 0);
                case RIGHT -> panBy(-80, 0);
                case UP -> panBy(0, LANE_HEIGHT);
                case DOWN -> panBy(0, -LANE_HEIGHT);
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(Math.max(1, w));
            canvas.setHeight(Math.max(1, h));
        }
        canvas.relocate(x, y);
        if (fitPending && w > GUTTER + 20) {
            fitPending = false;
            fit();
        }
        draw();
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return 900;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return AXIS + Math.min(12, Math.max(3, index.lanes.size())) * LANE_HEIGHT + 8;
    }

    /** What the last frame drew. */
    public Layout layout() {
        return layout;
    }

    double plotCenterX() {
        return GUTTER + (canvas.getWidth() - GUTTER) / 2;
    }

    void fit() {
        TimelineChart c = getSkinnable();
        double plot = Math.max(40, canvas.getWidth() - GUTTER - 130); // room for the last marker's label
        double span = Math.max(1, index.endMicros);
        c.microsPerPixelProperty().set(span / plot);
        c.originMicrosProperty().set(0);
        c.scrollYProperty().set(0);
    }

    void zoomAt(double factor, double x) {
        TimelineChart c = getSkinnable();
        double mpp = c.microsPerPixelProperty().get();
        double atMicros = c.originMicrosProperty().get() + (Math.max(x, GUTTER) - GUTTER) * mpp;
        double next = clamp(mpp * factor, 0.01, Math.max(1, index.endMicros) / 10.0);
        c.microsPerPixelProperty().set(next);
        c.originMicrosProperty().set(atMicros - (Math.max(x, GUTTER) - GUTTER) * next);
    }

    void panBy(double dx, double dy) {
        TimelineChart c = getSkinnable();
        c.originMicrosProperty().set(c.originMicrosProperty().get() - dx * c.microsPerPixelProperty().get());
        double maxScroll = Math.max(0, index.lanes.size() * LANE_HEIGHT - (canvas.getHeight() - AXIS));
        c.scrollYProperty().set(clamp(c.scrollYProperty().get() - dy, 0, maxScroll));
    }

    Optional<BarBox> hit(double x, double y) {
        BarBox best = null;
        for (BarBox b : layout.bars()) {
            Bounds r = b.box();
            if (x >= r.getMinX() - 2 && x <= r.getMaxX() + 2 && y >= r.getMinY() && y <= r.getMaxY()) {
                if (best == null || b.bar().misdirected()) {
                    best = b;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Redraws the visible part; returns the number of bars visited (for the benchmark). */
    public int draw() {
        TimelineChart c = getSkinnable();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        Color surface = TimelineChart.color(c.surfaceColor);
        Color text = TimelineChart.color(c.textColor);
        Color muted = TimelineChart.color(c.mutedColor);
        Color grid = TimelineChart.color(c.gridColor);
        g.setFill(surface);
        g.fillRect(0, 0, w, h);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        Font normal = Font.font(12);
        Font bold = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 12);
        Font small = Font.font(10.5);

        if (index.lanes.isEmpty()) {
            g.setFill(muted);
            g.setFont(normal);
            g.fillText("No connections yet: run a replay to draw its timeline.", 16, Math.min(h / 2, 40));
            layout = new Layout(List.of(), List.of(), List.of(), 0);
            return 0;
        }
        double origin = c.originMicrosProperty().get();
        double mpp = Math.max(1e-6, c.microsPerPixelProperty().get());
        double scroll = c.scrollYProperty().get();
        double tMin = origin;
        double tMax = origin + (w - GUTTER) * mpp;

        drawAxis(g, w, origin, mpp, grid, muted, small);

        List<LaneBox> laneBoxes = new ArrayList<>();
        List<BarBox> barBoxes = new ArrayList<>();
        List<MarkerBox> markerBoxes = new ArrayList<>();
        int visited = 0;
        int merged = 0;
        int first = (int) Math.max(0, Math.floor(scroll / LANE_HEIGHT));
        int last = (int) Math.min(index.lanes.size() - 1, Math.floor((scroll + h - AXIS) / LANE_HEIGHT));
        Bar selected = c.getSelectedBar();

        g.save();
        g.beginPath();
        g.rect(0, AXIS, w, h - AXIS);
        g.clip();
        for (int li = first; li <= last; li++) {
            Lane lane = index.lanes.get(li);
            double top = AXIS + li * LANE_HEIGHT - scroll;
            double mid = top + LANE_HEIGHT / 2;
            if (li % 2 == 0) {
                g.setFill(TimelineChart.color(c.laneColor));
                g.fillRect(0, top, w, LANE_HEIGHT);
            }
            laneBoxes.add(new LaneBox(lane, new BoundingBox(0, top, w, LANE_HEIGHT)));

            // lifetime line and handshake segment
            double life0 = x(lane.connectStartMicros(), origin, mpp);
            double life1 = x(lane.closedMicros(), origin, mpp);
            g.setStroke(grid);
            g.setLineWidth(1);
            g.strokeLine(clamp(life0, GUTTER, w), mid, clamp(life1, GUTTER, w), mid);
            double hs0 = x(lane.connectStartMicros(), origin, mpp);
            double hs1 = x(Math.max(lane.tlsEndMicros(), lane.connectStartMicros()), origin, mpp);
            if (hs1 >= GUTTER && hs0 <= w) {
                g.setFill(TimelineChart.color(c.handshakeColor));
                double x0 = Math.max(GUTTER, hs0);
                double bw = Math.max(2, hs1 - x0);
                g.fillRect(x0, mid - 5, bw, 10);
                if (bw > 34) {
                    g.setFill(text);
                    g.setFont(small);
                    g.fillText("TLS", x0 + 4, mid);
                }
            }

            // bars (culled by time, merged when too narrow)
            LaneBars lb = index.bars.get(lane.connectionId());
            if (lb != null) {
                int i = lb.firstEndingAfter(tMin);
                double runStart = -1;
                double runEnd = -1;
                for (; i < lb.bars.length && lb.bars[i].startMicros() <= tMax; i++) {
                    Bar b = lb.bars[i];
                    visited++;
                    double x0 = x(b.startMicros(), origin, mpp);
                    double x1 = x(b.endMicros(), origin, mpp);
                    boolean important = b.misdirected() || b.failed() || b.retryOf() != -1 || b == selected;
                    if (x1 - x0 < MIN_BAR && !important) {
                        if (runStart >= 0 && x0 <= runEnd + 1) {
                            runEnd = Math.max(runEnd, x1 + 1);
                        } else {
                            if (runStart >= 0) {
                                drawRun(g, c, runStart, runEnd, mid);
                                merged++;
                            }
                            runStart = x0;
                            runEnd = x1 + 1;
                        }
                        continue;
                    }
                    BarBox box = drawBar(g, c, b, x0, x1, mid, b.equals(selected), bold, small, w);
                    barBoxes.add(box);
                    if (b.misdirected()) {
                        markerBoxes.add(new MarkerBox(markerFor(b), box.box()));
                    }
                }
                if (runStart >= 0) {
                    drawRun(g, c, runStart, runEnd, mid);
                    merged++;
                }
            }
        }
        g.restore();

        // gutter with lane labels, drawn last so bars slide under it
        g.setFill(surface);
        g.fillRect(0, AXIS, GUTTER, h - AXIS);
        g.setStroke(grid);
        g.strokeLine(GUTTER - 0.5, AXIS, GUTTER - 0.5, h);
        for (LaneBox lb : laneBoxes) {
            Lane lane = lb.lane();
            double top = lb.box().getMinY();
            if (top + LANE_HEIGHT < AXIS) {
                continue;
            }
            g.setFill(text);
            g.setFont(bold);
            g.fillText(ellipsize("#" + lane.connectionId() + "  " + lane.sni().map(s -> "SNI " + s).orElse("no SNI"), 36),
                    10, top + 15);
            g.setFont(small);
            g.setFill(muted);
            String peer = "→ " + (lane.peerAddress().indexOf(':') >= 0 ? "[" + lane.peerAddress() + "]" : lane.peerAddress())
                    + ":" + lane.peerPort() + "  " + lane.protocol() + lane.tlsVersion().map(v -> " " + v).orElse("");
            g.fillText(ellipsize(peer, 40), 10, top + 31);
            if (lane.coalesced()) {
                g.setFill(TimelineChart.color(c.coalescedColor));
                g.setFont(small);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText("⇄ shared", GUTTER - 8, top + 15);
                g.setTextAlign(TextAlignment.LEFT);
            }
        }
        g.setFill(surface);
        g.fillRect(0, 0, GUTTER, AXIS);
        g.setFill(muted);
        g.setFont(small);
        g.fillText("Connection (SNI → peer)", 10, AXIS / 2);

        layout = new Layout(List.copyOf(laneBoxes), List.copyOf(barBoxes), List.copyOf(markerBoxes), merged);
        return visited;
    }

    private BarBox drawBar(GraphicsContext g, TimelineChart c, Bar b, double x0, double x1, double mid, boolean isSelected,
                           Font bold, Font small, double w) {
        double left = Math.max(GUTTER + 1, x0);
        double width = Math.max(MIN_BAR, Math.min(x1, w + 4) - left);
        double top = mid - BAR_HEIGHT / 2;
        Color fill = b.misdirected() ? TimelineChart.color(c.misdirectedColor)
                : b.failed() ? TimelineChart.color(c.errorColor)
                : b.retryOf() != -1 ? TimelineChart.color(c.retryColor)
                : TimelineChart.color(c.okColor);
        g.setFill(fill);
        g.fillRoundRect(left, top, width, BAR_HEIGHT, 5, 5);
        if (b.hidden()) {
            g.setStroke(TimelineChart.color(c.textColor));
            g.setLineWidth(1.2);
            g.setLineDashes(4, 3);
            g.strokeRoundRect(left + 0.5, top + 0.5, width - 1, BAR_HEIGHT - 1, 5, 5);
            g.setLineDashes();
        }
        if (isSelected) {
            g.setStroke(TimelineChart.color(c.selectionColor));
            g.setLineWidth(2.5);
            g.strokeRoundRect(left - 2, top - 2, width + 4, BAR_HEIGHT + 4, 7, 7);
        }
        String label = barLabel(b);
        if (width > 30) {
            g.setFill(contrast(fill));
            g.setFont(bold);
            g.fillText(fit(label, width - 10, bold), left + 5, mid);
        }
        if (b.misdirected()) {
            // marker above the bar: icon + text, so the 421 never relies on colour
            g.setFill(TimelineChart.color(c.misdirectedColor));
            g.setFont(small);
            g.fillText(b.hidden() ? "⚠ 421 hidden by retry" : "⚠ 421", left, top - 4.5);
        } else if (b.retryOf() != -1) {
            g.setFill(TimelineChart.color(c.retryColor));
            g.setFont(small);
            g.fillText("↻ retry of #" + b.retryOf(), left, top - 4.5);
        }
        return new BarBox(b, new BoundingBox(left, top, width, BAR_HEIGHT));
    }

    static String barLabel(Bar b) {
        String status = b.failed() ? "✘ failed" : b.status() == 0 ? "…" : b.misdirected() ? "⚠ 421" : "✔ " + b.status();
        return status + " " + b.authority();
    }

    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

    /** The label cut to fit {@code width} pixels (measured, with an ellipsis). */
    private String fit(String label, double width, Font font) {
        measure.setFont(font);
        measure.setText(label);
        if (measure.getLayoutBounds().getWidth() <= width) {
            return label;
        }
        int lo = 0;
        int hi = label.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            measure.setText(label.substring(0, mid) + "…");
            if (measure.getLayoutBounds().getWidth() <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : label.substring(0, lo) + "…";
    }

    private void drawRun(GraphicsContext g, TimelineChart c, double x0, double x1, double mid) {
        double left = Math.max(GUTTER + 1, x0);
        if (x1 <= left) {
            return;
        }
        g.setFill(TimelineChart.color(c.okColor));
        g.fillRect(left, mid - BAR_HEIGHT / 2 + 3, x1 - left, BAR_HEIGHT - 6);
    }

    private void drawAxis(GraphicsContext g, double w, double origin, double mpp, Color grid, Color muted, Font small) {
        double targetPx = 110;
        double step = niceStep(targetPx * mpp);
        double t = Math.ceil(origin / step) * step;
        g.setFont(small);
        g.setLineWidth(1);
        for (; x(t, origin, mpp) < w; t += step) {
            double xx = Math.round(x(t, origin, mpp)) + 0.5;
            if (xx < GUTTER) {
                continue;
            }
            g.setStroke(grid);
            g.strokeLine(xx, AXIS - 4, xx, canvas.getHeight());
            g.setFill(muted);
            g.fillText(formatMicros(t, step), xx + 3, AXIS / 2);
        }
        g.setStroke(grid);
        g.strokeLine(0, AXIS - 0.5, w, AXIS - 0.5);
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String formatMicros(double micros, double step) {
        if (step >= 1_000_000) {
            return String.format("%.0f s", micros / 1e6);
        }
        if (step >= 1000) {
            return step >= 10_000 ? String.format("%.0f ms", micros / 1000) : String.format("%.1f ms", micros / 1000);
        }
        return String.format("%.0f µs", micros);
    }

    private static Marker markerFor(Bar b) {
        return new Marker(MarkerKind.MISDIRECTED, b.endMicros(), b.connectionId(), b.exchangeId(),
                "421 for " + b.authority() + (b.hidden() ? ", hidden by the client's retry" : ""));
    }

    private static double x(double micros, double origin, double mpp) {
        return GUTTER + (micros - origin) / mpp;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String ellipsize(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    private static Color contrast(Color fill) {
        double lum = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return lum > 0.6 ? Color.gray(0.08) : Color.WHITE;
    }

    /** Per-lane bars sorted by start, with a running maximum of end times for the binary search. */
    static final class LaneBars {
        final Bar[] bars;
        final long[] maxEnd;

        LaneBars(List<Bar> list) {
            bars = list.toArray(Bar[]::new);
            Arrays.sort(bars, Comparator.comparingLong(Bar::startMicros));
            maxEnd = new long[bars.length];
            long m = Long.MIN_VALUE;
            for (int i = 0; i < bars.length; i++) {
                m = Math.max(m, bars[i].endMicros());
                maxEnd[i] = m;
            }
        }

        /** The first index whose bar (or an earlier one) may still be visible at {@code t}. */
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

    /** The timeline indexed for drawing: lanes in order (plus one for bars without a known connection). */
    static final class Index {
        final List<Lane> lanes;
        final Map<Integer, LaneBars> bars;
        final long endMicros;

        private Index(List<Lane> lanes, Map<Integer, LaneBars> bars, long endMicros) {
            this.lanes = lanes;
            this.bars = bars;
            this.endMicros = endMicros;
        }

        static Index of(ConnectionTimeline t) {
            Map<Integer, List<Bar>> byLane = new LinkedHashMap<>();
            for (Bar b : t.bars()) {
                byLane.computeIfAbsent(b.connectionId(), k -> new ArrayList<>()).add(b);
            }
            List<Lane> lanes = new ArrayList<>(t.lanes());
            java.util.Set<Integer> known = new java.util.HashSet<>();
            lanes.forEach(l -> known.add(l.connectionId()));
            if (byLane.keySet().stream().anyMatch(id -> !known.contains(id))) {
                // exchanges whose connection is unknown (e.g. failed before connecting) get a lane of their own
                int unknown = -1;
                lanes.add(new Lane(unknown, Optional.empty(), "?", 0, 0, "unknown connection", Optional.empty(),
                        Optional.empty(), 0, 0, 0, t.endMicros(), false));
                List<Bar> orphans = new ArrayList<>();
                byLane.entrySet().removeIf(e -> {
                    if (!known.contains(e.getKey())) {
                        orphans.addAll(e.getValue());
                        return true;
                    }
                    return false;
                });
                byLane.put(unknown, orphans);
            }
            Map<Integer, LaneBars> bars = new LinkedHashMap<>();
            byLane.forEach((id, list) -> bars.put(id, new LaneBars(list)));
            return new Index(List.copyOf(lanes), bars, t.endMicros());
        }
    }
}
