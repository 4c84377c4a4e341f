package dev.misdirect.cli;

import dev.misdirect.core.timeline.ConnectionTimeline;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link ConnectionTimeline} as plain text: one line per connection lane (SNI, peer, protocol, whether
 * it carried another authority's requests), then every request in the order it was sent with its connection,
 * authority and status, 421s and the client's hidden retries marked. Pure; used by {@code import} and
 * {@code replay}.
 */
public final class TimelineText {
    private TimelineText() {
    }

    /** The timeline as lines of text (no trailing newline on the last). */
    public static String render(ConnectionTimeline timeline) {
        return render(timeline, Optional.empty(), Optional.empty());
    }

    /**
     * The timeline as text, for a capture that cannot tell connections apart ({@code connectionsUnknown}: its lanes
     * are one per name, so no protocol or reuse is claimed for them) or cannot show a 421 the client retried by
     * itself ({@code retriedUnknown}: "no 421" is then not claimed), each with the reason.
     */
    public static String render(ConnectionTimeline timeline, Optional<String> connectionsUnknown,
                                Optional<String> retriedUnknown) {
        StringBuilder out = new StringBuilder();
        if (timeline.lanes().isEmpty() && timeline.bars().isEmpty()) {
            return "Timeline: empty (no connection or request recorded)";
        }
        if (connectionsUnknown.isPresent()) {
            out.append("Connections: unknown (").append(connectionsUnknown.get()).append(")\n");
            out.append("Lanes (").append(timeline.lanes().size()).append(", one per name, not connections)\n");
        } else {
            out.append("Connections (").append(timeline.lanes().size()).append(")\n");
        }
        for (ConnectionTimeline.Lane l : timeline.lanes()) {
            long carried = timeline.barsOn(l.connectionId()).size();
            if (connectionsUnknown.isPresent()) {
                out.append(String.format(Locale.ROOT, "  #%-3d %s, %d request%s%n", l.connectionId(), l.label(), carried,
                        carried == 1 ? "" : "s"));
                continue;
            }
            out.append(String.format(Locale.ROOT, "  #%-3d %s  %s%s, %d request%s%s%n", l.connectionId(), l.label(),
                    l.protocol(), l.tlsVersion().map(v -> " " + v).orElse(""), carried, carried == 1 ? "" : "s",
                    l.coalesced() ? "  [coalesced: carried another authority's requests]" : ""));
            timeline.markers().stream()
                    .filter(m -> m.kind() == ConnectionTimeline.MarkerKind.FAILURE && m.connectionId() == l.connectionId()
                            && m.exchangeId() == dev.misdirect.core.timeline.TimelineEvent.UNKNOWN)
                    .forEach(m -> out.append("        ✘ ").append(m.text()).append('\n'));
        }
        List<ConnectionTimeline.Bar> bars = timeline.bars().stream()
                .sorted(Comparator.comparingLong(ConnectionTimeline.Bar::startMicros)
                        .thenComparingInt(ConnectionTimeline.Bar::exchangeId)).toList();
        Map<Integer, Integer> retriedAs = new HashMap<>();
        for (ConnectionTimeline.Bar b : bars) {
            if (b.retryOf() >= 0) {
                retriedAs.put(b.retryOf(), b.exchangeId());
            }
        }
        out.append("Requests (").append(bars.size()).append(")\n");
        for (ConnectionTimeline.Bar b : bars) {
            String sni = timeline.lane(b.connectionId()).flatMap(ConnectionTimeline.Lane::sni).orElse("no SNI");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %9s  x%-3d step %-3d on #%-3d %s %s%s",
                    ms(b.startMicros()), b.exchangeId(), b.step() + 1, b.connectionId(), b.method(), b.authority(), b.path()));
            line.append("  → ").append(b.failed() ? "failed: " + b.error().orElse("") : b.status() == 0 ? "no response"
                    : String.valueOf(b.status()));
            if (b.misdirected()) {
                line.append("  [421 MISDIRECTED on a connection with SNI ").append(sni).append("]");
            }
            if (b.hidden()) {
                Integer retry = retriedAs.get(b.exchangeId());
                line.append("  [hidden: the client retried").append(retry == null ? "" : " as x" + retry).append("]");
            }
            if (b.retryOf() >= 0) {
                line.append("  [retry of x").append(b.retryOf()).append(", attempt ").append(b.attempt()).append("]");
            }
            out.append(line).append('\n');
        }
        long misdirected = timeline.misdirectedCount();
        long hidden = timeline.bars().stream().filter(ConnectionTimeline.Bar::hidden).count();
        if (retriedUnknown.isPresent()) {
            out.append(misdirected == 0 ? "421 Misdirected Request: none reached the page; any the browser retried by "
                    + "itself: unknown (" + retriedUnknown.get() + ")."
                    : misdirected + " × 421 Misdirected Request reached the page; any the browser retried by itself: "
                    + "unknown (" + retriedUnknown.get() + ").");
            return out.toString();
        }
        out.append(misdirected == 0 ? "No 421 Misdirected Request." : misdirected + " × 421 Misdirected Request"
                + (hidden > 0 ? ", " + hidden + " hidden by the client's retry." : "."));
        return out.toString();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "+%.1fms", micros / 1000.0);
    }
}
