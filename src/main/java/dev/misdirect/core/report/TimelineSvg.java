package dev.misdirect.core.report;

import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ConnectionTimeline.Marker;
import dev.misdirect.core.timeline.ConnectionTimeline.MarkerKind;
import dev.misdirect.core.timeline.TimelineEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a {@link ConnectionTimeline} as a self-contained inline SVG: one lane per connection labelled
 * {@code SNI → peer}, the handshake segment, one bar per exchange with its authority and status, 421 and
 * hidden-retry markers with text, and a legend. Every state is told by text or shape as well as colour.
 * Pure and thread-safe; every string from the timeline is escaped.
 */
public final class TimelineSvg {
    static final int WIDTH = 1100;
    private static final int LABEL_W = 270;
    private static final int PLOT_X = LABEL_W + 12;
    private static final int PLOT_W = WIDTH - PLOT_X - 24;
    private static final int AXIS_H = 30;
    private static final int ROW_H = 30;
    private static final int LANE_PAD = 12;
    private static final double CHAR_W = 6.3;
    private static final int MIN_BAR_W = 6;
    /** Up to this many exchanges every bar gets a readable label beside it. */
    static final int MAX_LABELLED_BARS = 60;

    private TimelineSvg() {
    }

    /**
     * The SVG element for {@code timeline}; {@code title} becomes its accessible name.
     *
     * @param idPrefix a prefix making the element ids unique when several charts share one page
     */
    public static String render(ConnectionTimeline timeline, String title, String idPrefix) {
        Scale scale = Scale.of(timeline);

        // lanes: every opened connection, plus any connection id referenced without one (failed connects)
        Map<Integer, LaneRow> rows = new LinkedHashMap<>();
        for (Lane l : timeline.lanes()) {
            rows.put(l.connectionId(), new LaneRow(l.connectionId(), Optional.of(l)));
        }
        for (Bar b : timeline.bars()) {
            rows.computeIfAbsent(b.connectionId(), id -> new LaneRow(id, Optional.empty()));
        }
        for (Marker m : timeline.markers()) {
            if (m.kind() == MarkerKind.FAILURE || m.kind() == MarkerKind.NOTE) {
                rows.computeIfAbsent(m.connectionId(), id -> new LaneRow(id, Optional.empty()));
            }
        }
        // pack bars of one lane into sub-rows so concurrent (multiplexed) exchanges do not overlap; in a large run
        // labels go inside bars only (their full text stays in the tooltip), or the chart would grow a row per bar
        boolean labelOutside = timeline.bars().size() <= MAX_LABELLED_BARS;
        for (Bar b : timeline.bars()) {
            LaneRow row = rows.get(b.connectionId());
            double x0 = scale.x(b.startMicros());
            double x1 = Math.max(x0 + MIN_BAR_W, scale.x(b.endMicros()));
            String label = barLabel(b) + (foreign(row, b) ? " ≠ SNI" : "");
            double textW = label.length() * CHAR_W;
            // the label goes inside the bar when it fits, else right of it, else (at the right edge) left of it
            double tx;
            String anchor = "start";
            if (x1 - x0 >= textW + 8 || !labelOutside) {
                tx = x0 + 4;
            } else if (x1 + 4 + textW <= WIDTH - 4) {
                tx = x1 + 4;
            } else {
                tx = x0 - 4;
                anchor = "end";
            }
            boolean inside = x1 - x0 >= textW + 8;
            double spanStart = !labelOutside ? x0 : Math.min(x0, "end".equals(anchor) ? tx - textW : tx);
            double spanEnd = !labelOutside ? x1 : Math.max(x1, "end".equals(anchor) ? tx : tx + textW);
            int sub = 0;
            while (sub < row.rowEnds.size() && row.rowEnds.get(sub) > spanStart - 4) {
                sub++;
            }
            if (sub == row.rowEnds.size()) {
                row.rowEnds.add(0.0);
            }
            // a bar's label reserves its width too, so a later bar on this sub-row never covers it
            row.rowEnds.set(sub, spanEnd);
            row.placed.add(new Placed(b, sub, x0, x1, labelOutside || inside ? label : "", tx, anchor));
        }
        int y = AXIS_H;
        for (LaneRow row : rows.values()) {
            row.y = y;
            row.height = Math.max(1, row.rowEnds.size()) * ROW_H + 2 * LANE_PAD + 14;
            y += row.height;
        }
        int legendY = y + 18;
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

        axis(s, scale, y);
        for (LaneRow row : rows.values()) {
            lane(s, row, scale, idPrefix);
        }
        retries(s, timeline, rows, idPrefix);
        markers(s, timeline, rows, scale);
        legend(s, legendY, idPrefix);
        s.append("</svg>");
        return s.toString();
    }

    private static String barLabel(Bar b) {
        String status = b.failed() ? "failed" : b.status() == 0 ? "no response" : Integer.toString(b.status());
        return "#" + b.exchangeId() + " " + b.method() + " " + b.authority() + " → " + status;
    }

    private static void axis(StringBuilder s, Scale scale, int bottom) {
        long step = niceStep(scale.span());
        s.append("<g class=\"tl-axis\">");
        s.append("<line x1=\"").append(PLOT_X).append("\" y1=\"").append(AXIS_H - 6).append("\" x2=\"")
                .append(PLOT_X + PLOT_W).append("\" y2=\"").append(AXIS_H - 6).append("\" stroke=\"#9aa5b1\"/>");
        for (long t = (scale.t0() + step - 1) / step * step; t <= scale.end(); t += step) {
            double x = scale.x(t);
            s.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(AXIS_H - 10).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"#e3e8ee\"/>");
            s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(AXIS_H - 14)
                    .append("\" text-anchor=\"").append(x - PLOT_X < 20 ? "start" : "middle")
                    .append("\" font-size=\"10\" fill=\"#52606d\">").append(Html.esc(time(t, step)))
                    .append("</text>");
        }
        s.append("<text x=\"10\" y=\"").append(AXIS_H - 14)
                .append("\" font-size=\"10\" font-weight=\"600\" fill=\"#52606d\">connection (SNI → peer)</text>");
        s.append("</g>\n");
    }

    private static void lane(StringBuilder s, LaneRow row, Scale scale, String idPrefix) {
        int y = row.y;
        s.append("<g class=\"tl-lane\">");
        s.append("<rect x=\"0\" y=\"").append(y + 2).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(row.height - 4).append("\" fill=\"").append(row.lane.map(Lane::coalesced).orElse(false)
                        ? "#fff7ed" : "#f7f9fb").append("\" rx=\"4\"/>");
        String label = row.lane.map(l -> "#" + l.connectionId() + "  " + l.label())
                .orElse(row.connectionId == TimelineEvent.UNKNOWN ? "(no connection)"
                        : "#" + row.connectionId + "  (not established)");
        String sub = row.lane.map(TimelineSvg::laneDetails).orElse("no connection was established");
        s.append("<text x=\"10\" y=\"").append(y + LANE_PAD + 12).append("\" font-size=\"12\" font-weight=\"600\" ")
                .append("fill=\"#1f2933\"><title>").append(Html.esc(label)).append("</title>")
                .append(Html.esc(truncate(label, 40))).append("</text>");
        s.append("<text x=\"10\" y=\"").append(y + LANE_PAD + 28).append("\" font-size=\"10.5\" fill=\"#52606d\">")
                .append(Html.esc(truncate(sub, 46))).append("</text>");
        row.lane.ifPresent(l -> {
            if (l.tlsEndMicros() > 0 || l.connectStartMicros() > 0) {
                double x0 = scale.x(Math.max(0, l.connectStartMicros()));
                double x1 = Math.max(x0 + 3, scale.x(Math.max(l.tlsEndMicros(), l.connectStartMicros())));
                int hy = y + LANE_PAD + 4;
                s.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(hy).append("\" width=\"")
                        .append(fmt(x1 - x0)).append("\" height=\"10\" fill=\"url(#").append(Html.esc(idPrefix))
                        .append("-hatch)\" stroke=\"#7b8794\" stroke-width=\"0.8\"><title>")
                        .append(Html.esc("connect + TLS handshake, " + time(l.tlsEndMicros() - l.connectStartMicros(), 1)
                                + l.tlsVersion().map(v -> " (" + v + ")").orElse("")
                                + l.peerCertificate().map(c -> "; certificate " + c).orElse("")))
                        .append("</title></rect>");
                if (x1 - x0 > 40) {
                    s.append("<text x=\"").append(fmt(x0 + 3)).append("\" y=\"").append(hy - 2)
                            .append("\" font-size=\"9\" fill=\"#52606d\">handshake</text>");
                }
            }
            // the connection's open span continues the handshake segment as a thin line up to its close
            double openX = scale.x(Math.max(0, Math.max(l.tlsEndMicros(), l.connectStartMicros())));
            double closeX = scale.x(Math.max(l.closedMicros(), l.tlsEndMicros()));
            int ly = y + LANE_PAD + 9;
            s.append("<line x1=\"").append(fmt(openX)).append("\" y1=\"").append(ly).append("\" x2=\"").append(fmt(closeX))
                    .append("\" y2=\"").append(ly).append("\" stroke=\"#7b8794\" stroke-width=\"2\"><title>")
                    .append(Html.esc("connection #" + l.connectionId() + " open until " + time(l.closedMicros(), 1)))
                    .append("</title></line>");
        });
        for (Placed p : row.placed) {
            bar(s, row, p);
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

    private static void bar(StringBuilder s, LaneRow row, Placed p) {
        Bar b = p.bar;
        int by = barY(row, p.sub);
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
        boolean foreign = foreign(row, b);
        StringBuilder tip = new StringBuilder(barLabel(b));
        tip.append(" (step ").append(b.step() + 1).append(", attempt ").append(b.attempt()).append(", ")
                .append(time(b.endMicros() - b.startMicros(), 1)).append(')');
        if (foreign) {
            tip.append("; authority differs from the connection's SNI");
        }
        if (b.hidden()) {
            tip.append("; the client retried this 421 without telling its caller");
        }
        b.error().ifPresent(e -> tip.append("; ").append(e));
        b.server().ifPresent(v -> tip.append("; server saw SNI ").append(v.sni().orElse("(none)"))
                .append(", authority ").append(v.authority()).append(", answered ").append(v.status())
                .append(v.reason().isEmpty() ? "" : ": " + v.reason()));
        s.append("<g class=\"tl-bar\"><title>").append(Html.esc(tip.toString())).append("</title>");
        s.append("<rect x=\"").append(fmt(p.x0)).append("\" y=\"").append(by).append("\" width=\"").append(fmt(p.x1 - p.x0))
                .append("\" height=\"18\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(foreign ? "2\" stroke-dasharray=\"4 2" : "1.2").append("\"/>");
        if (!p.label.isEmpty()) {
            s.append("<text x=\"").append(fmt(p.textX)).append("\" y=\"").append(by + 13).append("\" text-anchor=\"")
                    .append(p.anchor).append("\" font-size=\"11\" fill=\"#1f2933\">").append(Html.esc(p.label))
                    .append("</text>");
        }
        s.append("</g>");
    }

    private static boolean foreign(LaneRow row, Bar b) {
        return row.lane.flatMap(Lane::sni).map(sni -> !sameHost(sni, b.authority())).orElse(false);
    }

    private static int barY(LaneRow row, int sub) {
        return row.y + LANE_PAD + 18 + sub * ROW_H;
    }

    private static void retries(StringBuilder s, ConnectionTimeline t, Map<Integer, LaneRow> rows, String idPrefix) {
        Map<Integer, Placed> byExchange = new LinkedHashMap<>();
        Map<Integer, LaneRow> rowOf = new LinkedHashMap<>();
        for (LaneRow r : rows.values()) {
            for (Placed p : r.placed) {
                byExchange.put(p.bar.exchangeId(), p);
                rowOf.put(p.bar.exchangeId(), r);
            }
        }
        for (Bar b : t.bars()) {
            if (b.retryOf() == TimelineEvent.UNKNOWN || !byExchange.containsKey(b.retryOf())) {
                continue;
            }
            Placed from = byExchange.get(b.retryOf());
            Placed to = byExchange.get(b.exchangeId());
            double x1 = from.x1;
            double y1 = barY(rowOf.get(b.retryOf()), from.sub) + 18;
            double x2 = to.x0;
            double y2 = barY(rowOf.get(b.exchangeId()), to.sub);
            if (y2 <= y1) {
                y2 += 18;
                y1 -= 18;
            }
            double mx = Math.max(x1, x2) + 14;
            s.append("<g class=\"tl-retry\"><title>").append(Html.esc("exchange #" + b.exchangeId() + " retries #"
                    + b.retryOf() + (from.bar.hidden() ? " (hidden from the caller)" : ""))).append("</title>");
            s.append("<path d=\"M").append(fmt(x1)).append(',').append(fmt(y1)).append(" C").append(fmt(mx)).append(',')
                    .append(fmt(y1)).append(' ').append(fmt(mx)).append(',').append(fmt(y2)).append(' ').append(fmt(x2))
                    .append(',').append(fmt(y2)).append("\" fill=\"none\" stroke=\"#b45309\" stroke-width=\"1.5\" ")
                    .append("stroke-dasharray=\"5 3\" marker-end=\"url(#").append(Html.esc(idPrefix)).append("-arrow)\"/>");
            s.append(label(mx + 4, Math.min(x1, x2) - 6, (y1 + y2) / 2 + 4, from.bar.hidden() ? "↻ hidden retry" : "↻ retry",
                    "font-size=\"10.5\" font-weight=\"600\" fill=\"#92400e\"")).append("</g>");
        }
    }

    private static void markers(StringBuilder s, ConnectionTimeline t, Map<Integer, LaneRow> rows, Scale scale) {
        Map<Integer, Placed> byExchange = new LinkedHashMap<>();
        Map<Integer, LaneRow> rowOf = new LinkedHashMap<>();
        for (LaneRow r : rows.values()) {
            for (Placed p : r.placed) {
                byExchange.put(p.bar.exchangeId(), p);
                rowOf.put(p.bar.exchangeId(), r);
            }
        }
        for (Marker m : t.markers()) {
            double x = scale.x(m.atMicros());
            if (m.kind() == MarkerKind.MISDIRECTED && byExchange.containsKey(m.exchangeId())) {
                Placed p = byExchange.get(m.exchangeId());
                int by = barY(rowOf.get(m.exchangeId()), p.sub);
                double mx = p.x1;
                s.append("<g class=\"tl-421\"><title>").append(Html.esc(m.text())).append("</title>")
                        .append("<path d=\"M").append(fmt(mx)).append(',').append(by - 11).append(" l6,10 l-12,0 z\" ")
                        .append("fill=\"#f59e0b\" stroke=\"#92400e\" stroke-width=\"1\"/>")
                        .append("<text x=\"").append(fmt(mx)).append("\" y=\"").append(by - 2)
                        .append("\" text-anchor=\"middle\" font-size=\"8\" font-weight=\"700\" fill=\"#1f2933\">!</text>")
                        .append(label(mx + 9, mx - 9, by - 2, p.bar.hidden() ? "421 misdirected (hidden)" : "421 misdirected",
                                "font-size=\"10.5\" font-weight=\"700\" fill=\"#92400e\""))
                        .append("</g>");
            } else if (m.kind() == MarkerKind.FAILURE || m.kind() == MarkerKind.NOTE) {
                LaneRow row = rows.get(m.connectionId());
                if (row == null) {
                    continue;
                }
                boolean failure = m.kind() == MarkerKind.FAILURE;
                if (failure && byExchange.containsKey(m.exchangeId())) {
                    continue; // the failed bar already says it
                }
                int my = row.y + row.height - 8;
                s.append("<g class=\"tl-").append(failure ? "failure" : "note").append("\"><title>")
                        .append(Html.esc(m.text())).append("</title><text x=\"").append(fmt(x)).append("\" y=\"")
                        .append(my).append("\" font-size=\"10.5\" fill=\"").append(failure ? "#b91c1c" : "#3e4c59")
                        .append("\">").append(failure ? "✘ " : "ℹ ").append(Html.esc(truncate(m.text(), 70)))
                        .append("</text></g>");
            }
        }
    }

    /**
     * A text starting at {@code x}, or, when it would run past the right edge, ending at {@code xEnd}
     * (so marker labels near the end of a run stay inside the chart).
     */
    private static String label(double x, double xEnd, double y, String text, String attributes) {
        boolean fits = x + text.length() * CHAR_W <= WIDTH - 4;
        return "<text x=\"" + fmt(fits ? x : xEnd) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + (fits ? "start" : "end")
                + "\" " + attributes + ">" + Html.esc(text) + "</text>";
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
        s.append("<text x=\"470\" y=\"").append(y2).append("\">#n = exchange number · lane tint: ⇄ coalesced connection</text>");
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

    static long niceStep(long end) {
        long target = Math.max(1, end / 8);
        long pow = 1;
        while (pow * 10 <= target) {
            pow *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (pow * m >= target) {
                return pow * m;
            }
        }
        return pow * 10;
    }

    /** A duration in the unit that suits {@code step}: µs, ms or s. */
    static String time(long micros, long step) {
        if (step >= 1_000_000 || micros >= 10_000_000) {
            return trim(micros / 1_000_000.0) + " s";
        }
        if (step >= 1000 || micros >= 1000) {
            return trim(micros / 1000.0) + " ms";
        }
        return micros + " µs";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Maps run time to x: the chart starts at the first thing drawn, not at the run's start. */
    private record Scale(long t0, long end, double k) {
        static Scale of(ConnectionTimeline t) {
            long first = Long.MAX_VALUE;
            for (Lane l : t.lanes()) {
                first = Math.min(first, Math.max(0, l.connectStartMicros()));
            }
            for (Bar b : t.bars()) {
                first = Math.min(first, b.startMicros());
            }
            for (Marker m : t.markers()) {
                first = Math.min(first, m.atMicros());
            }
            long end = Math.max(1, t.endMicros());
            first = first == Long.MAX_VALUE ? 0 : Math.min(first, end - 1);
            long pad = (end - first) / 50;
            long t0 = Math.max(0, first - pad);
            return new Scale(t0, end, PLOT_W / (double) Math.max(1, end - t0));
        }

        double x(long micros) {
            return PLOT_X + (micros - t0) * k;
        }

        long span() {
            return end - t0;
        }
    }

    private static final class LaneRow {
        final int connectionId;
        final Optional<Lane> lane;
        final List<Double> rowEnds = new ArrayList<>();
        final List<Placed> placed = new ArrayList<>();
        int y;
        int height;

        LaneRow(int connectionId, Optional<Lane> lane) {
            this.connectionId = connectionId;
            this.lane = lane;
        }
    }

    private record Placed(Bar bar, int sub, double x0, double x1, String label, double textX, String anchor) {
    }
}
