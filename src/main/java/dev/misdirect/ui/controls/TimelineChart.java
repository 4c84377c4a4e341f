package dev.misdirect.ui.controls;

import dev.misdirect.core.timeline.ConnectionTimeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * The connection timeline: one lane per connection (labelled with its SNI and peer), the handshake drawn as a
 * segment, one bar per exchange with its authority and status, 421s and hidden retries marked with an icon, a
 * colour and text. Zoom with the wheel or +/-, pan by dragging or with the arrow keys, fit with 0; clicking a bar
 * selects it ({@link #selectedBarProperty()}, {@code null} when none); hovering a bar shows a tooltip with all
 * about its exchange. Lanes taller than the chart scroll (a scroll bar, Shift+wheel, the up/down keys).
 *
 * <p>Colours are CSS properties ({@code -md-timeline-ok}, {@code -md-timeline-misdirected}, …) that the theme maps
 * to its semantic tokens, so the dark theme applies. The viewport is {@link #originMicrosProperty()} (time at the
 * left edge of the plot), {@link #microsPerPixelProperty()} (zoom) and {@link #scrollYProperty()} (pixels).
 */
public class TimelineChart extends Control {
    private static final StyleablePropertyFactory<TimelineChart> CSS =
            new StyleablePropertyFactory<>(Control.getClassCssMetaData());

    private final ObjectProperty<ConnectionTimeline> timeline =
            new SimpleObjectProperty<>(this, "timeline", ConnectionTimeline.empty());
    private final ObjectProperty<ConnectionTimeline.Bar> selectedBar = new SimpleObjectProperty<>(this, "selectedBar");
    private final DoubleProperty originMicros = new SimpleDoubleProperty(this, "originMicros", 0);
    private final DoubleProperty microsPerPixel = new SimpleDoubleProperty(this, "microsPerPixel", 100);
    private final DoubleProperty scrollY = new SimpleDoubleProperty(this, "scrollY", 0);

    final StyleableProperty<Color> surfaceColor = CSS.createStyleableColorProperty(this, "surfaceColor", "-md-timeline-surface", c -> c.surfaceColor, Color.WHITE);
    final StyleableProperty<Color> laneColor = CSS.createStyleableColorProperty(this, "laneColor", "-md-timeline-lane", c -> c.laneColor, Color.gray(0.96));
    final StyleableProperty<Color> textColor = CSS.createStyleableColorProperty(this, "textColor", "-md-timeline-text", c -> c.textColor, Color.gray(0.1));
    final StyleableProperty<Color> mutedColor = CSS.createStyleableColorProperty(this, "mutedColor", "-md-timeline-muted", c -> c.mutedColor, Color.gray(0.45));
    final StyleableProperty<Color> gridColor = CSS.createStyleableColorProperty(this, "gridColor", "-md-timeline-grid", c -> c.gridColor, Color.gray(0.85));
    final StyleableProperty<Color> okColor = CSS.createStyleableColorProperty(this, "okColor", "-md-timeline-ok", c -> c.okColor, Color.SEAGREEN);
    final StyleableProperty<Color> misdirectedColor = CSS.createStyleableColorProperty(this, "misdirectedColor", "-md-timeline-misdirected", c -> c.misdirectedColor, Color.CRIMSON);
    final StyleableProperty<Color> retryColor = CSS.createStyleableColorProperty(this, "retryColor", "-md-timeline-retry", c -> c.retryColor, Color.DARKORANGE);
    final StyleableProperty<Color> errorColor = CSS.createStyleableColorProperty(this, "errorColor", "-md-timeline-error", c -> c.errorColor, Color.DIMGRAY);
    final StyleableProperty<Color> handshakeColor = CSS.createStyleableColorProperty(this, "handshakeColor", "-md-timeline-handshake", c -> c.handshakeColor, Color.LIGHTSTEELBLUE);
    final StyleableProperty<Color> coalescedColor = CSS.createStyleableColorProperty(this, "coalescedColor", "-md-timeline-coalesced", c -> c.coalescedColor, Color.MEDIUMPURPLE);
    final StyleableProperty<Color> selectionColor = CSS.createStyleableColorProperty(this, "selectionColor", "-md-timeline-selection", c -> c.selectionColor, Color.DODGERBLUE);

    public TimelineChart() {
        getStyleClass().add("timeline-chart");
        setFocusTraversable(true);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new TimelineChartSkin(this);
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
        return CSS.getCssMetaData();
    }

    /** The current value of one of the colour properties. */
    @SuppressWarnings("unchecked")
    static Color color(StyleableProperty<Color> p) {
        return ((ObservableValue<Color>) p).getValue();
    }

    /** All colour properties, so the skin can redraw when the theme changes. */
    @SuppressWarnings("unchecked")
    List<ObservableValue<Color>> colorProperties() {
        return List.of(surfaceColor, laneColor, textColor, mutedColor, gridColor, okColor, misdirectedColor,
                retryColor, errorColor, handshakeColor, coalescedColor, selectionColor).stream()
                .map(p -> (ObservableValue<Color>) p).toList();
    }

    public ObjectProperty<ConnectionTimeline> timelineProperty() {
        return timeline;
    }

    public ConnectionTimeline getTimeline() {
        return timeline.get();
    }

    public void setTimeline(ConnectionTimeline value) {
        timeline.set(value == null ? ConnectionTimeline.empty() : value);
    }

    public ObjectProperty<ConnectionTimeline.Bar> selectedBarProperty() {
        return selectedBar;
    }

    public ConnectionTimeline.Bar getSelectedBar() {
        return selectedBar.get();
    }

    public void setSelectedBar(ConnectionTimeline.Bar bar) {
        selectedBar.set(bar);
    }

    public DoubleProperty originMicrosProperty() {
        return originMicros;
    }

    public DoubleProperty microsPerPixelProperty() {
        return microsPerPixel;
    }

    public DoubleProperty scrollYProperty() {
        return scrollY;
    }

    /** Zooms in around the selected bar when it is in view (it stays where it is), else the middle of the plot. */
    public void zoomIn() {
        skin().ifPresent(s -> s.zoomAt(1 / 1.5, s.zoomAnchorX()));
    }

    /** Zooms out around the selected bar when it is in view, else the middle of the plot. */
    public void zoomOut() {
        skin().ifPresent(s -> s.zoomAt(1.5, s.zoomAnchorX()));
    }

    /** Shows the whole run, first lane at the top. */
    public void fit() {
        skin().ifPresent(TimelineChartSkin::fit);
    }

    private java.util.Optional<TimelineChartSkin> skin() {
        return getSkin() instanceof TimelineChartSkin s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }
}
