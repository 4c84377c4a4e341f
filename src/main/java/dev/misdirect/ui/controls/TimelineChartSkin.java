package dev.misdirect.ui.controls;

import dev.misdirect.core.timeline.BarLabels;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.MarkerKind;
import dev.misdirect.core.timeline.ExchangeText;
import dev.misdirect.core.timeline.TimeAxis;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.core.timeline.TimelineGeometry;
import dev.misdirect.core.timeline.TimelineIndex;
import dev.misdirect.core.timeline.TimelineLayout;
import dev.misdirect.core.timeline.TimelineLayout.Box;
import dev.misdirect.core.timeline.TimelineLayout.Flag;
import dev.misdirect.core.timeline.TimelineLayout.Label;
import dev.misdirect.core.timeline.TimelineLayout.LaneNote;
import dev.misdirect.core.timeline.TimelineLayout.PlacedBar;
import dev.misdirect.core.timeline.TimelineLayout.PlacedLane;
import dev.misdirect.core.timeline.TimelineLayout.Placement;
import dev.misdirect.core.timeline.TimelineLayout.RetryArrow;
import dev.misdirect.core.timeline.TimelineViewport;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import java.util.Optional;

/**
 * Draws a {@link TimelineChart} on one canvas from the {@link TimelineLayout} of its viewport: lanes of one row, so
 * only the lanes and bars in view are laid out; bars narrower than a few pixels merge into runs, except 421s,
 * failures, retries and the selected bar. Hit-testing, zoom and pan are the layout's and the viewport's.
 * {@link #layout()} returns what the last frame drew, in the control's coordinates, so tests and tools can find a
 * bar.
 */
public class TimelineChartSkin extends SkinBase<TimelineChart> {
    static final double GUTTER = 270;
    /**
     * Room kept right of the run's end when fitted, for the labels of its last bars (an authority with its port is
     * about 200 pixels), at most a quarter of the plot.
     */
    static final double FIT_MARGIN = 220;
    /** A label cut shorter than this many characters (with its ellipsis) is not drawn. */
    static final int MIN_CUT_LABEL = 10;
    static final TimelineGeometry GEOMETRY = new TimelineGeometry(
            26,     // axis
            14,     // above the bars: 421 flags
            22, 22, // row and bar
            12,     // below the bars: notes
            25,     // lifetime line and handshake through the middle of the bars
            3,      // narrower bars merge into runs
            TimelineGeometry.Packing.ONE_ROW, true, 5);

    private final Canvas canvas = new Canvas();
    /** Shown when the lanes are taller than the chart: any number of lanes stays reachable. */
    private final ScrollBar scrollBar = new ScrollBar();
    /** One tooltip for the whole chart, reading the bar under the pointer. */
    private final Tooltip tooltip = new Tooltip();
    private int tooltipExchange = TimelineEvent.UNKNOWN;
    private final Text measure = new Text();
    private final Font normal = Font.font(12);
    private final Font bold = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 12);
    private final Font small = Font.font(10.5);
    private final Font smallBold = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 10.5);
    private final Font tiny = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 8);
    private final BarLabels labels = new BarLabels() {
        @Override
        public String text(Bar bar, boolean foreign) {
            return barLabel(bar) + (foreign ? " ≠ SNI" : "");
        }

        @Override
        public double width(String text) {
            measure.setText(text);
            return measure.getLayoutBounds().getWidth();
        }
    };
    private TimelineIndex index = TimelineIndex.of(ConnectionTimeline.empty());
    private TimelineLayout layout;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;
    private boolean fitPending = true;

    public TimelineChartSkin(TimelineChart chart) {
        super(chart);
        measure.setFont(bold);
        getChildren().addAll(canvas, scrollBar);
        canvas.setManaged(false);
        scrollBar.setManaged(false);
        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.setVisible(false);
        scrollBar.valueProperty().addListener((o, was, now) -> {
            if (Math.abs(now.doubleValue() - chart.scrollYProperty().get()) > 0.5) {
                chart.scrollYProperty().set(now.doubleValue());
            }
        });
        tooltip.setShowDelay(Duration.millis(300));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(520);
        chart.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        chart.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1));
        registerChangeListener(chart.timelineProperty(), o -> {
            index = TimelineIndex.of(chart.getTimeline());
            fitPending = true;
            chart.requestLayout();
            draw();
        });
        registerChangeListener(chart.selectedBarProperty(), o -> draw());
        registerChangeListener(chart.originMicrosProperty(), o -> draw());
        registerChangeListener(chart.microsPerPixelProperty(), o -> draw());
        registerChangeListener(chart.scrollYProperty(), o -> {
            scrollBar.setValue(chart.scrollYProperty().get());
            draw();
        });
        chart.colorProperties().forEach(p -> registerChangeListener(p, o -> draw()));
        index = TimelineIndex.of(chart.getTimeline());
        layout = layOut();

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
                chart.setSelectedBar(layout.barAt(e.getX(), e.getY()).map(PlacedBar::bar).orElse(null));
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
                case PLUS, ADD, EQUALS -> zoomAt(1 / 1.5, zoomAnchorX());
                case MINUS, SUBTRACT -> zoomAt(1.5, zoomAnchorX());
                case DIGIT0, NUMPAD0, F -> fit();
                case LEFT -> panBy(80, 0);
                case RIGHT -> panBy(-80, 0);
                case UP -> panBy(0, GEOMETRY.laneHeight(1));
                case DOWN -> panBy(0, -GEOMETRY.laneHeight(1));
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double lanes = index.trackCount() * GEOMETRY.laneHeight(1);
        boolean scrolls = GEOMETRY.axisHeight() + lanes > h;
        double bar = scrolls ? scrollBar.prefWidth(-1) : 0;
        scrollBar.setVisible(scrolls);
        double cw = Math.max(1, w - bar);
        if (canvas.getWidth() != cw || canvas.getHeight() != h) {
            canvas.setWidth(cw);
            canvas.setHeight(Math.max(1, h));
        }
        canvas.relocate(x, y);
        if (scrolls) {
            double max = Math.max(0, lanes - (h - GEOMETRY.axisHeight()));
            scrollBar.resizeRelocate(x + cw, y + GEOMETRY.axisHeight(), bar, Math.max(1, h - GEOMETRY.axisHeight()));
            scrollBar.setMax(max);
            scrollBar.setVisibleAmount(Math.max(1, max * (h - GEOMETRY.axisHeight()) / Math.max(1, lanes)));
            scrollBar.setUnitIncrement(GEOMETRY.laneHeight(1));
            scrollBar.setBlockIncrement(Math.max(GEOMETRY.laneHeight(1), h - GEOMETRY.axisHeight()));
            scrollBar.setValue(Math.min(max, getSkinnable().scrollYProperty().get()));
        } else if (getSkinnable().scrollYProperty().get() != 0) {
            getSkinnable().scrollYProperty().set(0);
        }
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

    /** Tall enough for every lane: a parent with room grows the chart, one without it gets a scroll bar. */
    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return GEOMETRY.axisHeight() + Math.max(3, index.trackCount()) * GEOMETRY.laneHeight(1) + 8;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return GEOMETRY.axisHeight() + GEOMETRY.laneHeight(1) * 2;
    }

    /** What the last frame drew. */
    public TimelineLayout layout() {
        return layout;
    }

    double plotCenterX() {
        return GUTTER + (canvas.getWidth() - GUTTER) / 2;
    }

    /** Where +/− zoom around: the selected bar when it is in view (so it stays put), else the plot's middle. */
    double zoomAnchorX() {
        Bar selected = getSkinnable().getSelectedBar();
        return Optional.ofNullable(selected).flatMap(b -> layout.bar(b.exchangeId()))
                .map(p -> clamp(p.box().centerX(), GUTTER, plotRight())).orElseGet(this::plotCenterX);
    }

    /** The tooltip follows the bar under the pointer: every bar, however short, says what it is. */
    private void hover(double x, double y) {
        Optional<PlacedBar> bar = x < GUTTER ? Optional.empty() : layout.barAt(x, y);
        int id = bar.map(p -> p.bar().exchangeId()).orElse(TimelineEvent.UNKNOWN);
        if (id == tooltipExchange) {
            return;
        }
        tooltipExchange = id;
        if (bar.isEmpty()) {
            tooltip.hide();
            getSkinnable().setTooltip(null);
            return;
        }
        tooltip.setText(ExchangeText.describe(bar.get().bar(), bar.get().foreign()));
        getSkinnable().setTooltip(tooltip);
    }

    void fit() {
        show(TimelineViewport.fit(index, GUTTER, plotRight(), Math.min(FIT_MARGIN, (plotRight() - GUTTER) / 4),
                canvas.getHeight()));
    }

    void zoomAt(double factor, double x) {
        show(viewport().zoomAt(factor, x, index.endMicros()));
    }

    void panBy(double dx, double dy) {
        show(viewport().panBy(dx, dy, layout.maxScrollY()));
    }

    private void show(TimelineViewport v) {
        TimelineChart c = getSkinnable();
        c.microsPerPixelProperty().set(v.microsPerPixel());
        c.originMicrosProperty().set(v.originMicros());
        c.scrollYProperty().set(v.scrollY());
    }

    private double plotRight() {
        return Math.max(GUTTER + 1, canvas.getWidth());
    }

    private TimelineViewport viewport() {
        TimelineChart c = getSkinnable();
        return new TimelineViewport(GUTTER, plotRight(), c.originMicrosProperty().get(),
                Math.max(1e-6, c.microsPerPixelProperty().get()), c.scrollYProperty().get(), canvas.getHeight());
    }

    private TimelineLayout layOut() {
        Bar selected = getSkinnable().getSelectedBar();
        return TimelineLayout.of(index, viewport(), GEOMETRY, labels,
                selected == null ? TimelineEvent.UNKNOWN : selected.exchangeId());
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
        layout = layOut();

        if (index.trackCount() == 0) {
            g.setFill(muted);
            g.setFont(normal);
            g.fillText("No connections yet: run a replay to draw its timeline.", 16, Math.min(h / 2, 40));
            return 0;
        }
        double axis = GEOMETRY.axisHeight();
        g.setFont(small);
        g.setLineWidth(1);
        for (TimeAxis.Tick tick : layout.ticks()) {
            double x = Math.round(tick.x()) + 0.5;
            g.setStroke(grid);
            g.strokeLine(x, axis - 4, x, h);
            g.setFill(muted);
            g.fillText(tick.label(), x + 3, axis / 2);
        }
        g.setStroke(grid);
        g.strokeLine(0, axis - 0.5, w, axis - 0.5);

        g.save();
        g.beginPath();
        g.rect(GUTTER, axis, w - GUTTER, h - axis);
        g.clip();
        for (PlacedLane lane : layout.lanes()) {
            lane(g, c, lane, w, text, grid);
        }
        g.setFill(TimelineChart.color(c.okColor));
        for (Box run : layout.runs()) {
            g.fillRect(run.x(), run.y(), run.width(), run.height());
        }
        Bar selected = c.getSelectedBar();
        for (PlacedBar bar : layout.bars()) {
            bar(g, c, bar, selected != null && selected.exchangeId() == bar.bar().exchangeId());
        }
        for (RetryArrow arrow : layout.arrows()) {
            arrow(g, TimelineChart.color(c.retryColor), arrow);
        }
        for (Flag flag : layout.flags()) {
            flag(g, TimelineChart.color(c.misdirectedColor), text, flag);
        }
        g.setFont(small);
        for (LaneNote note : layout.notes()) {
            boolean failure = note.marker().kind() == MarkerKind.FAILURE;
            g.setFill(failure ? TimelineChart.color(c.errorColor) : muted);
            g.fillText(ellipsize((failure ? "✘ " : "ℹ ") + note.marker().text(), 90), note.x(), note.centerY());
        }
        g.restore();

        gutter(g, c, surface, text, muted, grid, h);
        return layout.visitedBars();
    }

    private void lane(GraphicsContext g, TimelineChart c, PlacedLane lane, double w, Color text, Color grid) {
        Box box = lane.box();
        if (lane.position() % 2 == 0) {
            g.setFill(TimelineChart.color(c.laneColor));
            g.fillRect(0, box.y(), w, box.height());
        }
        lane.lifeline().ifPresent(life -> {
            g.setStroke(grid);
            g.setLineWidth(1);
            g.strokeLine(clamp(life.x(), GUTTER, w), life.y(), clamp(life.right(), GUTTER, w), life.y());
        });
        lane.handshake().ifPresent(hs -> {
            double x0 = Math.max(GUTTER, hs.x());
            double width = Math.max(2, Math.min(hs.right(), w) - x0);
            g.setFill(TimelineChart.color(c.handshakeColor));
            g.fillRect(x0, hs.y(), width, hs.height());
            if (width > 34) {
                g.setFill(text);
                g.setFont(small);
                g.fillText("TLS", x0 + 4, hs.centerY());
            }
        });
    }

    private void bar(GraphicsContext g, TimelineChart c, PlacedBar p, boolean isSelected) {
        Bar b = p.bar();
        Box r = p.box();
        // the report's classes (TimelineSvg): 421, failed, 2xx/3xx, any other status
        Color fill = b.misdirected() ? TimelineChart.color(c.misdirectedColor)
                : b.failed() ? TimelineChart.color(c.errorColor)
                : b.status() >= 200 && b.status() < 400 ? TimelineChart.color(c.okColor)
                : TimelineChart.color(c.mutedColor);
        g.setFill(fill);
        g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), 5, 5);
        if (b.hidden()) {
            g.setStroke(TimelineChart.color(c.textColor));
            g.setLineWidth(1.2);
            g.setLineDashes(4, 3);
            g.strokeRoundRect(r.x() + 0.5, r.y() + 0.5, r.width() - 1, r.height() - 1, 5, 5);
            g.setLineDashes();
        }
        if (isSelected) {
            g.setStroke(TimelineChart.color(c.selectionColor));
            g.setLineWidth(2.5);
            g.strokeRoundRect(r.x() - 2, r.y() - 2, r.width() + 4, r.height() + 4, 7, 7);
        }
        // a label cut to a stub ("⚠ 4…") says nothing: the flag, the colour and the tooltip say it instead
        p.label().filter(l -> !(l.text().endsWith("…") && l.text().length() < MIN_CUT_LABEL)).ifPresent(l -> {
            g.setFont(bold);
            g.setFill(l.placement() == Placement.INSIDE ? contrast(fill) : TimelineChart.color(c.textColor));
            text(g, l);
        });
    }

    /** The dashed curve from a bar to its retry, with an arrowhead and its words, so it never relies on colour. */
    private void arrow(GraphicsContext g, Color color, RetryArrow a) {
        g.setStroke(color);
        g.setLineWidth(1.5);
        g.setLineDashes(5, 3);
        g.beginPath();
        g.moveTo(a.x1(), a.y1());
        g.bezierCurveTo(a.bendX(), a.y1(), a.bendX(), a.y2(), a.x2(), a.y2());
        g.stroke();
        g.setLineDashes();
        // the curve ends level, coming from the bend: the head points that way
        double dir = Math.signum(a.x2() - a.bendX());
        g.setFill(color);
        g.fillPolygon(new double[] {a.x2(), a.x2() - dir * 7, a.x2() - dir * 7},
                new double[] {a.y2(), a.y2() - 3.5, a.y2() + 3.5}, 3);
        g.setFont(smallBold);
        text(g, a.label());
    }

    private void flag(GraphicsContext g, Color color, Color text, Flag f) {
        Box icon = f.icon();
        g.setFill(color);
        g.fillPolygon(new double[] {icon.centerX(), icon.right(), icon.x()},
                new double[] {icon.y(), icon.bottom(), icon.bottom()}, 3);
        g.setFill(contrast(color));
        g.setFont(tiny);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("!", icon.centerX(), icon.centerY() + 1.5);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(color);
        g.setFont(smallBold);
        text(g, f.label());
    }

    /** A label at its place; one left of its bar is aligned by its end. */
    private static void text(GraphicsContext g, Label l) {
        if (l.placement() == Placement.LEFT) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(l.text(), l.right(), l.centerY());
            g.setTextAlign(TextAlignment.LEFT);
        } else {
            g.fillText(l.text(), l.x(), l.centerY());
        }
    }

    /** The lane names, drawn last so bars slide under them. */
    private void gutter(GraphicsContext g, TimelineChart c, Color surface, Color text, Color muted, Color grid,
                        double h) {
        double axis = GEOMETRY.axisHeight();
        g.setFill(surface);
        g.fillRect(0, axis, GUTTER, h - axis);
        g.setStroke(grid);
        g.strokeLine(GUTTER - 0.5, axis, GUTTER - 0.5, h);
        g.save();
        g.beginPath();
        g.rect(0, axis, GUTTER, h - axis);
        g.clip();
        for (PlacedLane placed : layout.lanes()) {
            double top = placed.box().y();
            Optional<Lane> lane = placed.lane();
            String title = lane.map(l -> "#" + l.connectionId() + "  " + l.sni().map(s -> "SNI " + s).orElse("no SNI"))
                    .orElse(placed.connectionId() == TimelineEvent.UNKNOWN ? "(no connection)"
                            : "#" + placed.connectionId() + "  (not established)");
            g.setFill(text);
            g.setFont(bold);
            g.fillText(ellipsize(title, 36), 10, top + 16);
            g.setFont(small);
            g.setFill(muted);
            String peer = lane.map(l -> "→ " + (l.peerAddress().indexOf(':') >= 0 ? "[" + l.peerAddress() + "]"
                    : l.peerAddress()) + ":" + l.peerPort() + "  " + l.protocol()
                    + l.tlsVersion().map(v -> " " + v).orElse("")).orElse("no connection was established");
            g.fillText(ellipsize(peer, 40), 10, top + 33);
            if (lane.map(Lane::coalesced).orElse(false)) {
                g.setFill(TimelineChart.color(c.coalescedColor));
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText("⇄ shared", GUTTER - 8, top + 16);
                g.setTextAlign(TextAlignment.LEFT);
            }
        }
        g.restore();
        g.setFill(surface);
        g.fillRect(0, 0, GUTTER, axis);
        g.setFill(muted);
        g.setFont(small);
        g.fillText("Connection (SNI → peer)", 10, axis / 2);
    }

    static String barLabel(Bar b) {
        return ExchangeText.status(b) + " " + b.authority();
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
}
