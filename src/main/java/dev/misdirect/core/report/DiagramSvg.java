package dev.misdirect.core.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link ScenarioDiagram} as inline SVG: boxes in columns, arrows with labels; the misdirected path is
 * dashed and says so in words. Pure and thread-safe; every string is escaped.
 */
public final class DiagramSvg {
    private static final int WIDTH = 1100;
    private static final int BOX_W = 200;
    private static final int LINE_H = 15;

    private DiagramSvg() {
    }

    public static String render(ScenarioDiagram d) {
        int columns = d.boxes().stream().mapToInt(ScenarioDiagram.Box::column).max().orElse(0) + 1;
        double colStep = columns <= 1 ? 0 : (WIDTH - BOX_W - 20) / (double) (columns - 1);
        Map<String, double[]> pos = new HashMap<>();
        Map<String, List<String>> lines = new HashMap<>();
        int[] colY = new int[columns];
        java.util.Arrays.fill(colY, 16);
        for (ScenarioDiagram.Box b : d.boxes()) {
            int c = Math.max(0, b.column());
            List<String> wrapped = new java.util.ArrayList<>();
            b.detail().forEach(line -> wrapped.addAll(wrap(line, 30)));
            lines.put(b.id(), wrapped);
            int h = 30 + wrapped.size() * LINE_H;
            double x = 10 + c * colStep;
            pos.put(b.id(), new double[] {x, colY[c], h});
            colY[c] += h + 44;
        }
        int height = java.util.Arrays.stream(colY).max().orElse(60) - 24;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(d.title())).append("\">");
        s.append("<title>").append(Html.esc(d.title())).append("</title>");
        s.append("<defs><marker id=\"dg-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334e68\"/></marker>")
                .append("<marker id=\"dg-arrow-bad\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b45309\"/></marker></defs>");
        Map<String, Integer> pairCount = new HashMap<>();
        for (ScenarioDiagram.Arrow a : d.arrows()) {
            pairCount.merge(pairKey(a), 1, Integer::sum);
        }
        Map<String, Integer> pairSeen = new HashMap<>();
        for (ScenarioDiagram.Arrow a : d.arrows()) {
            double[] f = pos.get(a.from());
            double[] t = pos.get(a.to());
            if (f == null || t == null) {
                continue;
            }
            boolean forward = t[0] >= f[0];
            double x1 = forward ? f[0] + BOX_W : f[0];
            double x2 = forward ? t[0] : t[0] + BOX_W;
            if (Math.abs(t[0] - f[0]) < 1) {
                x1 = f[0] + BOX_W / 2.0;
                x2 = x1;
            }
            // arrows between the same two boxes are spread apart so their labels do not overlap
            int n = pairCount.get(pairKey(a));
            int k = pairSeen.merge(pairKey(a), 1, Integer::sum) - 1;
            double spread = (k - (n - 1) / 2.0) * 22;
            double y1 = f[1] + f[2] / 2 + spread;
            double y2 = t[1] + t[2] / 2 + spread;
            String colour = a.problem() ? "#b45309" : "#334e68";
            s.append("<g><title>").append(Html.esc(a.label())).append("</title><line x1=\"").append(fmt(x1)).append("\" y1=\"")
                    .append(fmt(y1)).append("\" x2=\"").append(fmt(x2)).append("\" y2=\"").append(fmt(y2))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\"")
                    .append(a.problem() ? " stroke-dasharray=\"6 3\"" : "").append(" marker-end=\"url(#dg-arrow")
                    .append(a.problem() ? "-bad" : "").append(")\"/>");
            double lx = (x1 + x2) / 2;
            double ly = (y1 + y2) / 2 - 5;
            s.append("<text x=\"").append(fmt(lx)).append("\" y=\"").append(fmt(ly))
                    .append("\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"").append(a.problem() ? "#92400e" : "#334e68")
                    .append("\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">")
                    .append(Html.esc((a.problem() ? "⚠ " : "") + a.label())).append("</text></g>");
        }
        for (ScenarioDiagram.Box b : d.boxes()) {
            double[] p = pos.get(b.id());
            s.append("<g><rect x=\"").append(fmt(p[0])).append("\" y=\"").append(fmt(p[1])).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(fmt(p[2])).append("\" rx=\"6\" fill=\"#f5f7fa\" stroke=\"#334e68\"/>");
            s.append("<text x=\"").append(fmt(p[0] + 10)).append("\" y=\"").append(fmt(p[1] + 19))
                    .append("\" font-size=\"12.5\" font-weight=\"700\" fill=\"#1f2933\">").append(Html.esc(b.label()))
                    .append("</text>");
            List<String> detail = lines.get(b.id());
            for (int i = 0; i < detail.size(); i++) {
                s.append("<text x=\"").append(fmt(p[0] + 10)).append("\" y=\"").append(fmt(p[1] + 36 + i * LINE_H))
                        .append("\" font-size=\"10.5\" fill=\"#52606d\">").append(Html.esc(detail.get(i))).append("</text>");
            }
            s.append("</g>");
        }
        s.append("</svg>");
        return s.toString();
    }

    private static String pairKey(ScenarioDiagram.Arrow a) {
        return a.from().compareTo(a.to()) <= 0 ? a.from() + "\u0000" + a.to() : a.to() + "\u0000" + a.from();
    }

    /** Splits {@code text} at spaces into lines of at most {@code width} characters (longer words stay whole). */
    static List<String> wrap(String text, int width) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
