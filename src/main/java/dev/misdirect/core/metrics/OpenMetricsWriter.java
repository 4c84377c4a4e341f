package dev.misdirect.core.metrics;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metric families as text: OpenMetrics 1.0 ({@code # TYPE}, {@code # UNIT}, {@code # HELP}, samples, the
 * closing {@code # EOF}), or Prometheus's older text format 0.0.4 for scrapers that do not ask for OpenMetrics. Both
 * are read by Prometheus; a file of gauges in the OpenMetrics form is read by node_exporter's textfile collector too.
 *
 * <p>Names are checked as they are written: a metric or label name that the formats do not allow, a unit the
 * family's name does not end with, a counter named with {@code _total}, a family written twice or a sample whose
 * label set repeats throws {@link IllegalArgumentException}. Label values and help texts are escaped. Not
 * thread-safe: one writer per exposition.
 */
public final class OpenMetricsWriter {
    /** The two text formats, with the content type each is served as. */
    public enum Format {
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /** OpenMetrics when the HTTP {@code Accept} header names it (as Prometheus's scrapes do), else the 0.0.4 text. */
        public static Format forAccept(String accept) {
            return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                    ? OPENMETRICS : PROMETHEUS_TEXT;
        }
    }

    /** The metric types written here. */
    public enum Type {
        GAUGE, COUNTER, SUMMARY;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9_]*");

    private final Format format;
    private final StringBuilder out = new StringBuilder();
    private final Set<String> families = new HashSet<>();
    private boolean finished;

    public OpenMetricsWriter(Format format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public Format format() {
        return format;
    }

    /**
     * Starts a family: writes its type, unit (OpenMetrics only; empty for none) and help lines.
     *
     * @param name a counter's name without {@code _total}; a name with a unit ends with {@code _UNIT}
     */
    public Family family(String name, Type type, String unit, String help) {
        if (finished) {
            throw new IllegalStateException("the exposition is finished");
        }
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a metric name");
        }
        if (!unit.isEmpty() && (!UNIT.matcher(unit).matches() || !name.endsWith("_" + unit))) {
            throw new IllegalArgumentException("metric " + name + " must end with its unit _" + unit);
        }
        if (type == Type.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + ": name the family without _total");
        }
        if (!families.add(name)) {
            throw new IllegalArgumentException("metric family " + name + " is written twice");
        }
        // the 0.0.4 format types a counter by its sample's name; OpenMetrics by the family's
        String typed = format == Format.PROMETHEUS_TEXT && type == Type.COUNTER ? name + "_total" : name;
        out.append("# TYPE ").append(typed).append(' ').append(type.word()).append('\n');
        if (format == Format.OPENMETRICS && !unit.isEmpty()) {
            out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
        }
        out.append("# HELP ").append(typed).append(' ').append(escape(help, false)).append('\n');
        return new Family(name, type);
    }

    /** The exposition: with {@code # EOF} at the end in OpenMetrics. Nothing may be written after. */
    public String finish() {
        if (!finished && format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        finished = true;
        return out.toString();
    }

    /** One metric family's samples. */
    public final class Family {
        private final String name;
        private final Type type;
        private final Set<String> written = new HashSet<>();

        private Family(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        /** A gauge's sample, or a counter's {@code _total}. */
        public Family sample(Map<String, String> labels, double value) {
            if (type == Type.SUMMARY) {
                throw new IllegalArgumentException("summary " + name + ": write its _count and _sum");
            }
            return line(type == Type.COUNTER ? "_total" : "", labels, value);
        }

        /** A summary's count and sum. */
        public Family summary(Map<String, String> labels, long count, double sum) {
            if (type != Type.SUMMARY) {
                throw new IllegalArgumentException(name + " is not a summary");
            }
            line("_count", labels, count);
            return line("_sum", labels, sum);
        }

        private Family line(String suffix, Map<String, String> labels, double value) {
            if (finished) {
                throw new IllegalStateException("the exposition is finished");
            }
            StringBuilder line = new StringBuilder(name).append(suffix);
            if (!labels.isEmpty()) {
                line.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : new LinkedHashMap<>(labels).entrySet()) {
                    if (!LABEL_NAME.matcher(l.getKey()).matches() || l.getKey().startsWith("__")) {
                        throw new IllegalArgumentException("metric " + name + ": '" + l.getKey() + "' is not a label name");
                    }
                    line.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue(), true))
                            .append('"');
                    first = false;
                }
                line.append('}');
            }
            if (!written.add(line.toString())) {
                throw new IllegalArgumentException("metric " + name + ": the sample " + line + " is written twice");
            }
            out.append(line).append(' ').append(number(value)).append('\n');
            return this;
        }
    }

    /** Escapes a label value or help text: backslash and line feed always, the double quote where the format does. */
    private String escape(String s, boolean labelValue) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '"' -> b.append(labelValue || format == Format.OPENMETRICS ? "\\\"" : "\"");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
