package dev.misdirect.core.report;

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
import dev.misdirect.core.timeline.TimelineLayout.Flag;
import dev.misdirect.core.timeline.TimelineLayout.Label;
import dev.misdirect.core.timeline.TimelineLayout.LaneNote;
import dev.misdirect.core.timeline.TimelineLayout.PlacedBar;
import dev.misdirect.core.timeline.TimelineLayout.PlacedLane;
import dev.misdirect.core.timeline.TimelineLayout.Placement;
import dev.misdirect.core.timeline.TimelineLayout.RetryArrow;
import dev.misdirect.core.timeline.TimelineViewport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link ConnectionTimeline} as a self-contained inline SVG, from its {@link TimelineLayout}: one lane per
 * connection labelled {@code SNI → peer}, the handshake segment, one bar per exchange with its authority and status,
 * 421 flags and retry arrows with text, and a legend. Every state is told by text or shape as well as colour.
 * Pure and thread-safe; every string from the timeline is escaped.
 */
public final class TimelineSvg {
    static final int WIDTH = 1100;
    private static final int LABEL_W = 270;
    private static final int PLOT_X = LABEL_W + 12;
    private static final int PLOT_W = WIDTH - PLOT_X - 24;
    private static final int AXIS_H = 30;
    /** Labels and flags may use the margin right of the run's end, up to here. */
    private static final int RIGHT_EDGE = WIDTH - 4;
    private static final double CHAR_W = 6.3;
    /** Up to this many exchanges every bar gets a readable label beside it. */
    static final int MAX_LABELLED_BARS = 60;

    /** The report's labels: exchange number, method, authority and status; widths estimated from the font size. */
    private static final BarLabels LABELS = new BarLabels() {
        @Override
        public String text(Bar bar, boolean foreign) {
            return barLabel(bar) + (foreign ? " ≠ SNI" : "");
        }

        @Override
        public double width(String text) {
            return text.length() * CHAR_W;
        }
    };

    private TimelineSvg() {
    }

    /**
     * The SVG element for {@code timeline}; {@code title} becomes its accessible name.
     *
     * @param idPrefix a prefix making the element ids unique when several charts share one page
     */
    public static String render(ConnectionTimeline timeline, String title, String idPrefix) {
        TimelineIndex index = TimelineIndex.of(timeline);
        // lanes grow a row for bars (and labels) that would overlap, so concurrent (multiplexed) exchanges stay
        // apart; in a large run labels go inside bars only (their full text stays in the tooltip), or the chart
        // would grow a row per bar
        TimelineGeometry geometry = new TimelineGeometry(
                AXIS_H,
                30,     // above the bars: the handshake strip and the first row's 421 flags
                30, 18, // rows of 30 with bars of 18: room for the next row's flags
                8,      // below the bars: notes
                21,     // lifetime line and handshake in the strip above the bars
                6,
                TimelineGeometry.Packing.STACKED, timeline.bars().size() <= MAX_LABELLED_BARS, 4);
        TimelineViewport viewport = TimelineViewport.fit(index, PLOT_X, RIGHT_EDGE, RIGHT_EDGE - PLOT_X - PLOT_W,
                Double.POSITIVE_INFINITY);
        TimelineLayout layout = TimelineLayout.of(index, viewport, geometry, LABELS, TimelineEvent.UNKNOWN);
        int bottom = (int) Math.round(AXIS_H + layout.lanesHeight());
        int legendY = bottom + 18;
        int height = legendY + 48;

        StringBuilder s = new StringBuilder(8192);
        String titleId = idPrefix + "-title";
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(Html.esc(titleId)).append("\">\n");
        s.append("<title id=\"").append(Html.esc(titleId)).append("\">").append(Html.esc(title)).append("</title>\n");
        s.append("<defs><pattern id=\"").append(Html.esc(idPrefix)).append("-hatch\" width=\"6\" height=\"6\" ")
                .append("patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
                .append("<rect width=\"6\" height=\"6\" fill=\"#e7ebf0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" ")
                .append("stroke=\"#9aa5b1\" stroke-width=\"2\"/></pattern>")
                .append("<marker id=\"").append(Html.esc(idPrefix)).append("-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" ")
                .append("refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b45309\"/></marker></defs>\n");

        axis(s, layout, index.endMicros(), bottom);
        Map<Integer, List<PlacedBar>> barsOn = new LinkedHashMap<>();
        for (PlacedBar b : layout.bars()) {
            barsOn.computeIfAbsent(b.bar().connectionId(), k -> new ArrayList<>()).add(b);
        }
        for (PlacedLane lane : layout.lanes()) {
            lane(s, lane, barsOn.getOrDefault(lane.connectionId(), List.of()), idPrefix);
        }
        retries(s, layout.arrows(), idPrefix);
        flags(s, layout.flags());
        notes(s, layout.notes());
        legend(s, legendY, idPrefix);
        s.append("</svg>");
        return s.toString();
    }

    private static String barLabel(Bar b) {
        String status = b.failed() ? "failed" : b.status() == 0 ? "no response" : Integer.toString(b.status());
        return ExchangeText.exchange(b.exchangeId()) + " " + b.method() + " " + b.authority() + " → " + status;
    }

    private static void axis(StringBuilder s, TimelineLayout layout, long end, int bottom) {
        s.append("<g class=\"tl-axis\">");
        s.append("<line x1=\"").append(PLOT_X).append("\" y1=\"").append(AXIS_H - 6).append("\" x2=\"")
                .append(PLOT_X + PLOT_W).append("\" y2=\"").append(AXIS_H - 6).append("\" stroke=\"#9aa5b1\"/>");
        for (TimeAxis.Tick tick : layout.ticks()) {
            if (tick.micros() > end) {
                break; // the margin right of the run is for labels, not for time
            }
            double x = tick.x();
            s.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(AXIS_H - 10).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"#e3e8ee\"/>");
            s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(AXIS_H - 14)
                    .append("\" text-anchor=\"").append(x - PLOT_X < 20 ? "start" : "middle")
                    .append("\" font-size=\"10\" fill=\"#52606d\">").append(Html.esc(tick.label()))
                    .append("</text>");
        }
        s.append("<text x=\"10\" y=\"").append(AXIS_H - 14)
                .append("\" font-size=\"10\" font-weight=\"600\" fill=\"#52606d\">connection (SNI → peer)</text>");
        s.append("</g>\n");
    }

    private static void lane(StringBuilder s, PlacedLane row, List<PlacedBar> bars, String idPrefix) {
        int y = (int) Math.round(row.box().y());
        int h = (int) Math.round(row.box().height());
        s.append("<g class=\"tl-lane\">");
        s.append("<rect x=\"0\" y=\"").append(y + 2).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(h - 4).append("\" fill=\"").append(row.lane().map(Lane::coalesced).orElse(false)
                        ? "#fff7ed" : "#f7f9fb").append("\" rx=\"4\"/>");
        String label = row.lane().map(l -> "#" + l.connectionId() + "  " + l.label())
                .orElse(row.connectionId() == TimelineEvent.UNKNOWN ? "(no connection)"
                        : "#" + row.connectionId() + "  (not established)");
        String sub = row.lane().map(TimelineSvg::laneDetails).orElse("no connection was established");
        s.append("<text x=\"10\" y=\"").append(y + 24).append("\" font-size=\"12\" font-weight=\"600\" ")
                .append("fill=\"#1f2933\"><title>").append(Html.esc(label)).append("</title>")
                .append(Html.esc(truncate(label, 40))).append("</text>");
        s.append("<text x=\"10\" y=\"").append(y + 40).append("\" font-size=\"10.5\" fill=\"#52606d\">")
                .append(Html.esc(truncate(sub, 46))).append("</text>");
        row.lane().ifPresent(l -> {
            row.handshake().ifPresent(hs -> {
                s.append("<rect x=\"").append(fmt(hs.x())).append("\" y=\"").append(fmt(hs.y())).append("\" width=\"")
                        .append(fmt(hs.width())).append("\" height=\"").append(fmt(hs.height())).append("\" fill=\"url(#")
                        .append(Html.esc(idPrefix)).append("-hatch)\" stroke=\"#7b8794\" stroke-width=\"0.8\"><title>")
                        .append(Html.esc("connect + TLS handshake, "
                                + TimeAxis.duration(l.tlsEndMicros() - l.connectStartMicros())
                                + l.tlsVersion().map(v -> " (" + v + ")").orElse("")
                                + l.peerCertificate().map(c -> "; certificate " + c).orElse("")))
                        .append("</title></rect>");
                if (hs.width() > 40) {
                    s.append("<text x=\"").append(fmt(hs.x() + 3)).append("\" y=\"").append(fmt(hs.y() - 2))
                            .append("\" font-size=\"9\" fill=\"#52606d\">handshake</text>");
                }
            });
            // the connection's open span continues the handshake segment as a thin line up to its close
            row.lifeline().ifPresent(life -> s.append("<line x1=\"").append(fmt(life.x())).append("\" y1=\"")
                    .append(fmt(life.y())).append("\" x2=\"").append(fmt(life.right())).append("\" y2=\"")
                    .append(fmt(life.y())).append("\" stroke=\"#7b8794\" stroke-width=\"2\"><title>")
                    .append(Html.esc("connection #" + l.connectionId() + " open until "
                            + TimeAxis.duration(l.closedMicros())))
                    .append("</title></line>"));
        });
        for (PlacedBar p : bars) {
            bar(s, p);
        }
        s.append("</g>\n");
    }

    private static String laneDetails(Lane l) {
        List<String> parts = new ArrayList<>();
        parts.add(l.protocol());
        l.tlsVersion().ifPresent(parts::add);
        if (l.localPort() > 0) {
            parts.add("local port " + l.localPort());
        }
        if (l.coalesced()) {
            parts.add("⇄ coalesced");
        }
        return String.join(" · ", parts);
    }

    private static void bar(StringBuilder s, PlacedBar p) {
        Bar b = p.bar();
        String fill;
        String stroke;
        if (b.failed()) {
            fill = "#fde8e8";
            stroke = "#b91c1c";
        } else if (b.misdirected()) {
            fill = "#fef3c7";
            stroke = "#b45309";
        } else if (b.status() >= 200 && b.status() < 400) {
            fill = "#dcfce7";
            stroke = "#15803d";
        } else {
            fill = "#e5e7eb";
            stroke = "#4b5563";
        }
        s.append("<g class=\"tl-bar\"><title>").append(Html.esc(ExchangeText.describe(b, p.foreign()))).append("</title>");
        s.append("<rect x=\"").append(fmt(p.box().x())).append("\" y=\"").append(fmt(p.box().y())).append("\" width=\"")
                .append(fmt(p.box().width())).append("\" height=\"").append(fmt(p.box().height()))
                .append("\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(p.foreign() ? "2\" stroke-dasharray=\"4 2" : "1.2").append("\"/>");
        p.label().ifPresent(l -> s.append(text(l, "font-size=\"11\" fill=\"#1f2933\"")));
        s.append("</g>");
    }

    private static void retries(StringBuilder s, List<RetryArrow> arrows, String idPrefix) {
        for (RetryArrow a : arrows) {
            s.append("<g class=\"tl-retry\"><title>").append(Html.esc("exchange " + ExchangeText.exchange(a.to().exchangeId()) + " retries "
                    + ExchangeText.exchange(a.from().exchangeId()) + (a.hidden() ? " (hidden from the caller)" : ""))).append("</title>");
            s.append("<path d=\"M").append(fmt(a.x1())).append(',').append(fmt(a.y1())).append(" C").append(fmt(a.bendX()))
                    .append(',').append(fmt(a.y1())).append(' ').append(fmt(a.bendX())).append(',').append(fmt(a.y2()))
                    .append(' ').append(fmt(a.x2())).append(',').append(fmt(a.y2()))
                    .append("\" fill=\"none\" stroke=\"#b45309\" stroke-width=\"1.5\" ")
                    .append("stroke-dasharray=\"5 3\" marker-end=\"url(#").append(Html.esc(idPrefix)).append("-arrow)\"/>");
            s.append(text(a.label(), "font-size=\"10.5\" font-weight=\"600\" fill=\"#92400e\"")).append("</g>");
        }
    }

    private static void flags(StringBuilder s, List<Flag> flags) {
        for (Flag f : flags) {
            double x = f.icon().centerX();
            s.append("<g class=\"tl-421\"><title>").append(Html.esc(f.marker().text())).append("</title>")
                    .append("<path d=\"M").append(fmt(x)).append(',').append(fmt(f.icon().y())).append(" l6,10 l-12,0 z\" ")
                    .append("fill=\"#f59e0b\" stroke=\"#92400e\" stroke-width=\"1\"/>")
                    .append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(f.icon().bottom() - 1))
                    .append("\" text-anchor=\"middle\" font-size=\"8\" font-weight=\"700\" fill=\"#1f2933\">!</text>")
                    .append(text(f.label(), "font-size=\"10.5\" font-weight=\"700\" fill=\"#92400e\""))
                    .append("</g>");
        }
    }

    private static void notes(StringBuilder s, List<LaneNote> notes) {
        for (LaneNote n : notes) {
            boolean failure = n.marker().kind() == MarkerKind.FAILURE;
            s.append("<g class=\"tl-").append(failure ? "failure" : "note").append("\"><title>")
                    .append(Html.esc(n.marker().text())).append("</title><text x=\"").append(fmt(n.x())).append("\" y=\"")
                    .append(fmt(n.centerY() + 4)).append("\" font-size=\"10.5\" fill=\"")
                    .append(failure ? "#b91c1c" : "#3e4c59").append("\">").append(failure ? "✘ " : "ℹ ")
                    .append(Html.esc(truncate(n.marker().text(), 70))).append("</text></g>");
        }
    }

    /**
     * A label as SVG text on its baseline; a label left of its bar is anchored at its end, so the estimated width
     * never makes it run into the bar.
     */
    private static String text(Label l, String attributes) {
        boolean end = l.placement() == Placement.LEFT;
        return "<text x=\"" + fmt(end ? l.right() : l.x()) + "\" y=\"" + fmt(l.centerY() + 4) + "\" text-anchor=\""
                + (end ? "end" : "start") + "\" " + attributes + ">" + Html.esc(l.text()) + "</text>";
    }

    private static void legend(StringBuilder s, int y, String idPrefix) {
        s.append("<g class=\"tl-legend\" font-size=\"11\" fill=\"#1f2933\">");
        int x = 10;
        x = swatch(s, x, y, "#dcfce7", "#15803d", "", "2xx/3xx response");
        x = swatch(s, x, y, "#fef3c7", "#b45309", "", "421 Misdirected Request");
        x = swatch(s, x, y, "#fde8e8", "#b91c1c", "", "failed, no response");
        x = swatch(s, x, y, "#e5e7eb", "#4b5563", "", "other status");
        x = swatch(s, x, y, "#ffffff", "#1f2933", "4 2", "authority ≠ connection SNI (coalesced)");
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"22\" height=\"10\" fill=\"url(#")
                .append(Html.esc(idPrefix)).append("-hatch)\" stroke=\"#7b8794\"/><text x=\"").append(x + 28)
                .append("\" y=\"").append(y + 9).append("\">connect + TLS handshake</text>");
        int y2 = y + 22;
        s.append("<path d=\"M16,").append(y2 - 9).append(" l6,10 l-12,0 z\" fill=\"#f59e0b\" stroke=\"#92400e\"/>")
                .append("<text x=\"28\" y=\"").append(y2).append("\">421 marker</text>");
        s.append("<path d=\"M120,").append(y2 - 4).append(" l26,0\" stroke=\"#b45309\" stroke-width=\"1.5\" ")
                .append("stroke-dasharray=\"5 3\" marker-end=\"url(#").append(Html.esc(idPrefix)).append("-arrow)\"/>")
                .append("<text x=\"154\" y=\"").append(y2).append("\">↻ retry (hidden: the caller never saw the 421)</text>");
        s.append("<text x=\"470\" y=\"").append(y2).append("\">xN = exchange, #N = connection · lane tint: ⇄ coalesced connection</text>");
        s.append("</g>\n");
    }

    private static int swatch(StringBuilder s, int x, int y, String fill, String stroke, String dash, String text) {
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 1).append("\" width=\"22\" height=\"12\" rx=\"2\" fill=\"")
                .append(fill).append("\" stroke=\"").append(stroke).append('"');
        if (!dash.isEmpty()) {
            s.append(" stroke-width=\"2\" stroke-dasharray=\"").append(dash).append('"');
        }
        s.append("/><text x=\"").append(x + 28).append("\" y=\"").append(y + 9).append("\">").append(Html.esc(text))
                .append("</text>");
        return x + 28 + (int) (text.length() * CHAR_W) + 18;
    }

    static boolean sameHost(String sni, String authority) {
        return ConnectionTimeline.sameHost(sni, authority);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
